"""Village checks (DOMAIN §3.1 Checklist, ChecklistItem, Inspection): the 两清单, inspections and their plan.

Ownership for the USB exchange (`__sync__`): checklist and checklist_item are "shared" — each row belongs to its
`origin_site`, so a 共性化 list published by the district arrives with the district's site code and stays the
district's (the township cannot edit it: services.checks.checklists.is_district_owned), while the township's own 个性化
lists go up. A whole-table "district" marker would wrongly hand the local 个性 lists to the district. Inspections
and plans are township rows (default).
"""

from __future__ import annotations

from sqlmodel import Field

from desktop.core.models.base import SyncColumns

KINDS = ("共性化", "个性化")
LIST_STATUSES = ("草稿", "执行中", "已废止")
ITEM_STATUSES = ("在用", "已停用")
RESULTS = ("符合", "不符合", "不适用")
INSPECTION_STATUSES = ("草稿", "已完成")
METHODS = ("听取汇报", "查阅资料", "实地查看", "走访群众", "入户核实", "座谈", "暗访", "四不两直")
FREQUENCIES = ("每月", "每季度", "每半年", "每年", "随时（逐事）")


class Checklist(SyncColumns, table=True):
    """One checklist (a 共性化 list from the district or a local 个性化 list) for a year."""

    __tablename__ = "checklist"
    __sync__ = "shared"  # issue 7: each side sends the rows it owns (district 共性化 down, township 个性化 up)
    kind: str
    year: int
    title: str
    source_doc: str | None = None
    issued_by: str | None = None
    status: str = "执行中"
    read_only: bool = False
    note: str | None = None


class ChecklistItem(SyncColumns, table=True):
    """One version of a checklist item. Editing writes a new version with the same `lineage_id`;
    only one version per lineage is `is_current`. Inspections point at the exact version they used."""

    __tablename__ = "checklist_item"
    __sync__ = "shared"
    checklist_id: str = Field(foreign_key="checklist.id", index=True)
    lineage_id: str = Field(index=True)
    version: int = 1
    is_current: bool = True
    status: str = "在用"
    code: str
    category: str
    subject: str
    check_points: str  # one check point per line
    basis: str | None = None
    method_hint: str | None = None
    frequency: str | None = None
    applies_to: str | None = None  # unit types joined by '、'; empty = all
    weight: float | None = None
    problem_type: str | None = None  # the problem type proposed when this item fails (§4.13)
    sort_order: int = 0


class Inspection(SyncColumns, table=True):
    """A check of one or more units (村居检查). status 草稿 until completed."""

    __tablename__ = "inspection"
    title: str
    date: str = Field(index=True)
    matter_id: str | None = None
    inspectors: str  # names joined by '、'
    methods: str  # METHODS joined by '、'
    people_contacted: int | None = None  # 走访群众/入户核实：人次
    contacted_note: str | None = None
    summary: str | None = None
    status: str = "草稿"
    completed_at: str | None = None
    households_contacted: int | None = None  # 走访群众/入户核实：户 (migration 0011)


class InspectionUnit(SyncColumns, table=True):
    __tablename__ = "inspection_unit"
    inspection_id: str = Field(foreign_key="inspection.id", index=True)
    unit_id: str = Field(foreign_key="unit.id", index=True)


class InspectionItem(SyncColumns, table=True):
    """One checked item of an inspection, with a snapshot of the item version used (never changes later)."""

    __tablename__ = "inspection_item"
    inspection_id: str = Field(foreign_key="inspection.id", index=True)
    item_id: str = Field(foreign_key="checklist_item.id", index=True)
    seq: int
    code: str
    category: str
    subject: str
    check_points: str
    weight: float = 1.0
    problem_type: str | None = None
    result: str | None = None
    note: str | None = None
    unit_id: str | None = Field(default=None, foreign_key="unit.id", index=True)
    problem_id: str | None = None


class InspectionPlan(SyncColumns, table=True):
    """A planned check of a unit in a period ('2026Q3', '2026-09'), with the staff assigned."""

    __tablename__ = "inspection_plan"
    period: str = Field(index=True)
    unit_id: str = Field(foreign_key="unit.id", index=True)
    due_date: str | None = None
    assignees: str | None = None
    rule: str | None = None
    note: str | None = None
