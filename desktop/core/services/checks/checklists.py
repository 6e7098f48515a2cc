"""The 两清单: 共性化 (district) and 个性化 (local) checklists with versioned items.

Items are versioned: `update_item` writes a new version (same lineage) and leaves the old row untouched, so
inspections that used the old version keep it. Retiring marks the current version 已停用; it is refused while
a draft inspection uses the item. District-issued lists (`read_only`) cannot be changed at the township.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.core.errors import GateRefused, NotFound, ValidationError
from desktop.core.models.checks import (
    FREQUENCIES,
    KINDS,
    LIST_STATUSES,
    Checklist,
    ChecklistItem,
    Inspection,
    InspectionItem,
)
from desktop.core.models.registry import UNIT_TYPES
from desktop.core.services import rows
from desktop.core.services.org import users

LIST_FIELDS = ("kind", "year", "title", "source_doc", "issued_by", "status", "note")
ITEM_FIELDS = ("code", "category", "subject", "check_points", "basis", "method_hint", "frequency", "applies_to",
               "weight", "problem_type", "sort_order")


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    problem_type_group: str


def load_seed() -> dict:
    """The default 小微权力 checklist shipped in db/seed/checklist_xiaowei.json."""
    from desktop.core.paths import seed_dir

    return json.loads((seed_dir() / "checklist_xiaowei.json").read_text(encoding="utf-8"))


def categories() -> list[Category]:
    """The 12 小微权力 categories of DOMAIN §4 plus the extra topics, in order."""
    return [Category(c["code"], c["name"], c["problem_type_group"]) for c in load_seed()["categories"]]


# ---------------------------------------------------------------- lists


def _clean_list(values: dict) -> dict:
    v = {k: values.get(k) for k in LIST_FIELDS if k in values}
    v["title"] = (v.get("title") or "").strip()
    if not v["title"]:
        raise ValidationError("请填写清单名称。", field="title")
    if v.get("kind") not in KINDS:
        raise ValidationError(f"清单类型只能是：{'、'.join(KINDS)}。", field="kind")
    v.setdefault("status", "执行中")
    if v["status"] not in LIST_STATUSES:
        raise ValidationError(f"清单状态只能是：{'、'.join(LIST_STATUSES)}。", field="status")
    try:
        v["year"] = int(v.get("year"))
    except (TypeError, ValueError):
        raise ValidationError("年度必须是四位数字，如 2026。", field="year") from None
    if not 2000 <= v["year"] <= 2100:
        raise ValidationError("年度必须是四位数字，如 2026。", field="year")
    return v


def create_checklist_in(s, ctx, values: dict, *, read_only: bool = False) -> dict:
    v = _clean_list(values)
    v["read_only"] = read_only
    return rows.insert(s, ctx, Checklist, v, summary=f"清单：{v['title']}")


def create_checklist(ctx, values: dict) -> dict:
    """Add a checklist (normally a local 个性化 list). Raises ValidationError."""
    users.require_writer(ctx)
    with ctx.session() as s:
        return create_checklist_in(s, ctx, values)


def update_checklist(ctx, checklist_id: str, changes: dict) -> dict:
    """Change a list's title, status …; refused for a district-issued list."""
    users.require_writer(ctx)
    with ctx.session() as s:
        current = _writable_list(s, checklist_id, ctx)
        v = _clean_list({**current, **changes})
        return rows.update(s, ctx, Checklist, checklist_id, v)


def is_district_owned(ctx, cl: dict) -> bool:
    """A 共性化 list is the district's when it was imported as such (read_only) or arrived from another site."""
    return bool(cl["read_only"]) or (cl["kind"] == "共性化" and cl["origin_site"] != ctx.site_code)


def _writable_list(s, checklist_id: str, ctx=None) -> dict:
    cl = rows.require(s, Checklist, checklist_id, "清单")
    if cl["read_only"] or (ctx is not None and not ctx.is_district and is_district_owned(ctx, cl)):
        raise GateRefused(f"“{cl['title']}”是区纪委监委下发的共性化清单，乡镇不能修改。",
                          hint="如需增加本地检查内容，请新建个性化清单")
    return cl


def list_checklists(ctx, *, include_retired: bool = True) -> list[dict]:
    """Checklists, newest year first, each with `item_count` (current, in-use items)."""
    t, i = Checklist.__table__, ChecklistItem.__table__
    count = (select(func.count()).where(i.c.checklist_id == t.c.id, i.c.is_current.is_(True),
                                        i.c.status == "在用", i.c.deleted_at.is_(None))
             .correlate(t).scalar_subquery())
    q = select(t, count.label("item_count")).where(t.c.deleted_at.is_(None))
    if not include_retired:
        q = q.where(t.c.status != "已废止")
    q = q.order_by(t.c.year.desc(), t.c.kind.desc(), t.c.title)
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q).mappings()]


def get_checklist(ctx, checklist_id: str) -> dict:
    with ctx.reader() as s:
        return rows.require(s, Checklist, checklist_id, "清单")


