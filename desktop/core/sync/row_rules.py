"""Checking every incoming package row by the rules local entry obeys, before anything is written.

The rules are the services' own: the choice lists the forms and services accept (the constants in
desktop/core/models, which the services check against), the date rule of the problem ledger
(`problem_rules.as_date`), and the schema's required columns and types. A row that breaks one makes the whole
package refused, naming the row (see importer._plan_table).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

from sqlalchemy import Boolean, Float, Integer, Numeric, String
from sqlalchemy.types import TypeDecorator

from desktop.core.errors import ValidationError
from desktop.core.sync.tables import SyncTable


def _choices() -> dict[tuple[str, str], tuple[str, ...]]:
    from desktop.core.models import attachments, checks, documents, matters, problems, sync, talks, users
    from desktop.core.models.registry import UNIT_TYPES

    return {
        ("problem", "status"): problems.STATUSES, ("problem", "source"): problems.SOURCES,
        ("problem", "handling"): problems.HANDLINGS, ("problem", "severity"): problems.SEVERITIES,
        ("problem_person", "role"): problems.PERSON_ROLES, ("problem_type", "kind"): problems.CATALOGUE_KINDS,
        ("supervision_matter", "status"): matters.MATTER_STATUSES,
        ("supervision_matter", "source"): matters.MATTER_SOURCES,
        ("supervision_matter", "category"): matters.MATTER_CATEGORIES,
        ("checklist", "kind"): checks.KINDS, ("checklist", "status"): checks.LIST_STATUSES,
        ("checklist_item", "status"): checks.ITEM_STATUSES, ("inspection", "status"): checks.INSPECTION_STATUSES,
        ("document", "status"): documents.DOC_STATUSES, ("document_link", "target_type"): documents.LINK_TYPES,
        ("receipt", "kind"): documents.RECEIPT_KINDS, ("task_report", "status"): sync.TASK_STATUSES,
        ("talk_record", "kind"): talks.TALK_KINDS, ("app_user", "role"): users.USER_ROLES,
        ("attachment", "kind"): attachments.KINDS, ("unit", "type"): UNIT_TYPES,
    }


# Chinese names of the columns the messages mention most; others are named by their column.
COLUMN_LABELS = {
    "status": "状态", "source": "来源", "handling": "处置方式", "severity": "严重程度", "role": "角色",
    "kind": "类型", "category": "类别", "type": "类型", "description": "问题描述", "found_date": "发现日期",
    "deadline": "整改时限", "title": "标题", "name": "名称", "no": "编号", "talk_date": "谈话日期",
    "unit_id": "所属单位", "target_type": "关联类型", "issued_on": "下发日期", "date": "日期",
}
DATE_COLUMNS = frozenset({"date", "deadline", "plan_start", "plan_due"})
SKIP = frozenset({"id", "origin_site", "rev", "created_at", "updated_at", "deleted_at", "change_seq", "created_by",
                  "updated_by"})


def _is_date(name: str) -> bool:
    return name in DATE_COLUMNS or name.endswith(("_date", "_on"))


def label(name: str) -> str:
    return COLUMN_LABELS.get(name, name)


Check = Callable[[object], str]  # '' when fine, else the reason


def _date_check(name: str) -> Check:
    from desktop.core.services.problems.rules import as_date

    what = label(name)
    fromiso = date.fromisoformat

    def check(v) -> str:
        if not isinstance(v, str):
            return f"{what}“{v}”不是有效日期。"
        if len(v) == 10:  # the stored form 'YYYY-MM-DD': as_date's answer without its clean-up
            try:
                fromiso(v)
                return ""
            except ValueError:
                pass
        try:
            as_date(v, what, name)
        except ValidationError as exc:
            return str(exc)
        return ""
    return check


def _choice_check(name: str, allowed: tuple[str, ...]) -> Check:
    allowed_set, what = frozenset(allowed), label(name)

    def check(v) -> str:
        return "" if v in allowed_set else f"{what}“{v}”不正确，只能是：{'、'.join(allowed)}。"
    return check


def _sql_type(col):
    t = col.type
    return t.impl_instance if isinstance(t, TypeDecorator) else t


def _type_check(name: str, col) -> Check | None:
    what = label(name)
    t = _sql_type(col)
    if isinstance(t, Boolean):
        return lambda v: "" if v in (True, False, 0, 1) else f"{what}“{v}”应为是/否。"
    if isinstance(t, Integer):
        return lambda v: "" if isinstance(v, int) and not isinstance(v, bool) else f"{what}“{v}”应为整数。"
    if isinstance(t, Float | Numeric):
        return lambda v: "" if isinstance(v, int | float) and not isinstance(v, bool) else f"{what}“{v}”应为数字。"
    if isinstance(t, String):
        return lambda v: "" if isinstance(v, str) else f"{what}“{v}”应为文字。"
    return None


@cache
def _rules(table_name: str, columns: tuple[str, ...], st: SyncTable) -> tuple[tuple[str, bool, tuple[Check, ...]], ...]:
    choices = _choices()
    out = []
    for name in columns:
        if name in SKIP or name not in st.table.c:
            continue
        col = st.table.c[name]
        checks: list[Check] = []
        typed = _type_check(name, col)
        if typed:
            checks.append(typed)
        if _is_date(name) and isinstance(_sql_type(col), String):
            checks.append(_date_check(name))
        if (table_name, name) in choices:
            checks.append(_choice_check(name, choices[(table_name, name)]))
        required = not col.nullable and col.server_default is None
        out.append((name, required, tuple(checks)))
    return tuple(out)


def row_problem(st: SyncTable, columns: tuple[str, ...], row: dict) -> str:
    """'' when `row` obeys local entry's rules, else the first reason (Chinese)."""
    for name, required, checks in _rules(st.name, columns, st):
        v = row.get(name)
        if v is None or v == "" and required:
            if required:
                return f"缺少必填项“{label(name)}”。"
            continue
        for check in checks:
            reason = check(v)
            if reason:
                return reason
    return ""


def describe_row(st: SyncTable, row: dict, n: int) -> str:
    """'第 3 条“问题”记录（编号 2025-001）' for the messages."""
    key = next((row.get(k) for k in ("no", "title", "name", "code") if isinstance(row.get(k), str) and row.get(k)),
               None)
    return f"第 {n} 条“{st.label}”记录（{key or str(row.get('id'))[:12]}）"
