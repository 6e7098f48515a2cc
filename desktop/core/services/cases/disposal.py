"""处置 of a lead by route, with the collective decision (集体排查), a due date per route, its result and the
documents it produced; the order of disposals is enforced here.

    disposal.dispose(ctx, lead_id, {"route": "初步核实", "decision_date": "2026-10-12",
                                    "participants": "王晓燕、李明、周强", "approver": "王晓燕"})
    disposal.dispose(ctx, lead_id, {"route": "予以了结", "decision_date": …, "result": "不属实", "clarified": True, …})
    disposal.dispose(ctx, lead_id, {"route": "立案", …, "open_decision": "清纪立〔2026〕2号"})   # opens the case
    disposal.overdue(ctx)    # open routes past their due date, for the 工作台

Order: a lead 已了结 / 已移送 / 已立案 takes no further disposal; leaving 谈话函询 or 初步核实 for 了结 or 立案
needs the result of that step. Due dates: db/seed/lead_rules.json, overridable in settings key lead_due_rules.
"""

from __future__ import annotations

import functools
import json
from datetime import date, timedelta

from sqlalchemy import select

from desktop.core.errors import GateRefused, ValidationError
from desktop.core.models.cases import (
    L_ENDED,
    L_FORWARDED,
    L_OPENED,
    OPEN_ROUTES,
    R_CHECK,
    R_END,
    R_FORWARD,
    R_OPEN,
    R_TALK,
    RESULTS,
    ROUTE_STATUS,
    ROUTES,
    Disposal,
    Lead,
)
from desktop.core.paths import seed_dir
from desktop.core.services import rows
from desktop.core.services.cases import access
from desktop.core.services.matters.records import _text, parse_date
from desktop.core.services.org import settings

SETTING_KEY = "lead_due_rules"
ENDED = (L_ENDED, L_FORWARDED, L_OPENED)


@functools.lru_cache(maxsize=1)
def _seed_rules() -> dict:
    return json.loads((seed_dir() / "lead_rules.json").read_text(encoding="utf-8"))


def due_rules(ctx) -> dict:
    """{route: {"working_days": n} | {"months": n}} and warn_days, from settings or the seed file."""
    return settings.get(ctx, SETTING_KEY) or _seed_rules()


def set_due_rules(ctx, due: dict) -> dict:
    """Save {route: {"working_days": n} | {"months": n}} for the open routes (管理员/负责人). ValidationError on
    an unknown route or a period outside 1–365 working days / 1–24 months; nothing saved then."""
    access.require_write(ctx)
    clean = {}
    for route, rule in due.items():
        if route not in OPEN_ROUTES:
            raise ValidationError(f"只有{'、'.join(OPEN_ROUTES)}有办理期限，没有“{route}”。", field="due")
        days, months = int(rule.get("working_days") or 0), int(rule.get("months") or 0)
        if not (1 <= days <= 365 or 1 <= months <= 24) or (days and months):
            raise ValidationError(f"{route}的期限应为 1–365 个工作日或 1–24 个月。", field="due")
        clean[route] = {"working_days": days} if days else {"months": months}
    rules = {**due_rules(ctx), "due": {**due_rules(ctx)["due"], **clean}}
    settings.put(ctx, SETTING_KEY, rules)
    return rules


def due_date_for(ctx, route: str, start: date) -> str | None:
    from desktop.core.services.problems.flow import add_months
    from desktop.core.workdays import add_working_days

    rule = due_rules(ctx)["due"].get(route)
    if not rule:
        return None
    if rule.get("working_days"):
        return add_working_days(start, int(rule["working_days"])).deadline.isoformat()
    return add_months(start, int(rule.get("months") or 0)).isoformat()


def of_lead_in(s, lead_id: str) -> list[dict]:
    t = Disposal.__table__
    q = select(t).where(t.c.lead_id == lead_id, t.c.deleted_at.is_(None)).order_by(t.c.decision_date, t.c.change_seq)
    return [dict(r) for r in s.execute(q).mappings()]