# ---------------------------------------------------------------- items


def points_text(points) -> str:
    """Check points as stored: one per line (accepts a list or text)."""
    if isinstance(points, (list, tuple)):
        return "\n".join(str(p).strip() for p in points if str(p).strip())
    lines = str(points or "").replace("\r", "\n").split("\n")
    return "\n".join(x.strip() for x in lines if x.strip())


def points_list(text: str | None) -> list[str]:
    return [x for x in (text or "").split("\n") if x.strip()]


def applies_text(value) -> str | None:
    if isinstance(value, (list, tuple)):
        value = "、".join(value)
    parts = [p.strip() for p in str(value or "").replace(",", "、").replace("，", "、").split("、") if p.strip()]
    return "、".join(parts) or None


def _clean_item(values: dict) -> dict:
    v = {k: values.get(k) for k in ITEM_FIELDS if k in values}
    for key in ("code", "category", "subject", "basis", "method_hint", "frequency", "problem_type"):
        if v.get(key) is not None:
            v[key] = str(v[key]).strip() or None
    for key, label in (("code", "编号"), ("category", "类别"), ("subject", "监督内容")):
        if not v.get(key):
            raise ValidationError(f"请填写检查事项的{label}。", field=key)
    v["check_points"] = points_text(v.get("check_points")) or v["subject"]
    v["applies_to"] = applies_text(v.get("applies_to"))
    unknown = [t for t in (v["applies_to"] or "").split("、") if t and t not in UNIT_TYPES]
    if unknown:
        raise ValidationError(f"适用对象“{'、'.join(unknown)}”不是单位类型（{'、'.join(UNIT_TYPES)}）。",
                              field="applies_to")
    if v.get("weight") in ("", None):
        v["weight"] = None
    else:
        try:
            v["weight"] = float(v["weight"])
        except (TypeError, ValueError):
            raise ValidationError("权重必须是数字。", field="weight") from None
        if v["weight"] <= 0:
            raise ValidationError("权重必须大于 0。", field="weight")
    v["sort_order"] = int(v.get("sort_order") or 0)
    return v


def _code_taken(s, checklist_id: str, code: str, exclude_lineage: str | None = None) -> bool:
    i = ChecklistItem.__table__
    q = select(i.c.id).where(i.c.checklist_id == checklist_id, i.c.code == code, i.c.is_current.is_(True),
                             i.c.deleted_at.is_(None))
    if exclude_lineage:
        q = q.where(i.c.lineage_id != exclude_lineage)
    return s.execute(q).first() is not None


def add_item_in(s, ctx, checklist_id: str, values: dict) -> dict:
    _writable_list(s, checklist_id, ctx)
    v = _clean_item(values)
    if _code_taken(s, checklist_id, v["code"]):
        raise ValidationError(f"本清单已有编号为“{v['code']}”的检查事项。", field="code")
    if not v["sort_order"]:
        i = ChecklistItem.__table__
        last = s.execute(select(func.max(i.c.sort_order)).where(i.c.checklist_id == checklist_id)).scalar()
        v["sort_order"] = (last or 0) + 1
    from desktop.core.store.ids import uuid7

    row_id = uuid7()
    v.update(id=row_id, lineage_id=row_id, version=1, is_current=True, status="在用", checklist_id=checklist_id)
    return rows.insert(s, ctx, ChecklistItem, v, summary=f"检查事项 {v['code']}")


def add_item(ctx, checklist_id: str, values: dict) -> dict:
    """Add a local item to a (non district-issued) list. Raises ValidationError / GateRefused."""
    users.require_writer(ctx)
    with ctx.session() as s:
        return add_item_in(s, ctx, checklist_id, values)


def update_item(ctx, item_id: str, changes: dict) -> dict:
    """Write a new version of an item; the old version stays for the inspections that used it.

    Returns the new version (or the unchanged current row when nothing changed).
    """
    users.require_writer(ctx)
    with ctx.session() as s:
        old = _current_version(s, item_id)
        _writable_list(s, old["checklist_id"], ctx)
        v = _clean_item({**{k: old[k] for k in ITEM_FIELDS}, **changes})
        if all(v[k] == old[k] for k in ITEM_FIELDS):
            return old
        if v["code"] != old["code"] and _code_taken(s, old["checklist_id"], v["code"], old["lineage_id"]):
            raise ValidationError(f"本清单已有编号为“{v['code']}”的检查事项。", field="code")
        rows.update(s, ctx, ChecklistItem, old["id"], {"is_current": False}, reason="被新版本取代")
        v.update(checklist_id=old["checklist_id"], lineage_id=old["lineage_id"], version=old["version"] + 1,
                 is_current=True, status=old["status"])
        return rows.insert(s, ctx, ChecklistItem, v, summary=f"检查事项 {v['code']} 第 {v['version']} 版")


