"""Supervision matters — the master ledger 监督台账 (DOMAIN §3.1, §8.1).

    m = matters.create(ctx, {"title": "村级财务专项监督", "source": "专项", "category": "专项",
                             "unit_ids": [vid], "lead_name": "王晓燕", "plan_due": "2026-12-31"})
    matters.list_matters(ctx, status="进行中")       # rows with unit_names, found_count, rectified_count
    matters.export_xlsx(ctx, Path("监督台账.xlsx"))

The counts of problems found and rectified are derived from problem.matter_id at read time; they are never
stored or typed in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import and_, case, func, or_, select

from desktop.core.errors import ValidationError
from desktop.core.models.matters import (
    MATTER_CATEGORIES,
    MATTER_METHODS,
    MATTER_SOURCES,
    MATTER_STATUSES,
    MatterUnit,
    SupervisionMatter,
)
from desktop.core.models.problems import DONE_STATUSES, S_REJECTED, Problem
from desktop.core.models.registry import Unit
from desktop.core.models.users import AppUser
from desktop.core.services import rows
from desktop.core.services.org import users
from desktop.core.store import fts

FIELDS = ("title", "source", "category", "basis_doc", "source_ref", "lead_user_id", "lead_name", "plan_start",
          "plan_due", "status", "focus", "method", "summary", "note")
# Problem statuses that count as rectified (已整改数), and those that were not problems after all.
RECTIFIED_STATUSES = DONE_STATUSES
NOT_COUNTED_STATUSES = (S_REJECTED,)
DERIVED_SORT_KEYS = ("found_count", "rectified_count", "unit_names")
SORT_KEYS = ("plan_due", "plan_start", "title", "source", "category", "status", "lead_name", "created_at")


def parse_date(value, label: str, field: str) -> str | None:
    """A form/import date as 'YYYY-MM-DD'; ValidationError naming `label` otherwise."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValidationError(f"{label}“{value}”不是有效日期（应为 2026-03-05 这样的格式）。", field=field) from None


def _text(value, limit: int, label: str, field: str) -> str | None:
    text = (str(value).strip() if value is not None else "") or None
    if text and len(text) > limit:
        raise ValidationError(f"{label}不能超过 {limit} 个字。", field=field)
    return text


def validate_in(s, values: dict) -> dict:
    """Clean a matter's values (without unit_ids). Raises ValidationError with a Chinese message."""
    v = {k: values.get(k) for k in FIELDS}
    v["title"] = _text(v["title"], 200, "监督事项", "title")
    if not v["title"]:
        raise ValidationError("请填写监督事项名称。", field="title")
    if v["source"] not in MATTER_SOURCES:
        raise ValidationError(f"来源只能是：{'、'.join(MATTER_SOURCES)}。", field="source")
    if v["category"] not in MATTER_CATEGORIES:
        raise ValidationError(f"监督类别只能是：{'、'.join(MATTER_CATEGORIES)}。", field="category")
    v["status"] = v.get("status") or "计划中"
    if v["status"] not in MATTER_STATUSES:
        raise ValidationError(f"状态只能是：{'、'.join(MATTER_STATUSES)}。", field="status")
    v["plan_start"] = parse_date(v["plan_start"], "计划开始日期", "plan_start")
    v["plan_due"] = parse_date(v["plan_due"], "计划完成时限", "plan_due")
    if v["plan_start"] and v["plan_due"] and v["plan_due"] < v["plan_start"]:
        raise ValidationError("计划完成时限不能早于计划开始日期。", field="plan_due")
    for key, label, limit in (("basis_doc", "依据文件", 200), ("source_ref", "上级任务编号", 100),
                              ("focus", "监督重点", 2000), ("method", "监督方式", 200),
                              ("summary", "开展情况", 4000), ("note", "备注", 2000), ("lead_name", "责任人", 50)):
        v[key] = _text(v[key], limit, label, key)
    if v["lead_user_id"]:
        user = rows.get(s, AppUser, v["lead_user_id"])
        if not user:
            raise ValidationError("所选责任人（用户）不存在。", field="lead_user_id")
        v["lead_name"] = user["display_name"]
    else:
        v["lead_user_id"] = None
    return v


