"""Village profile (村居档案): everything about one unit on one page.

Cadres, inspections over time, problems with their deadline colours, documents (once issue 6's documents
exist), a score per quarter (weighted share of answered check points passed, 不适用 left out) and the
屡查屡犯 flag: the same category failing again within N months (setting "repeat_offence_months", default 12).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from desktop.core.models.checks import Inspection, InspectionItem
from desktop.core.models.registry import Person, Unit
from desktop.core.services import rows
from desktop.core.services.checks.coverage import period_of
from desktop.core.services.checks.inspections import list_inspections_in
from desktop.core.services.org import settings

CLOSED_STATUSES = ("已销号", "已归档", "不予认定", "已移交")


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    m += 1
    last = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return date(y, m, min(d.day, last))


def results_of_in(s, unit_id: str) -> list[dict]:
    """Answered items of completed inspections concerning `unit_id`: date, inspection_id, category, result, weight."""
    t, ii = Inspection.__table__, InspectionItem.__table__
    q = (select(t.c.date, t.c.id.label("inspection_id"), ii.c.category, ii.c.result, ii.c.weight, ii.c.code,
                ii.c.subject)
         .select_from(ii.join(t, t.c.id == ii.c.inspection_id))
         .where(ii.c.unit_id == unit_id, ii.c.deleted_at.is_(None), t.c.deleted_at.is_(None),
                t.c.status == "已完成", ii.c.result.is_not(None))
         .order_by(t.c.date))
    return [dict(r) for r in s.execute(q).mappings()]


def scores(results: list[dict], kind: str = "quarter") -> list[dict]:
    """Per period: score = 100 × weight passed / weight answered (符合 + 不符合), oldest first."""
    acc: dict[str, dict] = {}
    for r in results:
        if r["result"] == "不适用":
            continue
        p = period_of(date.fromisoformat(r["date"]), kind)
        a = acc.setdefault(p.key, {"period": p.key, "label": p.label, "passed": 0.0, "answered": 0.0,
                                   "failed_count": 0, "inspections": set()})
        w = r["weight"] or 1.0
        a["answered"] += w
        a["inspections"].add(r["inspection_id"])
        if r["result"] == "符合":
            a["passed"] += w
        else:
            a["failed_count"] += 1
    out = []
    for key in sorted(acc):
        a = acc[key]
        out.append({"period": key, "label": a["label"], "score": round(100 * a["passed"] / a["answered"], 1),
                    "failed_count": a["failed_count"], "inspections": len(a["inspections"])})
    return out


def repeat_offences(results: list[dict], months: int, today: date) -> list[dict]:
    """Categories failed in two different inspections no more than `months` apart.

    Each entry: category, dates (all failure dates), first/again (the closest repeating pair), active (the
    repeat happened within `months` of today).
    """
    fails: dict[str, dict[str, str]] = defaultdict(dict)
    for r in results:
        if r["result"] == "不符合":
            fails[r["category"]].setdefault(r["inspection_id"], r["date"])
    out = []
    for category, by_ins in fails.items():
        dates = sorted(by_ins.values())
        pairs = [(a, b) for a, b in zip(dates, dates[1:], strict=False)
                 if date.fromisoformat(b) <= add_months(date.fromisoformat(a), months)]
        if not pairs:
            continue
        first, again = pairs[-1]
        active = add_months(date.fromisoformat(again), months) >= today
        out.append({"category": category, "dates": dates, "first": first, "again": again, "active": active,
                    "times": len(dates)})
    out.sort(key=lambda x: (not x["active"], x["again"]), reverse=False)
    return out


def cadres_in(s, unit_id: str) -> list[dict]:
    p = Person.__table__
    q = (select(p.c.id, p.c.name, p.c.gender, p.c.position, p.c.party_member, p.c.term_start, p.c.term_end,
                p.c.phone, p.c.active)
         .where(p.c.unit_id == unit_id, p.c.deleted_at.is_(None)).order_by(p.c.active.desc(), p.c.position))
    return [dict(r) for r in s.execute(q).mappings()]


def problems_in(s, ctx, unit_id: str) -> list[dict]:
    """The unit's problems (issue 4's ledger), newest first, each with its deadline `colour` and `open` flag."""
    from desktop.core.models.problems import Problem
    from desktop.core.services.problems import rules as problem_rules

    t = Problem.__table__
    q = select(t).where(t.c.unit_id == unit_id, t.c.deleted_at.is_(None)).order_by(t.c.found_date.desc(), t.c.no)
    found = [dict(r) for r in s.execute(q).mappings()]
    tiers = problem_rules.tiers(s, in_session=True)
    today = ctx.clock.today()
    for r in found:
        r["colour"] = problem_rules.colour(r, today, tiers)
        r["open"] = r["status"] not in CLOSED_STATUSES
    return found


def documents_in(s, unit_id: str) -> dict:
    """Documents linked to the unit (issue 6). Until that module exists: available=False and no rows."""
    try:
        from desktop.core.services.documents import records as doc_service
    except ImportError:
        return {"available": False, "rows": []}
    fn = getattr(doc_service, "list_for_unit_in", None)
    if fn is None:
        return {"available": False, "rows": []}
    return {"available": True, "rows": fn(s, unit_id)}


def profile(ctx, unit_id: str) -> dict:
    """One unit's page: unit, cadres, inspections, problems, documents, scores, repeat_offences, flag."""
    raw = settings.get(ctx, "repeat_offence_months")
    months = 12 if raw in (None, "") else int(raw)
    today = ctx.clock.today()
    with ctx.reader() as s:
        unit = rows.require(s, Unit, unit_id, "单位")
        results = results_of_in(s, unit_id)
        data = {
            "unit": unit,
            "cadres": cadres_in(s, unit_id),
            "inspections": list_inspections_in(s, unit_id=unit_id),
            "problems": problems_in(s, ctx, unit_id),
            "documents": documents_in(s, unit_id),
        }
    data["scores"] = scores(results)
    data["repeat_offences"] = repeat_offences(results, months, today)
    data["repeat_months"] = months
    data["repeat_flag"] = any(r["active"] for r in data["repeat_offences"])
    data["open_problems"] = sum(1 for p in data["problems"] if p["open"])
    data["closed_problems"] = len(data["problems"]) - data["open_problems"]
    return data