def _current_version(s, item_id: str) -> dict:
    row = rows.require(s, ChecklistItem, item_id, "检查事项")
    if row["is_current"]:
        return row
    i = ChecklistItem.__table__
    cur = s.execute(select(i).where(i.c.lineage_id == row["lineage_id"], i.c.is_current.is_(True),
                                    i.c.deleted_at.is_(None))).mappings().first()
    if cur is None:
        raise NotFound("找不到该检查事项的当前版本。")
    return dict(cur)


def drafts_using(s, lineage_id: str) -> list[dict]:
    """Draft inspections that contain any version of the item lineage."""
    i, ii, ins = ChecklistItem.__table__, InspectionItem.__table__, Inspection.__table__
    versions = select(i.c.id).where(i.c.lineage_id == lineage_id)
    q = (select(ins.c.id, ins.c.title, ins.c.date).distinct()
         .select_from(ins.join(ii, ii.c.inspection_id == ins.c.id))
         .where(ii.c.item_id.in_(versions), ins.c.status == "草稿", ins.c.deleted_at.is_(None),
                ii.c.deleted_at.is_(None)))
    return [dict(r) for r in s.execute(q).mappings()]


def retire_item(ctx, item_id: str, reason: str = "") -> dict:
    """Stop using an item (已停用). Refused while a draft inspection uses it; past records keep it."""
    users.require_writer(ctx)
    with ctx.session() as s:
        cur = _current_version(s, item_id)
        _writable_list(s, cur["checklist_id"], ctx)
        drafts = drafts_using(s, cur["lineage_id"])
        if drafts:
            names = "、".join(f"{d['date']}“{d['title']}”" for d in drafts[:3])
            more = f"等 {len(drafts)} 次" if len(drafts) > 3 else ""
            raise GateRefused(f"检查事项 {cur['code']} 正被未完成的检查草稿使用（{names}{more}），不能停用。",
                              hint="请先完成这些检查，或从草稿中移除该事项")
        return rows.update(s, ctx, ChecklistItem, cur["id"], {"status": "已停用"}, reason=reason or "停用检查事项",
                           action="停用")


def restore_item(ctx, item_id: str) -> dict:
    users.require_writer(ctx)
    with ctx.session() as s:
        cur = _current_version(s, item_id)
        _writable_list(s, cur["checklist_id"], ctx)
        return rows.update(s, ctx, ChecklistItem, cur["id"], {"status": "在用"}, action="恢复使用")


def list_items(ctx, checklist_id: str | None = None, *, include_retired: bool = False,
               in_force_only: bool = False) -> list[dict]:
    """Current item versions (optionally of one list), with list title and kind, in list/sort order."""
    with ctx.reader() as s:
        return list_items_in(s, checklist_id, include_retired=include_retired, in_force_only=in_force_only)


def list_items_in(s, checklist_id=None, *, include_retired=False, in_force_only=False) -> list[dict]:
    i, c = ChecklistItem.__table__, Checklist.__table__
    q = (select(i, c.c.title.label("checklist_title"), c.c.kind.label("checklist_kind"),
                c.c.year.label("checklist_year"), c.c.read_only.label("read_only"))
         .select_from(i.join(c, c.c.id == i.c.checklist_id))
         .where(i.c.is_current.is_(True), i.c.deleted_at.is_(None), c.c.deleted_at.is_(None)))
    if checklist_id:
        q = q.where(i.c.checklist_id == checklist_id)
    if not include_retired:
        q = q.where(i.c.status == "在用")
    if in_force_only:
        q = q.where(c.c.status == "执行中")
    q = q.order_by(c.c.kind.desc(), c.c.year.desc(), c.c.title, i.c.sort_order, i.c.code)  # 共性化 first
    return [dict(r) for r in s.execute(q).mappings()]


def item_versions(ctx, item_id: str) -> list[dict]:
    """Every version of an item's lineage, oldest first."""
    i = ChecklistItem.__table__
    with ctx.reader() as s:
        row = rows.require(s, ChecklistItem, item_id, "检查事项")
        q = select(i).where(i.c.lineage_id == row["lineage_id"]).order_by(i.c.version)
        return [dict(r) for r in s.execute(q).mappings()]


def seed_default_in(s, ctx, year: int) -> dict:
    """Write the default 小微权力 checklist for `year`; returns the list row."""
    data = load_seed()
    head = {**data["checklist"], "year": year}
    cl = create_checklist_in(s, ctx, head)
    items = []
    from desktop.core.store.ids import uuid7

    for n, it in enumerate(data["items"], start=1):
        v = _clean_item({**it, "sort_order": n})
        row_id = uuid7()
        v.update(id=row_id, lineage_id=row_id, version=1, is_current=True, status="在用", checklist_id=cl["id"])
        items.append(v)
    rows.bulk_insert(s, ctx, ChecklistItem, items, audit_summary="默认小微权力监督检查清单")
    return cl


FREQUENCY_CHOICES = FREQUENCIES