def _unit_ids_in(s, unit_ids) -> list[str]:
    ids = list(dict.fromkeys(u for u in (unit_ids or []) if u))
    if ids:
        t = Unit.__table__
        found = set(s.execute(select(t.c.id).where(t.c.id.in_(ids), t.c.deleted_at.is_(None))).scalars())
        if len(found) != len(ids):
            raise ValidationError("所选监督对象中有单位不存在或已删除。", field="unit_ids")
    return ids


def _set_units(s, ctx, matter_id: str, unit_ids: list[str]) -> None:
    mu = MatterUnit.__table__
    current = {r.unit_id: r.id for r in s.execute(
        select(mu.c.id, mu.c.unit_id).where(mu.c.matter_id == matter_id, mu.c.deleted_at.is_(None)))}
    for unit_id, link_id in current.items():
        if unit_id not in unit_ids:
            rows.soft_delete(s, ctx, MatterUnit, link_id, reason="移出监督对象")
    for unit_id in unit_ids:
        if unit_id not in current:
            rows.insert(s, ctx, MatterUnit, {"matter_id": matter_id, "unit_id": unit_id}, audit=False)


ENTITY = "supervision_matter"  # search index entity


def reindex_in(s, matter_id: str) -> None:
    """Keep the matter's row of the shared search index (desktop/core/store/fts.py) in step."""
    m = rows.get(s, SupervisionMatter, matter_id)
    if m is None:
        fts.remove(s, ENTITY, matter_id)
        return
    names = [u["name"] for u in _units_of(s, [matter_id])[matter_id]]
    fts.upsert(s, ENTITY, matter_id, *search_text(m, names))


def search_text(m: dict, unit_names: list[str]) -> tuple[str, str]:
    parts = [m["title"], m["source"], m["category"], m["basis_doc"], m["source_ref"], m["lead_name"], *unit_names,
             m["focus"], m["method"], m["summary"], m["note"]]
    return f"监督事项：{m['title']}", " ".join(x for x in parts if x)


def reindex_all_in(s) -> int:
    """Rebuild the matters' part of the search index (after bulk inserts such as the demo)."""
    t = SupervisionMatter.__table__
    items = [dict(r) for r in s.execute(select(t).where(t.c.deleted_at.is_(None))).mappings()]
    units = _units_of(s, [m["id"] for m in items])
    fts.clear(s, ENTITY)
    return fts.bulk_upsert(s, ENTITY, [(m["id"], *search_text(m, [u["name"] for u in units[m["id"]]]))
                                       for m in items])


def create_in(s, ctx, values: dict) -> dict:
    clean = validate_in(s, values)
    unit_ids = _unit_ids_in(s, values.get("unit_ids"))
    row = rows.insert(s, ctx, SupervisionMatter, clean, summary=f"新增监督事项：{clean['title']}")
    _set_units(s, ctx, row["id"], unit_ids)
    reindex_in(s, row["id"])
    return row


def create(ctx, values: dict) -> dict:
    """Add a matter; `values["unit_ids"]` lists the target units. Raises ValidationError; nothing written then."""
    users.require_writer(ctx)
    with ctx.session() as s:
        row = create_in(s, ctx, values)
    return get_matter(ctx, row["id"])


def update(ctx, matter_id: str, changes: dict) -> dict:
    """Edit a matter; `unit_ids` in `changes` replaces the target units."""
    users.require_writer(ctx)
    with ctx.session() as s:
        before = rows.require(s, SupervisionMatter, matter_id, "监督事项")
        clean = validate_in(s, {**before, **changes})
        rows.update(s, ctx, SupervisionMatter, matter_id, clean)
        if "unit_ids" in changes:
            _set_units(s, ctx, matter_id, _unit_ids_in(s, changes["unit_ids"]))
        reindex_in(s, matter_id)
    return get_matter(ctx, matter_id)


