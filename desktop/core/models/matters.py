"""Supervision matters: the rows of the master ledger 监督台账 (DOMAIN §3.1 SupervisionMatter, §8.1)."""

from __future__ import annotations

from sqlmodel import Field

from desktop.core.models.base import SyncColumns

MATTER_SOURCES = ("上级部署", "派单", "共性清单", "个性清单", "专项", "信访", "巡察/审计移交", "自主")
MATTER_CATEGORIES = ("政治", "日常", "专项")
MATTER_STATUSES = ("计划中", "进行中", "已完成", "已取消")
MATTER_METHODS = ("听取汇报", "查阅资料", "实地查看", "走访群众", "入户核实", "座谈", "暗访", "四不两直")


class SupervisionMatter(SyncColumns, table=True):
    """One supervision matter. Counts of problems found/rectified are derived from problem.matter_id."""

    __tablename__ = "supervision_matter"
    title: str
    source: str
    category: str
    basis_doc: str | None = None  # 依据文件（文号）
    source_ref: str | None = Field(default=None, index=True)  # upper-level task id (派单 from the district)
    lead_user_id: str | None = Field(default=None, foreign_key="app_user.id")
    lead_name: str | None = None  # 责任人: the user's name, or a free name
    plan_start: str | None = None
    plan_due: str | None = Field(default=None, index=True)
    status: str = "计划中"
    focus: str | None = None  # 监督重点
    method: str | None = None  # 监督方式 (、-separated)
    summary: str | None = None  # 开展情况
    note: str | None = None  # 备注


class MatterUnit(SyncColumns, table=True):
    """A target unit (监督对象) of a matter."""

    __tablename__ = "matter_unit"
    matter_id: str = Field(foreign_key="supervision_matter.id", index=True)
    unit_id: str = Field(foreign_key="unit.id", index=True)
