"""Reply deadlines of issued documents, for the 工作台 alerts (issue 4's workbench imports `due_replies`)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from desktop.core.models.documents import Document
from desktop.core.models.registry import Unit


def due_replies(ctx, *, within_days: int | None = None) -> list[dict]:
    """Documents awaiting a reply (已签发/已送达 with reply required, 待回复), soonest due first.

    Each: entity ("document"), id, doc_no, kind, title, unit_name, addressee, reply_due (also as `due`),
    days_left (negative = overdue), overdue (bool), status (display status: 逾期未复 when overdue). `within_days` keeps only those due within
    that many days (overdue ones always included)."""
    t, u = Document.__table__, Unit.__table__
    q = (select(t.c.id, t.c.doc_no, t.c.kind, t.c.title, t.c.addressee, t.c.reply_due, t.c.status,
                u.c.name.label("unit_name"))
         .select_from(t.outerjoin(u, u.c.id == t.c.unit_id))
         .where(t.c.deleted_at.is_(None), t.c.reply_required.is_(True), t.c.reply_due.is_not(None),
                t.c.status.in_(("已签发", "已送达", "待回复")))
         .order_by(t.c.reply_due, t.c.doc_no))
    today = ctx.clock.today()
    if within_days is not None:
        q = q.where(t.c.reply_due <= (today + timedelta(days=within_days)).isoformat())
    with ctx.reader() as s:
        found = [dict(r) for r in s.execute(q).mappings()]
    for d in found:
        d["days_left"] = (date.fromisoformat(d["reply_due"]) - today).days
        d["overdue"] = d["days_left"] < 0
        if d["overdue"]:
            d["status"] = "逾期未复"
        d["unit_name"] = d["unit_name"] or ""
        d["entity"], d["due"] = "document", d["reply_due"]
    return found


def overdue_count(ctx) -> int:
    return sum(1 for d in due_replies(ctx, within_days=0) if d["overdue"])