def delete(ctx, matter_id: str, reason: str = "") -> None:
    """Soft-delete a matter. Refused while problems still link to it."""
    users.require_writer(ctx)
    with ctx.session() as s:
        rows.require(s, SupervisionMatter, matter_id, "监督事项")
        found = problem_counts_in(s, [matter_id]).get(matter_id, (0, 0))[0]
        if found:
            raise ValidationError(f"该监督事项下还有 {found} 个问题，不能删除（可将状态改为“已取消”）。")
        rows.soft_delete(s, ctx, SupervisionMatter, matter_id, reason=reason)
        fts.remove(s, ENTITY, matter_id)


# --- derived counts -------------------------------------------------------------------------------------------

def problem_counts_in(s, matter_ids: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """matter id → (problems found, problems rectified), from the problem table.

    Found: every problem linked to the matter except 不予认定; rectified: 已销号 or 已归档.
    """
    p = Problem.__table__
    rectified = func.sum(case((p.c.status.in_(RECTIFIED_STATUSES), 1), else_=0))
    q = (select(p.c.matter_id, func.count(), rectified)
         .where(p.c.deleted_at.is_(None), p.c.matter_id.is_not(None), p.c.status.not_in(NOT_COUNTED_STATUSES))
         .group_by(p.c.matter_id))
    if matter_ids is not None:
        q = q.where(p.c.matter_id.in_(matter_ids))
    return {m: (int(n), int(r or 0)) for m, n, r in s.execute(q)}


# --- reads ----------------------------------------------------------------------------------------------------

def _units_of(s, matter_ids: list[str]) -> dict[str, list[dict]]:
    mu, u = MatterUnit.__table__, Unit.__table__
    out: dict[str, list[dict]] = {m: [] for m in matter_ids}
    if not matter_ids:
        return out
    q = (select(mu.c.matter_id, u.c.id, u.c.name).select_from(mu.join(u, u.c.id == mu.c.unit_id))
         .where(mu.c.matter_id.in_(matter_ids), mu.c.deleted_at.is_(None)).order_by(u.c.sort_order, u.c.name))
    for m, uid, name in s.execute(q):
        out[m].append({"id": uid, "name": name})
    return out


def _decorate(s, ctx, items: list[dict]) -> list[dict]:
    ids = [r["id"] for r in items]
    counts = problem_counts_in(s, ids) if ids else {}
    units = _units_of(s, ids)
    today = ctx.clock.today().isoformat()
    for r in items:
        r["units"] = units.get(r["id"], [])
        r["unit_ids"] = [u["id"] for u in r["units"]]
        r["unit_names"] = "、".join(u["name"] for u in r["units"])
        r["found_count"], r["rectified_count"] = counts.get(r["id"], (0, 0))
        r["overdue"] = bool(r["plan_due"] and r["plan_due"] < today and r["status"] in ("计划中", "进行中"))
    return items


def get_matter(ctx, matter_id: str) -> dict:
    """One matter with units, unit_ids, unit_names, found_count, rectified_count, overdue."""
    with ctx.reader() as s:
        row = rows.require(s, SupervisionMatter, matter_id, "监督事项")
        return _decorate(s, ctx, [row])[0]


def list_matters(ctx, *, text: str = "", status: str | None = None, source: str | None = None,
                 category: str | None = None, unit_id: str | None = None, year: int | None = None,
                 sort: str = "plan_due", descending: bool = False, origin_site: str | None = None) -> list[dict]:
    """Matters matching the filters, each decorated like get_matter. `text` searches title, 文号, focus,
    summary, lead and target unit names (any length, including one or two characters). `origin_site` keeps
    one site's rows (the district's township filter; None = all)."""
    t, mu, u = SupervisionMatter.__table__, MatterUnit.__table__, Unit.__table__
    q = select(t).where(t.c.deleted_at.is_(None))
    if status:
        q = q.where(t.c.status == status)
    if source:
        q = q.where(t.c.source == source)
    if category:
        q = q.where(t.c.category == category)
    if origin_site:
        q = q.where(t.c.origin_site == origin_site)
    if unit_id:
        q = q.where(t.c.id.in_(select(mu.c.matter_id).where(mu.c.unit_id == unit_id, mu.c.deleted_at.is_(None))))
    if year:
        y = str(year)
        q = q.where(or_(func.substr(t.c.plan_due, 1, 4) == y, func.substr(t.c.plan_start, 1, 4) == y,
                        and_(t.c.plan_due.is_(None), func.substr(t.c.created_at, 1, 4) == y)))
    if text and text.strip():
        needle = text.strip()
        unit_hit = select(mu.c.matter_id).select_from(mu.join(u, u.c.id == mu.c.unit_id)).where(
            mu.c.deleted_at.is_(None), func.instr(u.c.name, needle) > 0)
        q = q.where(or_(*(func.instr(func.coalesce(t.c[k], ""), needle) > 0
                          for k in ("title", "basis_doc", "focus", "summary", "lead_name", "note", "source_ref")),
                        t.c.id.in_(unit_hit)))
    key = sort if sort in SORT_KEYS else "plan_due"
    order = t.c[key].desc() if descending else t.c[key].asc()
    q = q.order_by(t.c[key].is_(None), order, t.c.title)
    with ctx.reader() as s:
        items = _decorate(s, ctx, [dict(r) for r in s.execute(q).mappings()])
    if sort in DERIVED_SORT_KEYS:  # derived per row; a ledger of matters is small (hundreds)
        items.sort(key=lambda r: r[sort] or 0 if sort != "unit_names" else r[sort], reverse=descending)
    return items


def choices(ctx, *, open_only: bool = False) -> list[dict]:
    """[{id, title, status}] for pickers (e.g. the matter of a new problem)."""
    t = SupervisionMatter.__table__
    q = select(t.c.id, t.c.title, t.c.status).where(t.c.deleted_at.is_(None))
    if open_only:
        q = q.where(t.c.status.in_(("计划中", "进行中")))
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q.order_by(t.c.plan_due.desc(), t.c.title)).mappings()]


