"""What a problem's record is made of besides its row: the timeline (events), the deadline history, the
evidence count and the search-index row. Low in the package: records.py and flow.py both write through it."""

from __future__ import annotations

import json

from sqlalchemy import func, or_, select

from desktop.core.clock import utc_iso
from desktop.core.errors import ValidationError
from desktop.core.models.attachments import Attachment
from desktop.core.models.problems import Problem, ProblemDeadline, ProblemEvent, ProblemFeedback
from desktop.core.models.registry import Unit
from desktop.core.services import rows
from desktop.core.store import fts


def parse_money(value, what: str, field: str):
    if value in (None, ""):
        return None
    try:
        amount = float(str(value).replace(",", "").replace("元", ""))
    except ValueError:
        raise ValidationError(f"{what}“{value}”不是数字（单位：元）。", field=field) from None
    if amount < 0:
        raise ValidationError(f"{what}不能为负数。", field=field)
    return amount


def add_event_in(s, ctx, problem: dict, action: str, from_status, to_status: str, *, reason=None, details=None,
                 on_date: str | None = None) -> None:
    """Append one timeline entry (the transition itself is audited by the caller)."""
    values = {"problem_id": problem["id"], "at": utc_iso(ctx.clock.now()),
              "on_date": on_date or ctx.clock.today().isoformat(), "action": action, "from_status": from_status,
              "to_status": to_status, "actor": ctx.user_name, "reason": reason,
              "details_json": json.dumps(details, ensure_ascii=False, default=str) if details else None}
    rows.bulk_insert(s, ctx, ProblemEvent, [values])  # one cached statement: cheaper than insert() per row


def add_deadline_in(s, ctx, problem: dict, deadline: str, *, kind: str, working_days=None, reason=None,
                    approver=None) -> None:
    """Append one deadline-history row; `problem` is the row before the change (its deadline = previous)."""
    values = {"problem_id": problem["id"], "deadline": deadline, "previous": problem.get("deadline"),
              "set_on": ctx.clock.today().isoformat(), "kind": kind, "working_days": working_days,
              "reason": reason, "approver": approver}
    rows.bulk_insert(s, ctx, ProblemDeadline, [values])


def evidence_count_in(s, problem_id: str) -> int:
    """Evidence attachments of a problem: on the problem itself or on any of its feedback entries."""
    a, f = Attachment.__table__, ProblemFeedback.__table__
    fb = select(f.c.id).where(f.c.problem_id == problem_id, f.c.deleted_at.is_(None))
    q = select(func.count()).select_from(a).where(
        a.c.deleted_at.is_(None),
        or_((a.c.owner_entity == "problem") & (a.c.owner_id == problem_id),
            (a.c.owner_entity == "problem_feedback") & a.c.owner_id.in_(fb)))
    return s.execute(q).scalar_one()


def search_text(p: dict, unit_name: str | None) -> tuple[str, str]:
    """(title, body) of a problem's search-index row."""
    title = f"{p['no']} {unit_name or ''}：{(p['description'] or '')[:40]}"
    # what users search for: descriptions, measures, names and units (kept short: 1–2 character terms scan it)
    parts = [p["no"], unit_name, p.get("people_names"), p.get("category"), p.get("problem_type"),
             p.get("description"), p.get("requirement"), p.get("measures"), p.get("progress_note"),
             p.get("doc_no"), p.get("note")]
    return title, " ".join(x for x in parts if x)


def reindex_in(s, problem_id: str, row: dict | None = None) -> None:
    """Refresh the search-index row of one problem (`row`: the current problem row, if the caller has it)."""
    p = row if row is not None else rows.get(s, Problem, problem_id)
    if p is None:
        fts.remove(s, "problem", problem_id)
        return
    unit = rows.get(s, Unit, p["unit_id"]) if p["unit_id"] else None
    fts.upsert(s, "problem", problem_id, *search_text(p, unit["name"] if unit else None))
