"""Lists of problems: filters, sorting and keyset paging in SQL (so 100,000 problems stay smooth).

    page = problem_query.page_problems(ctx, {"status": ["整改中"], "colour": "red"}, ("deadline", "asc"))
    more = problem_query.page_problems(ctx, same_filters, same_sort, after=page["next"])

Filters (all optional): unit_id (id or list), status (name or list), colour (red/yellow/white/blue/green/grey or
list), category, problem_type, source, handling, severity (value or list), matter_id, inspection_id,
found_from / found_to ('YYYY-MM-DD', the period), year, text (full-text search), overdue (bool),
open_only (bool), ids (list), origin_site (site code or list: the district's township filter; None = all).
Sort keys: SORT_KEYS (any ledger column); direction "asc" or "desc".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import and_, case, func, literal, literal_column, or_, select, tuple_

from desktop.core.errors import ValidationError
from desktop.core.models.problems import (
    DEADLINE_STATUSES,
    ENDED_STATUSES,
    S_ARCHIVED,
    S_CLOSED,
    Problem,
)
from desktop.core.models.registry import Unit
from desktop.core.services.problems import rules as problem_rules
from desktop.core.store import fts

P = Problem.__table__
U = Unit.__table__

LIST_COLUMNS = ("id", "no", "year", "seq", "unit_id", "category", "problem_type", "description", "found_date",
                "source", "handling", "severity", "status", "matter_id", "inspection_id", "people_names",
                "requirement", "deadline", "measures", "feedback_date", "review_opinion", "closed_date",
                "revisit_due", "revisit_date", "revisit_result", "relapse_count", "extension_count",
                "amount_involved", "money_recovered", "rules_made", "doc_no", "progress_note", "basis_violated",
                "note", "updated_at", "origin_site")


def _sort_exprs() -> dict:
    """Sort key → the SQL expressions ordered on (NULLs folded so keyset comparisons work)."""
    # literal '' (not a bound parameter) so SQLite matches the expression indexes of the migration
    txt = lambda c: func.coalesce(c, literal_column("''"))  # noqa: E731
    num = lambda c: func.coalesce(c, literal_column("-1"))  # noqa: E731
    return {
        "no": [P.c.year, P.c.seq, P.c.no],
        "found_date": [P.c.found_date],
        "unit": [txt(P.c.unit_id)],  # grouped by unit in registry order (ids are time-ordered UUIDv7)
        "category": [txt(P.c.category)],
        "problem_type": [txt(P.c.problem_type)],
        "description": [P.c.description],
        "people": [txt(P.c.people_names)],
        "source": [P.c.source],
        "handling": [P.c.handling],
        "severity": [P.c.severity],
        "status": [P.c.status],
        "deadline": [txt(P.c.deadline)],
        "closed_date": [txt(P.c.closed_date)],
        "revisit_due": [txt(P.c.revisit_due)],
        "amount_involved": [num(P.c.amount_involved)],
        "money_recovered": [num(P.c.money_recovered)],
        "relapse_count": [P.c.relapse_count],
        "updated_at": [P.c.updated_at],
    }


SORT_KEYS = tuple(_sort_exprs())


def _as_list(value) -> list:
    if value in (None, "", [], ()):
        return []
    return list(value) if isinstance(value, (list, tuple, set)) else [value]


def colour_condition(colour: str, today: str, horizon: str):
    """SQL condition for one derived colour (same rule as problem_rules.colour)."""
    due = and_(P.c.status.in_(DEADLINE_STATUSES), P.c.deadline.is_not(None))
    if colour == "red":
        return and_(due, P.c.deadline < today)
    if colour == "yellow":
        return and_(due, P.c.deadline >= today, P.c.deadline <= horizon)
    if colour == "blue":
        return P.c.status == S_CLOSED
    if colour == "green":
        return P.c.status == S_ARCHIVED
    if colour == "grey":
        return P.c.status.in_(ENDED_STATUSES)
    if colour == "white":
        closed = (S_CLOSED, S_ARCHIVED, *ENDED_STATUSES)
        return and_(P.c.status.not_in(closed), or_(~due, P.c.deadline > horizon))
    raise ValidationError(f"未知的颜色“{colour}”。")


def colour_expr(today: str, horizon: str):
    due = and_(P.c.status.in_(DEADLINE_STATUSES), P.c.deadline.is_not(None))
    return case(
        (P.c.status.in_(ENDED_STATUSES), literal("grey")),
        (P.c.status == S_ARCHIVED, literal("green")),
        (P.c.status == S_CLOSED, literal("blue")),
        (and_(due, P.c.deadline < today), literal("red")),
        (and_(due, P.c.deadline <= horizon), literal("yellow")),
        else_=literal("white"),
    )


def conditions(s, ctx, filters: dict | None, warning_tiers: list[int]) -> list:
    f = filters or {}
    today = ctx.clock.today()
    horizon = (today + timedelta(days=max(warning_tiers))).isoformat()
    conds = [P.c.deleted_at.is_(None)]
    for key in ("unit_id", "status", "category", "problem_type", "source", "handling", "severity", "matter_id",
                "inspection_id", "origin_site"):
        values = _as_list(f.get(key))
        if values:
            conds.append(P.c[key].in_(values))
    colours = _as_list(f.get("colour"))
    if colours:
        conds.append(or_(*(colour_condition(c, today.isoformat(), horizon) for c in colours)))
    if f.get("overdue"):
        conds.append(colour_condition("red", today.isoformat(), horizon))
    if f.get("open_only"):
        conds.append(P.c.status.not_in((S_CLOSED, S_ARCHIVED, *ENDED_STATUSES)))
    if f.get("found_from"):
        conds.append(P.c.found_date >= str(f["found_from"]))
    if f.get("found_to"):
        conds.append(P.c.found_date <= str(f["found_to"]))
    if f.get("year"):
        conds.append(P.c.year == int(f["year"]))
    if _as_list(f.get("ids")):
        conds.append(P.c.id.in_(_as_list(f["ids"])))
    if (f.get("text") or "").strip():
        conds.append(P.c.id.in_(fts.matching_ids(s, "problem", f["text"])))
    return conds


def _sort(sort) -> tuple[list, bool, str]:
    key, direction = (sort, "asc") if isinstance(sort, str) else (tuple(sort) + ("asc",))[:2]
    exprs = _sort_exprs().get(key)
    if exprs is None:
        raise ValidationError(f"不能按“{key}”排序。", hint=f"可用：{'、'.join(SORT_KEYS)}")
    if direction not in ("asc", "desc"):
        raise ValidationError("排序方向只能是 asc 或 desc。")
    return exprs, direction == "desc", key


def page_problems(ctx, filters: dict | None = None, sort=("found_date", "desc"), after: list | None = None,
                  limit: int = 200, *, with_total: bool = True) -> dict:
    """One page: {"rows": [...], "next": cursor or None, "total": count of all matching rows}.

    Rows carry the LIST_COLUMNS plus unit_name, colour, colour_label, days_left and tier. Pass `next`
    back as `after` with the same filters and sort for the following page.
    """
    today = ctx.clock.today()
    with ctx.reader() as s:
        warning = problem_rules.tiers(s, in_session=True)
        conds = conditions(s, ctx, filters, warning)
        exprs, desc, _ = _sort(sort)
        keys = [*exprs, P.c.id]
        # Deferred join: page the narrow (sort key, id) first — an index-only scan for the indexed sorts —
        # then fetch the full rows of that page only.
        inner = select(P.c.id.label("pid"), *(e.label(f"_k{i}") for i, e in enumerate(exprs))).where(*conds)
        if after:
            if len(after) != len(keys):
                raise ValidationError("翻页位置无效，请从第一页重新加载。")
            inner = inner.where(tuple_(*keys) < tuple_(*after) if desc else tuple_(*keys) > tuple_(*after))
        inner = inner.order_by(*(k.desc() if desc else k.asc() for k in keys)).limit(limit + 1).subquery()
        page_keys = [*(inner.c[f"_k{i}"] for i in range(len(exprs))), inner.c.pid]
        q = (select(*(P.c[c] for c in LIST_COLUMNS), U.c.name.label("unit_name"),
                    *(inner.c[f"_k{i}"] for i in range(len(exprs))))
             .select_from(inner.join(P, P.c.id == inner.c.pid).outerjoin(U, U.c.id == P.c.unit_id))
             .order_by(*(k.desc() if desc else k.asc() for k in page_keys)))
        raw = [dict(r) for r in s.execute(q).mappings()]
        total = None
        if with_total:
            total = s.execute(select(func.count()).select_from(P).where(*conds)).scalar_one()
    more = len(raw) > limit
    raw = raw[:limit]
    nxt = [*(raw[-1][f"_k{i}"] for i in range(len(exprs))), raw[-1]["id"]] if more and raw else None
    for r in raw:
        for i in range(len(exprs)):
            r.pop(f"_k{i}")
        problem_rules.decorate(r, today, warning)
    return {"rows": raw, "next": nxt, "total": total}


def iter_problems(ctx, filters: dict | None = None, sort=("no", "asc"), batch: int = 2000) -> Iterator[dict]:
    """Every matching problem, page by page (exports, chase lists)."""
    after = None
    while True:
        page = page_problems(ctx, filters, sort, after=after, limit=batch, with_total=False)
        yield from page["rows"]
        after = page["next"]
        if after is None:
            return


def list_problems(ctx, filters: dict | None = None, sort=("no", "asc"), limit: int | None = None) -> list[dict]:
    out = []
    for row in iter_problems(ctx, filters, sort):
        out.append(row)
        if limit and len(out) >= limit:
            break
    return out


def count_problems(ctx, filters: dict | None = None) -> int:
    with ctx.reader() as s:
        warning = problem_rules.tiers(s, in_session=True)
        conds = conditions(s, ctx, filters, warning)
        return s.execute(select(func.count()).select_from(P).where(*conds)).scalar_one()


def counts_by(ctx, column: str, filters: dict | None = None) -> dict:
    """{value: count} grouped by a problem column (status, unit_id, category …) or 'colour'."""
    today = ctx.clock.today()
    with ctx.reader() as s:
        warning = problem_rules.tiers(s, in_session=True)
        conds = conditions(s, ctx, filters, warning)
        horizon = (today + timedelta(days=max(warning))).isoformat()
        key = colour_expr(today.isoformat(), horizon) if column == "colour" else P.c[column]
        q = select(key.label("k"), func.count()).select_from(P).where(*conds).group_by(key)
        return {k: n for k, n in s.execute(q)}


def matter_counts(ctx, matter_ids: list[str] | None = None) -> dict[str, dict]:
    """Per supervision matter, derived from the problems (never typed in):
    {matter_id: {"found": problems found (不予认定 excluded), "rectified": 已销号 + 已归档,
    "open": still being handled, "overdue": red}}."""
    from desktop.core.models.problems import DONE_STATUSES, OPEN_STATUSES, S_REJECTED

    today = ctx.clock.today().isoformat()
    key = P.c.matter_id
    red = colour_condition("red", today, today)
    q = (select(key, func.count().label("found"),
                func.sum(case((P.c.status.in_(DONE_STATUSES), 1), else_=0)).label("rectified"),
                func.sum(case((P.c.status.in_(OPEN_STATUSES), 1), else_=0)).label("open"),
                func.sum(case((red, 1), else_=0)).label("overdue"))
         .where(P.c.deleted_at.is_(None), key.is_not(None), P.c.status != S_REJECTED).group_by(key))
    if matter_ids is not None:
        q = q.where(key.in_(matter_ids))
    with ctx.reader() as s:
        return {r.matter_id: {"found": r.found, "rectified": r.rectified, "open": r.open, "overdue": r.overdue}
                for r in s.execute(q)}


def chase_list(ctx, unit_id: str | None = None) -> list[dict]:
    """Open problems that are overdue or due within the tiers (red and yellow), by unit then deadline."""
    filters = {"colour": ["red", "yellow"]}
    if unit_id:
        filters["unit_id"] = unit_id
    rows = list_problems(ctx, filters, ("deadline", "asc"))
    rows.sort(key=lambda r: (r["unit_name"] or "", r["deadline"] or "", r["no"]))
    for i, r in enumerate(rows, start=1):
        r["seq"] = i
    return rows