def find_by_source_ref(ctx, source_ref: str) -> dict | None:
    """The matter created from an upper-level task (派单), if any (for issue 7's district tasks)."""
    t = SupervisionMatter.__table__
    with ctx.reader() as s:
        r = s.execute(select(t).where(t.c.source_ref == source_ref, t.c.deleted_at.is_(None))).mappings().first()
        return dict(r) if r else None


# --- export ---------------------------------------------------------------------------------------------------

def export_columns():
    from desktop.core.xlsx import XlsxColumn as C

    return [
        C("序号", "seq", 6, "int"), C("监督事项", "title", 30), C("监督类别", "category", 9),
        C("来源", "source", 12), C("依据文件（文号）", "basis_doc", 22), C("监督对象（村/单位）", "unit_names", 24),
        C("监督重点", "focus", 30), C("监督方式", "method", 16), C("责任人（纪委）", "lead_name", 12),
        C("计划完成时限", "plan_due", 13, "date"), C("开展情况（次数/日期）", "summary", 30),
        C("发现问题数", "found_count", 10, "int"), C("已整改数", "rectified_count", 10, "int"),
        C("状态", "status", 9), C("备注", "note", 20),
    ]


def export_xlsx(ctx, path: Path | str, **filters) -> int:
    """Write the master ledger (DOMAIN §8.1 columns) to `path`; returns the number of rows.

    `filters` are those of list_matters. Raises OutputError if the file cannot be written.
    """
    from desktop.core.xlsx import write_table

    items = list_matters(ctx, **filters)
    for i, r in enumerate(items, start=1):
        r["seq"] = i

    def fill(r):
        if r["status"] == "已取消":
            return "grey"
        if r["status"] == "已完成":
            return "blue"
        return "red" if r["overdue"] else None

    n = write_table(Path(path), "监督台账", export_columns(), items, fill=fill)
    from desktop.core.services.audit.log import record_export

    record_export(ctx, "监督台账", path, n)
    return n


METHODS = MATTER_METHODS
