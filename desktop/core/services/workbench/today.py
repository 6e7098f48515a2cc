"""工作台 (today): what needs attention now, and the 催办单 (chase list) per unit.

    data = workbench.today(ctx)
    data["overdue"]["count"], data["overdue"]["rows"]     # red
    data["due_soon"]                                      # yellow, with per-tier counts
    data["revisit_due"], data["awaiting_review"], data["recent"], data["replies"]

Every row has `entity` and `id` so the GUI can open the record.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from desktop.core.models.problems import S_CLOSED, S_REVIEW, Problem, ProblemEvent
from desktop.core.services.documents import alerts as doc_alerts
from desktop.core.services.problems import query as problem_query
from desktop.core.services.problems import rules as problem_rules
from desktop.core.services.problems.query import chase_list
from desktop.core.xlsx import XlsxColumn, write_table

log = logging.getLogger(__name__)
LIST_LIMIT = 50


def _section(ctx, filters: dict, sort, limit: int) -> dict:
    page = problem_query.page_problems(ctx, filters, sort, limit=limit)
    for r in page["rows"]:
        r["entity"] = "problem"
    return {"count": page["total"], "rows": page["rows"]}


def today(ctx, *, limit: int = LIST_LIMIT, recent_days: int = 7) -> dict:
    """Counts and lists for the 工作台. Sections: overdue, due_soon (+ tiers, by_tier), revisit_due,
    awaiting_review, recent (problems changed in the last `recent_days` days, newest first), replies
    (document reply deadlines from desktop.core.services.documents.alerts when that module exists, else None),
    lead_overdue (overdue lead disposals; None for roles that may not see leads)."""
    day = ctx.clock.today()
    tiers = problem_rules.tiers(ctx)
    due_soon = _section(ctx, {"colour": "yellow"}, ("deadline", "asc"), limit)
    by_tier = {t: 0 for t in tiers}
    for t, n in _tier_counts(ctx, tiers).items():
        by_tier[t] = n
    due_soon.update(tiers=tiers, by_tier=by_tier)
    return {
        "today": day.isoformat(),
        "overdue": _section(ctx, {"colour": "red"}, ("deadline", "asc"), limit),
        "due_soon": due_soon,
        "revisit_due": _revisits(ctx, limit),
        "awaiting_review": _section(ctx, {"status": S_REVIEW}, ("updated_at", "asc"), limit),
        "recent": _recent(ctx, recent_days, limit),
        "replies": due_replies(ctx),
        "lead_overdue": lead_overdue(ctx, limit),
    }


def lead_overdue(ctx, limit: int = LIST_LIMIT) -> dict | None:
    """Lead disposals (谈话函询/初步核实/暂存待查) past their due date; None for roles that may not see leads,
    so the 工作台 shows nothing of them (not even a count)."""
    from desktop.core.services.cases import access, disposal

    if not access.can_see(ctx):
        return None
    rows = disposal.overdue(ctx)
    return {"count": len(rows), "rows": rows[:limit]}


def _tier_counts(ctx, tiers: list[int]) -> dict[int, int]:
    """Open items per tightest tier (e.g. {20: 4, 10: 2, 0: 1}: 0 = due today)."""
    day = ctx.clock.today()
    p = Problem.__table__
    with ctx.reader() as s:
        conds = problem_query.conditions(s, ctx, {"colour": "yellow"}, tiers)
        dls = s.execute(select(p.c.deadline).where(*conds)).scalars().all()
    out: dict[int, int] = {}
    for d in dls:
        left = (problem_rules.as_date(d, "") - day).days
        tier = problem_rules.tier_of(left, tiers)
        if tier is not None:
            out[tier] = out.get(tier, 0) + 1
    return out


def _revisits(ctx, limit: int) -> dict:
    """Closed problems whose 回头看 date has come (or is within the largest tier)."""
    day = ctx.clock.today()
    horizon = (day + timedelta(days=max(problem_rules.tiers(ctx)))).isoformat()
    p = Problem.__table__
    with ctx.reader() as s:
        base = select(p.c.id).where(p.c.deleted_at.is_(None), p.c.status == S_CLOSED, p.c.revisit_due <= horizon)
        ids = s.execute(base.order_by(p.c.revisit_due).limit(limit)).scalars().all()
        total = s.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    rows = problem_query.list_problems(ctx, {"ids": ids}, ("revisit_due", "asc")) if ids else []
    for r in rows:
        r["entity"] = "problem"
        r["revisit_overdue"] = r["revisit_due"] < day.isoformat()
    return {"count": total, "rows": rows}


def _recent(ctx, days: int, limit: int) -> dict:
    """Problems changed (a timeline entry recorded) in the last `days` days, newest first, with that entry.

    Walks the event index newest first and stops once `limit` problems are found, so it stays fast however
    many changes there were; the count is of distinct problems.
    """
    since = (ctx.clock.today() - timedelta(days=days)).isoformat()
    e = ProblemEvent.__table__
    with ctx.reader() as s:
        total = s.execute(select(func.count(func.distinct(e.c.problem_id))).where(e.c.at >= since)).scalar_one()
        q = (select(e.c.problem_id, e.c.action, e.c.actor, e.c.at).where(e.c.at >= since)
             .order_by(e.c.at.desc(), e.c.change_seq.desc()))
        events: dict[str, dict] = {}
        for r in s.execute(q):
            if r.problem_id not in events:
                events[r.problem_id] = dict(r._mapping)
                if len(events) >= limit:
                    break
    ids = list(events)
    rows = {r["id"]: r for r in problem_query.list_problems(ctx, {"ids": ids})} if ids else {}
    out = [{**rows[pid], "entity": "problem", "last_action": ev["action"], "last_actor": ev["actor"],
            "last_at": ev["at"]} for pid, ev in events.items() if pid in rows]
    return {"count": total, "rows": out}


def due_replies(ctx) -> dict:
    """Document reply deadlines (documents.alerts.due_replies); the 工作台 still opens if reading them fails."""
    try:
        rows = list(doc_alerts.due_replies(ctx))
    except Exception:  # noqa: BLE001 - the 工作台 must open even if another module misbehaves
        log.exception("doc_alerts.due_replies failed")
        return {"count": 0, "rows": [], "error": "文书回复期限暂时无法读取"}
    return {"count": len(rows), "rows": rows}


# ---------------------------------------------------------------- 催办单


CHASE_COLUMNS = [
    XlsxColumn("序号", "seq", 6, "int"),
    XlsxColumn("问题编号", "no", 11),
    XlsxColumn("所属村(单位)", "unit_name", 14),
    XlsxColumn("问题描述", "description", 44),
    XlsxColumn("责任人", "people_names", 12),
    XlsxColumn("整改要求", "requirement", 28),
    XlsxColumn("整改时限", "deadline", 12, "date"),
    XlsxColumn("剩余天数", "days_left", 9, "int"),
    XlsxColumn("状态", lambda r: f"{r['status']}（{problem_rules.COLOUR_SHORT[r['colour']]}）", 14),
    XlsxColumn("整改进展", "progress_note", 24),
]


def export_chase_list(ctx, path: Path | str, unit_id: str | None = None) -> int:
    """Write the 催办单 (one unit, or all units) to .xlsx; returns the number of problems listed."""
    rows = chase_list(ctx, unit_id)
    unit = rows[0]["unit_name"] if unit_id and rows else None
    title = f"问题整改催办单（{unit or '全部单位'}，截至 {ctx.clock.today().isoformat()}）"
    n = write_table(Path(path), "催办单", CHASE_COLUMNS, rows, fill=lambda r: r["colour"], title=title)
    from desktop.core.services.audit.log import record_export

    record_export(ctx, "催办单", path, n)
    return n