def _check_order(lead: dict, route: str) -> None:
    if route not in ROUTES:
        raise ValidationError(f"处置方式只能是：{'、'.join(ROUTES)}。", field="route")
    if lead["status"] in ENDED:
        what = {L_OPENED: "已立案", L_ENDED: "已了结", L_FORWARDED: "已移送"}[lead["status"]]
        raise GateRefused(f"问题线索 {lead['no']} {what}，不能再“{route}”。")


def _clean(ctx, lead: dict, last: dict | None, pl: dict) -> dict:
    route = pl["route"]
    day = parse_date(pl.get("decision_date"), "集体排查日期", "decision_date")
    if not day:
        raise ValidationError("请填写集体排查（研究决定）日期。", field="decision_date")
    if day > ctx.clock.today().isoformat():
        raise ValidationError("集体排查日期不能晚于今天。", field="decision_date")
    if day < lead["received_date"]:
        raise ValidationError(f"集体排查日期不能早于受理日期（{lead['received_date']}）。", field="decision_date")
    if last and day < last["decision_date"]:
        raise ValidationError(f"处置日期不能早于上一次处置（{last['decision_date']}）。", field="decision_date")
    v = {"route": route, "decision_date": day,
         "participants": _text(pl.get("participants"), 200, "参加集体排查人员", "participants"),
         "approver": _text(pl.get("approver"), 50, "审批人", "approver"),
         "documents": _text(pl.get("documents"), 500, "形成的文书", "documents"),
         "forwarded_to": _text(pl.get("forwarded_to"), 100, "移送单位", "forwarded_to"),
         "note": _text(pl.get("note"), 2000, "备注", "note"),
         "result": (pl.get("result") or None), "clarified": bool(pl.get("clarified"))}
    if not v["participants"]:
        raise ValidationError("请填写参加集体排查的人员。", field="participants")
    if not v["approver"]:
        raise ValidationError("请填写审批人。", field="approver")
    if v["result"] and v["result"] not in RESULTS:
        raise ValidationError(f"核实结果只能是：{'、'.join(RESULTS)}。", field="result")
    if v["clarified"] and v["result"] != "不属实" and (not last or last.get("result") != "不属实"):
        raise ValidationError("澄清正名只适用于反映不属实的线索。", field="clarified")
    if route == R_FORWARD and not v["forwarded_to"]:
        raise ValidationError("移送县/区须填写移送单位。", field="forwarded_to")
    due = parse_date(pl.get("due_date"), "办理期限", "due_date")
    if due and due < day:
        raise ValidationError("办理期限不能早于集体排查日期。", field="due_date")
    v["due_date"] = due or (due_date_for(ctx, route, date.fromisoformat(day)) if route in OPEN_ROUTES else None)
    return v


def _close_last(s, ctx, last: dict | None, v: dict) -> None:
    """Leaving an open route: its result is needed for 了结/立案 after 谈话函询/初步核实, and is recorded."""
    if not last or last["result_date"] or last["route"] not in OPEN_ROUTES:
        return
    result = last["result"] or v["result"]
    if v["route"] in (R_END, R_OPEN) and last["route"] in (R_TALK, R_CHECK) and not result:
        raise ValidationError(f"{last['route']}尚未登记结果（属实/部分属实/不属实），不能{v['route']}。", field="result")
    rows.update(s, ctx, Disposal, last["id"], {"result": result, "result_date": v["decision_date"]},
                reason=f"{last['route']}办结")


