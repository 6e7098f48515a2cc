"""Inspections (村居检查): a check of one or more units against chosen checklist items.

A new inspection is a draft (草稿). Its items are snapshots of the exact item versions chosen, so later edits of
the checklist never change it. Results (符合/不符合/不适用), notes and photos are saved as the user goes; the draft
can be resumed any time. Completion is gated (every item answered) and turns each 不符合 into a problem through
the review step in desktop.core.services.checks.completion.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from desktop.core.errors import GateRefused, ValidationError
from desktop.core.models.checks import (
    METHODS,
    RESULTS,
    ChecklistItem,
    Inspection,
    InspectionItem,
    InspectionUnit,
)
from desktop.core.models.registry import Unit
from desktop.core.services import rows
from desktop.core.services.checks.photos import PHOTO_OWNER
from desktop.core.services.org import users

HEAD_FIELDS = ("title", "date", "matter_id", "inspectors", "methods", "people_contacted", "households_contacted",
               "contacted_note", "summary")


def _join(value) -> str:
    if isinstance(value, (list, tuple)):
        value = "、".join(str(v).strip() for v in value if str(v).strip())
    return "、".join(p.strip() for p in str(value or "").replace(",", "、").replace("，", "、").split("、")
                    if p.strip())


def split(value: str | None) -> list[str]:
    return [p for p in (value or "").split("、") if p]


def _clean_head(values: dict, today: date) -> dict:
    v = {k: values.get(k) for k in HEAD_FIELDS if k in values}
    raw_date = values.get("date") or today.isoformat()
    try:
        d = date.fromisoformat(str(raw_date)[:10])
    except ValueError:
        raise ValidationError(f"检查日期“{raw_date}”无效（应为 2026-03-05 这样的格式）。", field="date") from None
    if d > today:
        raise ValidationError("检查日期不能晚于今天。", field="date")
    v["date"] = d.isoformat()
    v["inspectors"] = _join(v.get("inspectors"))
    if not v["inspectors"]:
        raise ValidationError("请填写检查人员。", field="inspectors")
    v["methods"] = _join(v.get("methods"))
    bad = [m for m in split(v["methods"]) if m not in METHODS]
    if not v["methods"]:
        raise ValidationError("请至少选择一种检查方式。", field="methods")
    if bad:
        raise ValidationError(f"检查方式“{'、'.join(bad)}”不在可选范围内（{'、'.join(METHODS)}）。", field="methods")
    for key, what in (("people_contacted", "走访人数"), ("households_contacted", "走访户数")):
        if key not in v and key == "households_contacted":
            continue
        pc = v.get(key)
        if pc in ("", None):
            v[key] = None
            continue
        try:
            v[key] = int(pc)
        except (TypeError, ValueError):
            raise ValidationError(f"{what}必须是整数。", field=key) from None
        if v[key] < 0:
            raise ValidationError(f"{what}不能为负数。", field=key)
    for key in ("contacted_note", "summary", "matter_id"):
        if key in v:
            v[key] = (str(v[key]).strip() if v[key] is not None else "") or None
    return v


def _units(s, unit_ids) -> list[dict]:
    ids = list(dict.fromkeys(u for u in (unit_ids or []) if u))
    if not ids:
        raise ValidationError("请选择被检查的单位。", field="unit_ids")
    found = []
    for uid in ids:
        u = rows.get(s, Unit, uid)
        if u is None:
            raise ValidationError("所选单位不存在或已删除。", field="unit_ids")
        found.append(u)
    return found


def _default_title(units: list[dict], d: str) -> str:
    names = "、".join(u["name"] for u in units[:3]) + ("等" if len(units) > 3 else "")
    return f"{names}小微权力监督检查（{d}）"


def create_inspection(ctx, values: dict) -> dict:
    """Start a draft inspection.

    values: unit_ids (list), date, inspectors (list or '、'-text), methods (list), people_contacted,
    contacted_note, summary, title (optional), matter_id, item_ids (checklist item version ids, optional).
    Raises ValidationError; nothing is written then.
    """
    users.require_writer(ctx)
    with ctx.session() as s:
        return create_inspection_in(s, ctx, values)


def create_inspection_in(s, ctx, values: dict) -> dict:
    head = _clean_head(values, ctx.clock.today())
    units = _units(s, values.get("unit_ids"))
    head["title"] = (head.get("title") or "").strip() or _default_title(units, head["date"])
    head["status"] = "草稿"
    ins = rows.insert(s, ctx, Inspection, head, summary=head["title"])
    rows.bulk_insert(s, ctx, InspectionUnit, [{"inspection_id": ins["id"], "unit_id": u["id"]} for u in units])
    if values.get("item_ids"):
        _add_items(s, ctx, ins["id"], values["item_ids"], units[0]["id"], start=1)
    return ins


def _require_draft(s, inspection_id: str) -> dict:
    ins = rows.require(s, Inspection, inspection_id, "检查记录")
    if ins["status"] != "草稿":
        raise GateRefused(f"检查“{ins['title']}”已完成，不能再修改。")
    return ins


def _add_items(s, ctx, inspection_id: str, item_ids, unit_id: str, start: int) -> int:
    ci = ChecklistItem.__table__
    ids = list(dict.fromkeys(item_ids))
    found = {r["id"]: dict(r) for r in s.execute(select(ci).where(ci.c.id.in_(ids), ci.c.deleted_at.is_(None)))
             .mappings()}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError("所选检查事项不存在或已删除。", field="item_ids")
    batch = []
    for n, item_id in enumerate(ids, start=start):
        it = found[item_id]
        batch.append({"inspection_id": inspection_id, "item_id": item_id, "seq": n, "code": it["code"],
                      "category": it["category"], "subject": it["subject"], "check_points": it["check_points"],
                      "weight": it["weight"] or 1.0, "problem_type": it["problem_type"], "unit_id": unit_id})
    return rows.bulk_insert(s, ctx, InspectionItem, batch)


def update_inspection(ctx, inspection_id: str, changes: dict) -> dict:
    """Change the head of a draft (date, inspectors, methods, units …)."""
    users.require_writer(ctx)
    with ctx.session() as s:
        ins = _require_draft(s, inspection_id)
        head = _clean_head({**ins, **changes}, ctx.clock.today())
        if "unit_ids" in changes:
            _replace_units(s, ctx, inspection_id, _units(s, changes["unit_ids"]))
        return rows.update(s, ctx, Inspection, inspection_id, head)


def _replace_units(s, ctx, inspection_id: str, units: list[dict]) -> None:
    t = InspectionUnit.__table__
    current = {r.unit_id: r.id for r in s.execute(select(t.c.id, t.c.unit_id).where(
        t.c.inspection_id == inspection_id, t.c.deleted_at.is_(None)))}
    wanted = [u["id"] for u in units]
    for uid, row_id in current.items():
        if uid not in wanted:
            rows.soft_delete(s, ctx, InspectionUnit, row_id, reason="移出被检查单位")
    for uid in wanted:
        if uid not in current:
            rows.insert(s, ctx, InspectionUnit, {"inspection_id": inspection_id, "unit_id": uid}, audit=False)


def set_items(ctx, inspection_id: str, item_ids: list[str]) -> dict:
    """Make the draft check exactly the items picked (checklist item ids, any version).

    An item already in the draft stays as it is (same version, answer kept) when any version of it is picked;
    items not picked are removed; new ones are added at the end. Returns {"added": n, "removed": n}.
    """
    users.require_writer(ctx)
    with ctx.session() as s:
        _require_draft(s, inspection_id)
        t, ci = InspectionItem.__table__, ChecklistItem.__table__
        lineage = {r.id: r.lineage_id for r in s.execute(select(ci.c.id, ci.c.lineage_id).where(
            ci.c.lineage_id.in_(select(ci.c.lineage_id).where(ci.c.id.in_(item_ids)))))}
        picked = {lineage[i]: i for i in item_ids if i in lineage}
        current = [(r.id, r.item_id) for r in s.execute(select(t.c.id, t.c.item_id).where(
            t.c.inspection_id == inspection_id, t.c.deleted_at.is_(None)))]
        have = {s.execute(select(ci.c.lineage_id).where(ci.c.id == item_id)).scalar(): row_id
                for row_id, item_id in current}
        removed = 0
        for lin, row_id in have.items():
            if lin not in picked:
                rows.soft_delete(s, ctx, InspectionItem, row_id, reason="从检查中移除")
                removed += 1
        new = [item_id for lin, item_id in picked.items() if lin not in have]
        last = s.execute(select(func.max(t.c.seq)).where(t.c.inspection_id == inspection_id)).scalar() or 0
        if new:
            _add_items(s, ctx, inspection_id, new, unit_ids_in(s, inspection_id)[0], start=last + 1)
    return {"added": len(new), "removed": removed}


def save_results(ctx, inspection_id: str, answers: list[dict]) -> int:
    """Save answers of a draft: each {id (inspection item), result, note, unit_id?}. Returns rows changed.

    result may be None (not yet answered). Raises ValidationError for an unknown result.
    """
    users.require_writer(ctx)
    changed = 0
    with ctx.session() as s:
        _require_draft(s, inspection_id)
        t = InspectionItem.__table__
        current = {r["id"]: dict(r) for r in s.execute(select(t).where(
            t.c.inspection_id == inspection_id, t.c.deleted_at.is_(None))).mappings()}
        for a in answers:
            row = current.get(a["id"])
            if row is None:
                raise ValidationError("检查事项不属于这次检查（或已被移除）。")
            values = {}
            if "result" in a:
                if a["result"] not in (None, *RESULTS):
                    raise ValidationError(f"检查结果只能是：{'、'.join(RESULTS)}。", field="result")
                values["result"] = a["result"]
            if "note" in a:
                values["note"] = (a["note"] or "").strip() or None
            if a.get("unit_id"):
                values["unit_id"] = a["unit_id"]
            if any(row.get(k) != v for k, v in values.items()):
                rows.update(s, ctx, InspectionItem, a["id"], values, reason="记录检查结果")
                changed += 1
    return changed


def unit_ids_in(s, inspection_id: str) -> list[str]:
    t, u = InspectionUnit.__table__, Unit.__table__
    q = (select(t.c.unit_id).select_from(t.join(u, u.c.id == t.c.unit_id))
         .where(t.c.inspection_id == inspection_id, t.c.deleted_at.is_(None)).order_by(u.c.sort_order, u.c.name))
    return list(s.execute(q).scalars())


def get_inspection(ctx, inspection_id: str) -> dict:
    """The inspection with `units` (dicts), `items` (in order, each with `photos`) and answer counts."""
    with ctx.reader() as s:
        return get_inspection_in(s, inspection_id)


def get_inspection_in(s, inspection_id: str) -> dict:
    ins = rows.require(s, Inspection, inspection_id, "检查记录")
    u = Unit.__table__
    ids = unit_ids_in(s, inspection_id)
    units = {r["id"]: dict(r) for r in s.execute(select(u).where(u.c.id.in_(ids))).mappings()}
    ins["units"] = [units[i] for i in ids]
    ins["unit_ids"] = ids
    t, ci = InspectionItem.__table__, ChecklistItem.__table__
    q = (select(t, ci.c.lineage_id).select_from(t.join(ci, ci.c.id == t.c.item_id))
         .where(t.c.inspection_id == inspection_id, t.c.deleted_at.is_(None)).order_by(t.c.seq))
    items = [dict(r) for r in s.execute(q).mappings()]
    photos = photos_of_in(s, [i["id"] for i in items])
    for it in items:
        it["photos"] = photos.get(it["id"], [])
    ins["items"] = items
    ins["counts"] = {r: sum(1 for i in items if i["result"] == r) for r in RESULTS}
    ins["counts"]["未填"] = sum(1 for i in items if not i["result"])
    return ins


def photos_of_in(s, item_ids: list[str]) -> dict[str, list[dict]]:
    """Photos (attachment rows, owner_entity 'inspection_item') per inspection item id."""
    out: dict[str, list[dict]] = {}
    try:
        from desktop.core.services import attachments
    except ImportError:  # the problem ledger (issue 4) brings the attachments service
        return out
    for chunk in range(0, len(item_ids), 500):
        for att in attachments.list_in(s, PHOTO_OWNER, item_ids[chunk:chunk + 500]):
            out.setdefault(att["owner_id"], []).append(att)
    return out


def list_inspections(ctx, *, unit_id: str | None = None, status: str | None = None, date_from: str | None = None,
                     date_to: str | None = None, limit: int | None = None,
                     origin_site: str | None = None) -> list[dict]:
    """Inspections newest first, each with `unit_names` and result counts (`failed`, `total`, `open`).
    `origin_site` keeps one site's inspections (the district's township filter; None = all)."""
    with ctx.reader() as s:
        return list_inspections_in(s, unit_id=unit_id, status=status, date_from=date_from, date_to=date_to,
                                   limit=limit, origin_site=origin_site)


def list_inspections_in(s, *, unit_id=None, status=None, date_from=None, date_to=None, limit=None,
                        origin_site=None) -> list[dict]:
    t, iu, u, ii = Inspection.__table__, InspectionUnit.__table__, Unit.__table__, InspectionItem.__table__
    q = select(t).where(t.c.deleted_at.is_(None))
    if origin_site:
        q = q.where(t.c.origin_site == origin_site)
    if unit_id:
        q = q.where(t.c.id.in_(select(iu.c.inspection_id).where(iu.c.unit_id == unit_id, iu.c.deleted_at.is_(None))))
    if status:
        q = q.where(t.c.status == status)
    if date_from:
        q = q.where(t.c.date >= date_from)
    if date_to:
        q = q.where(t.c.date <= date_to)
    q = q.order_by(t.c.date.desc(), t.c.created_at.desc())
    if limit:
        q = q.limit(limit)
    result = [dict(r) for r in s.execute(q).mappings()]
    if not result:
        return result
    ids = [r["id"] for r in result]
    names: dict[str, list[str]] = {}
    uid_of: dict[str, list[str]] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        for r in s.execute(select(iu.c.inspection_id, iu.c.unit_id, u.c.name)
                           .select_from(iu.join(u, u.c.id == iu.c.unit_id))
                           .where(iu.c.inspection_id.in_(part), iu.c.deleted_at.is_(None))
                           .order_by(u.c.sort_order)):
            names.setdefault(r.inspection_id, []).append(r.name)
            uid_of.setdefault(r.inspection_id, []).append(r.unit_id)
    counts: dict[str, dict] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        q2 = (select(ii.c.inspection_id, ii.c.result, func.count())
              .where(ii.c.inspection_id.in_(part), ii.c.deleted_at.is_(None))
              .group_by(ii.c.inspection_id, ii.c.result))
        for r in s.execute(q2):
            counts.setdefault(r[0], {})[r[1] or "未填"] = r[2]
    for r in result:
        c = counts.get(r["id"], {})
        r["unit_names"] = "、".join(names.get(r["id"], []))
        r["unit_ids"] = uid_of.get(r["id"], [])
        r["total"] = sum(c.values())
        r["failed"] = c.get("不符合", 0)
        r["open"] = c.get("未填", 0)
    return result


def delete_draft(ctx, inspection_id: str, reason: str = "") -> None:
    """Delete a draft inspection (completed ones are records and stay)."""
    users.require_writer(ctx)
    with ctx.session() as s:
        _require_draft(s, inspection_id)
        rows.soft_delete(s, ctx, Inspection, inspection_id, reason=reason or "删除检查草稿")
