"""建章立制 register (R1): rules or systems adopted as a result of a case or a rectification (项).

    rules_register.add(ctx, {"title": "青石村村级财务报账管理办法", "unit_id": uid, "adopted_date": …,
                             "case_id": cid})
Not sensitive: any writer may record one; the titles travel in the ordinary package.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.errors import ValidationError
from desktop.core.models.cases import RuleAdopted
from desktop.core.models.registry import Unit
from desktop.core.services import rows
from desktop.core.services.matters.records import _text, parse_date
from desktop.core.services.org import users


def of_case_in(s, case_id: str) -> list[dict]:
    t = RuleAdopted.__table__
    q = select(t).where(t.c.case_id == case_id, t.c.deleted_at.is_(None)).order_by(t.c.adopted_date)
    return [dict(r) for r in s.execute(q).mappings()]


def add(ctx, payload: dict) -> dict:
    users.require_writer(ctx)
    title = _text(payload.get("title"), 200, "制度名称", "title")
    if not title:
        raise ValidationError("请填写制度名称。", field="title")
    day = parse_date(payload.get("adopted_date"), "建立日期", "adopted_date")
    if not day:
        raise ValidationError("请填写制度建立日期。", field="adopted_date")
    if day > ctx.clock.today().isoformat():
        raise ValidationError("制度建立日期不能晚于今天。", field="adopted_date")
    with ctx.session() as s:
        unit_name = _text(payload.get("unit_name"), 100, "单位", "unit_name")
        if payload.get("unit_id"):
            unit = rows.get(s, Unit, payload["unit_id"])
            if unit is None:
                raise ValidationError("所选单位不存在或已删除。", field="unit_id")
            unit_name = unit["name"]
        return rows.insert(s, ctx, RuleAdopted, {"title": title, "unit_id": payload.get("unit_id"),
                                                 "unit_name": unit_name, "adopted_date": day,
                                                 "case_id": payload.get("case_id"),
                                                 "problem_id": payload.get("problem_id"),
                                                 "note": _text(payload.get("note"), 500, "备注", "note")})


def list_rules(ctx, *, date_from: str | None = None, date_to: str | None = None) -> list[dict]:
    t = RuleAdopted.__table__
    q = select(t).where(t.c.deleted_at.is_(None))
    if date_from:
        q = q.where(t.c.adopted_date >= date_from)
    if date_to:
        q = q.where(t.c.adopted_date <= date_to)
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q.order_by(t.c.adopted_date.desc())).mappings()]