def dispose_in(s, ctx, lead_id: str, payload: dict) -> dict:
    lead = rows.require(s, Lead, lead_id, "问题线索")
    rows.require_own(ctx, lead)
    _check_order(lead, payload.get("route"))
    history = of_lead_in(s, lead_id)
    last = history[-1] if history else None
    v = _clean(ctx, lead, last, payload)
    _close_last(s, ctx, last, v)
    row = rows.insert(s, ctx, Disposal, {**v, "lead_id": lead_id}, summary=f"{lead['no']} {v['route']}")
    changes = {"status": ROUTE_STATUS[v["route"]], "route": v["route"], "due_date": v["due_date"]}
    if v["route"] == R_OPEN:
        from desktop.core.services.cases import cases

        case = cases.open_in(s, ctx, {**payload, "opened_date": payload.get("opened_date") or v["decision_date"],
                                      "lead_id": lead_id, "summary": payload.get("case_summary") or lead["summary"],
                                      "category": lead["category"], "topic": lead["topic"],
                                      "problem_id": lead["problem_id"]})
        changes["case_id"] = case["id"]
    rows.update(s, ctx, Lead, lead_id, changes, reason=f"线索处置：{v['route']}", action="线索处置")
    return row


def dispose(ctx, lead_id: str, payload: dict):
    """Dispose of a lead by `payload["route"]`. GateRefused/ValidationError and nothing written on bad input."""
    from desktop.core.services.cases import leads

    access.require_write(ctx)
    with ctx.session() as s:
        dispose_in(s, ctx, lead_id, payload)
    return leads.get_lead(ctx, lead_id, audit=False)


def record_result(ctx, lead_id: str, payload: dict):
    """Record the result of the current open route (e.g. the 函询 reply came back) without moving on."""
    from desktop.core.services.cases import leads

    access.require_write(ctx)
    with ctx.session() as s:
        lead = rows.require(s, Lead, lead_id, "问题线索")
        history = of_lead_in(s, lead_id)
        last = history[-1] if history else None
        if not last or last["route"] not in OPEN_ROUTES or last["result_date"] or lead["status"] in ENDED:
            raise GateRefused(f"问题线索 {lead['no']} 当前没有待办结的处置（谈话函询/初步核实/暂存待查）。")
        result = payload.get("result")
        if result not in RESULTS:
            raise ValidationError(f"核实结果只能是：{'、'.join(RESULTS)}。", field="result")
        day = parse_date(payload.get("result_date"), "办结日期", "result_date") or ctx.clock.today().isoformat()
        if day > ctx.clock.today().isoformat() or day < last["decision_date"]:
            raise ValidationError(f"办结日期应在 {last['decision_date']} 至今天之间。", field="result_date")
        docs = _text(payload.get("documents"), 500, "形成的文书", "documents") or last["documents"]
        rows.update(s, ctx, Disposal, last["id"], {"result": result, "result_date": day, "documents": docs},
                    reason=f"{last['route']}结果：{result}")
        rows.update(s, ctx, Lead, lead_id, {"due_date": None}, reason="处置办结")
    return leads.get_lead(ctx, lead_id, audit=False)


def overdue(ctx, *, within_days: int | None = None) -> list[dict]:
    """Open disposals past their due date (or due within `within_days`), oldest due first; [] for roles that
    may not see leads. Rows carry entity 'case_lead', id, no, route, due_date, days_left — no names."""
    if not access.can_see(ctx):
        return []
    today = ctx.clock.today()
    horizon = today + timedelta(days=within_days or 0)
    t = Lead.__table__
    q = (select(t.c.id, t.c.no, t.c.route, t.c.status, t.c.due_date, t.c.received_date)
         .where(t.c.deleted_at.is_(None), t.c.status.in_(OPEN_ROUTES), t.c.due_date.is_not(None),
                t.c.due_date < horizon.isoformat() if not within_days else t.c.due_date <= horizon.isoformat())
         .order_by(t.c.due_date))
    with ctx.reader() as s:
        out = [dict(r) for r in s.execute(q).mappings()]
    for r in out:
        r["entity"] = "case_lead"
        r["days_left"] = (date.fromisoformat(r["due_date"]) - today).days
    return out
