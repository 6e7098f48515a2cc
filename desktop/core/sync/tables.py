"""Which tables travel in a package, discovered from the SQLModel metadata (conventions in sync/__init__.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from desktop.core.models.base import SYNC_COLUMNS

OWNERS = ("township", "district", "shared", "local")
ALWAYS_LOCAL_COLUMNS = frozenset({"password_hash"})
UP, DOWN = "up", "down"


@dataclass(frozen=True)
class SyncTable:
    """One synced table and what may leave the PC from it."""

    name: str
    table: Table
    owner: str
    columns: tuple[str, ...]  # every column that may travel (local columns removed)
    sensitive: bool
    sensitive_columns: tuple[str, ...]
    blob_dir: str | None
    label: str
    package: str = "ordinary"  # "cases": only in the separate sensitive package (services/cases/package.py)

    def travels(self, direction: str) -> bool:
        """True when this table's rows go in packages of `direction` (UP township→district, DOWN back)."""
        if self.owner == "shared":
            return True
        return self.owner == ("township" if direction == UP else "district")

    def export_columns(self, include_sensitive: bool) -> tuple[str, ...]:
        if include_sensitive:
            return self.columns
        return tuple(c for c in self.columns if c not in self.sensitive_columns)


def _models_by_table() -> dict[str, type]:
    from sqlmodel import SQLModel

    out = {}
    for mapper in SQLModel._sa_registry.mappers:
        table = getattr(mapper.class_, "__table__", None)
        if table is not None:
            out[table.name] = mapper.class_
    return out


def synced_tables(direction: str | None = None, metadata=None) -> list[SyncTable]:
    """Every table carrying the sync columns and not `__sync__ = "local"`, parents before children.

    With `direction`, only the tables that travel that way.
    """
    from desktop.core.models import load_all

    metadata = metadata or load_all()
    models = _models_by_table()
    out = []
    for table in metadata.sorted_tables:
        if not set(SYNC_COLUMNS) <= set(table.c.keys()):
            continue
        model = models.get(table.name)
        st = _describe(table, model)
        if st.owner != "local" and (direction is None or st.travels(direction)):
            out.append(st)
    return out


def _describe(table: Table, model) -> SyncTable:
    owner = getattr(model, "__sync__", "township")
    if owner not in OWNERS:
        raise ValueError(f"{table.name}: __sync__ = {owner!r}")
    local = ALWAYS_LOCAL_COLUMNS | set(getattr(model, "__local_columns__", ()))
    columns = tuple(c for c in table.c.keys() if c not in local)
    sensitive_cols = tuple(c for c in getattr(model, "__sensitive_columns__", ()) if c in columns)
    blob_dir = getattr(model, "__blob_dir__", None) if "sha256" in table.c else None
    label = getattr(model, "__label__", None) or TABLE_LABELS.get(table.name, table.name)
    return SyncTable(table.name, table, owner, columns, bool(getattr(model, "__sensitive__", False)),
                     sensitive_cols, blob_dir, label, getattr(model, "__sync_package__", "ordinary"))


def by_name(direction: str | None = None) -> dict[str, SyncTable]:
    return {t.name: t for t in synced_tables(direction)}


# Chinese names for the report; a model may set `__label__` instead.
TABLE_LABELS = {
    "org_profile": "单位信息",
    "app_user": "用户",
    "unit": "单位",
    "person": "人员",
    "person_post": "任职经历",
    "dispatch_task": "派单任务",
    "task_report": "派单进展",
    "supervision_matter": "监督事项",
    "matter": "监督事项",
    "problem": "问题",
    "rectification": "整改",
    "talk": "谈话记录",
    "talk_record": "谈话记录",
    "checklist": "清单",
    "checklist_item": "清单事项",
    "inspection": "检查",
    "inspection_item": "检查结果",
    "document": "文书",
    "attachment": "附件",
    "problem_type": "问题分类目录",
    "problem_person": "问题责任人",
    "problem_deadline": "整改期限",
    "problem_milestone": "整改节点",
    "problem_feedback": "整改反馈",
    "problem_event": "问题处理记录",
    "inspection_plan": "检查计划",
    "inspection_unit": "检查对象",
    "matter_unit": "事项单位",
    "document_file": "文书文件",
    "document_link": "文书关联",
    "receipt": "回执",
}
