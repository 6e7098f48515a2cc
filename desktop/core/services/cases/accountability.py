"""问责 (双责任/双问责): who is held accountable for failing 主体责任 or 监督责任, and how.

An accountability is a measure (outcomes.py) with `duty` set; it may belong to a case, a lead or a problem.

    accountability.hold(ctx, {"problem_id": pid, "person_id": secretary_id, "duty": "主体责任",
                              "family": "诫勉", "measure_date": …, "approving_body": "乡镇党委"})
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.errors import ValidationError
from desktop.core.models.cases import DUTIES, Measure
from desktop.core.services.cases import access, outcomes


def hold(ctx, payload: dict) -> dict:
    if payload.get("duty") not in DUTIES:
        raise ValidationError(f"请选择问责的责任类型：{'、'.join(DUTIES)}。", field="duty")
    return outcomes.add(ctx, payload)


def list_accountability(ctx, *, date_from: str | None = None, date_to: str | None = None) -> list[dict]:
    if not access.can_see(ctx):
        return []
    t = Measure.__table__
    q = select(t).where(t.c.deleted_at.is_(None), t.c.duty.is_not(None))
    if date_from:
        q = q.where(t.c.measure_date >= date_from)
    if date_to:
        q = q.where(t.c.measure_date <= date_to)
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q.order_by(t.c.measure_date.desc())).mappings()]
