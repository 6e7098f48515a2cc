"""The problem lifecycle and its gates, enforced here, never in the UI.

Action (Chinese name)   from status                          → to status      required payload
交办                    待核实                                → 已交办          requirement, deadline|working_days
                        (已交办/整改中/持续整改 with doc_id: links the notice, status unchanged)
开始整改                已交办                                → 整改中
反馈                    已交办/整改中/持续整改*               → 待审核          measures (* all milestones met)
立行立改                待核实/已交办/整改中                  → 待审核          measures + evidence
审核通过                待审核                                  (unchanged)     opinion (reviewer: default user)
退回重改                待审核                                → 整改中          reason
销号                    待审核                                → 已销号          feedback received, review opinion,
                                                                                ≥ 1 evidence attachment
回头看通过              已销号                                → 已归档
回头看反弹              已销号/已归档                         → 整改中          reason, new deadline; relapse +1
延期                    已交办/整改中/持续整改                  (unchanged)     later deadline, reason, approver
持续整改                已交办/整改中                         → 持续整改        milestones [{title, due}]
阶段完成                持续整改                                (unchanged)     (milestone id or seq)
催办                    已交办/整改中/持续整改                  (unchanged)
不予认定                待核实/已交办/整改中/持续整改/待审核   → 不予认定        reason
移交                    any but 不予认定/已移交                → 已移交          reason (forwarded_to)

Common payload: on_date (the day it happened, default today; not in the future, not before the date found;
销号 not before the feedback, 回头看 not before the close-out),
reason, note, doc_id / doc_no, evidence (file paths attached to the feedback entry).
Every action writes a problem_event row (the timeline) and an audit entry; a refusal raises GateRefused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from desktop.core.errors import GateRefused
from desktop.core.models.problems import (
    DEADLINE_STATUSES,
    ENDED_STATUSES,
    OPEN_STATUSES,
    S_ARCHIVED,
    S_ASSIGNED,
    S_CLOSED,
    S_FIXING,
    S_LONG,
    S_PENDING,
    S_REJECTED,
    S_REVIEW,
    S_TRANSFERRED,
    STATUSES,
    Problem,
    ProblemFeedback,
    ProblemMilestone,
)
from desktop.core.services import attachments, rows
from desktop.core.services.org import settings
from desktop.core.services.problems import history
from desktop.core.services.problems import rules as problem_rules

FROM: dict[str, tuple[str, ...]] = {
    "交办": (S_PENDING,),
    "开始整改": (S_ASSIGNED,),
    "反馈": (S_ASSIGNED, S_FIXING, S_LONG),
    "立行立改": (S_PENDING, S_ASSIGNED, S_FIXING),
    "审核通过": (S_REVIEW,),
    "退回重改": (S_REVIEW,),
    "销号": (S_REVIEW,),
    "回头看通过": (S_CLOSED,),
    "回头看反弹": (S_CLOSED, S_ARCHIVED),
    "延期": DEADLINE_STATUSES,
    "持续整改": (S_ASSIGNED, S_FIXING),
    "阶段完成": (S_LONG,),
    "催办": DEADLINE_STATUSES,
    "不予认定": OPEN_STATUSES,
    "移交": tuple(s for s in STATUSES if s not in ENDED_STATUSES),
}
ACTIONS = tuple(FROM)


@dataclass
class Step:
    """What a handler decided: the new status, column changes, the reason and details for the timeline."""

    to: str
    changes: dict = field(default_factory=dict)
    reason: str | None = None
    details: dict = field(default_factory=dict)
    after: list = field(default_factory=list)  # callables (s, ctx, problem) run after the problem row is updated


def allowed_actions(p: dict) -> list[str]:
    """Actions whose start status matches (payload gates are checked when applied)."""
    return [a for a, starts in FROM.items() if p["status"] in starts]


def apply_in(s, ctx, p: dict, action: str, payload: dict) -> dict:
    """Check the gates of `action` on problem row `p`, then write it. Returns the new problem row."""
    if action not in FROM:
        raise GateRefused(f"未知的操作“{action}”。", hint=f"可用操作：{'、'.join(ACTIONS)}")
    linking = action == "交办" and p["status"] in DEADLINE_STATUSES and payload.get("doc_id")
    if p["status"] not in FROM[action] and not linking:
        raise GateRefused(_wrong_status(p, action))
    on = _on_date(ctx, p, payload)
    step = HANDLERS[action](s, ctx, p, payload, on)
    changes = {**step.changes, "status": step.to}
    new = rows.update(s, ctx, Problem, p["id"], changes, reason=step.reason or action, action=f"问题{action}")
    for run in step.after:
        run(s, ctx, new)
    history.add_event_in(s, ctx, new, action, p["status"], step.to, reason=step.reason, details=step.details,
                         on_date=on.isoformat())
    rows.write_audit(s, ctx, f"问题{action}", "problem", p["id"], before={"status": p["status"]},
                     after={"status": step.to, **step.details}, summary=f"{p['no']} {action}：{step.reason or ''}")
    history.reindex_in(s, p["id"], new)
    return new


def _wrong_status(p: dict, action: str) -> str:
    starts = "、".join(FROM[action])
    return f"问题 {p['no']} 当前状态为“{p['status']}”，不能执行“{action}”（仅限：{starts}）。"


def _on_date(ctx, p: dict, payload: dict) -> date:
    raw = payload.get("on_date") or payload.get("date")
    try:
        on = problem_rules.as_date(raw, "日期") if raw else ctx.clock.today()
    except Exception as exc:  # ValidationError → a refused gate
        raise GateRefused(getattr(exc, "message", str(exc))) from None
    if on > ctx.clock.today():
        raise GateRefused(f"日期 {on.isoformat()} 晚于今天，不能预先登记。")
    if on < date.fromisoformat(p["found_date"]):
        raise GateRefused(f"日期 {on.isoformat()} 早于问题的发现日期 {p['found_date']}。")
    return on


def _text(payload: dict, key: str, message: str) -> str:
    value = (payload.get(key) or "").strip() if isinstance(payload.get(key), str) else payload.get(key)
    if not value:
        raise GateRefused(message)
    return value


def _deadline(payload: dict, p: dict, start: date, message: str | None) -> tuple[str | None, int | None, str]:
    d, n, note = problem_rules.resolve_deadline(payload, start, date.fromisoformat(p["found_date"]))
    if d is None and message:
        raise GateRefused(message)
    return d, n, note


def _deadline_row(old: dict, deadline: str, kind: str, n, reason=None, approver=None):
    """After-step adding a deadline-history row; `old` is the problem before the change (its deadline is kept
    as `previous`)."""
    def run(s, ctx, new):
        history.add_deadline_in(s, ctx, old, deadline, kind=kind, working_days=n, reason=reason, approver=approver)

    return run


def _feedback_count(s, problem_id: str) -> int:
    t = ProblemFeedback.__table__
    return len(s.execute(select(t.c.id).where(t.c.problem_id == problem_id, t.c.deleted_at.is_(None))).all())


def _milestones(s, problem_id: str) -> list[dict]:
    t = ProblemMilestone.__table__
    q = select(t).where(t.c.problem_id == problem_id, t.c.deleted_at.is_(None)).order_by(t.c.seq)
    return [dict(r) for r in s.execute(q).mappings()]


def _evidence_paths(payload: dict) -> list:
    ev = payload.get("evidence") or []
    return [ev] if isinstance(ev, str) else list(ev)


def _add_feedback(payload: dict, on: date, measures: str, source: str):
    def run(s, ctx, new):
        fb = rows.insert(s, ctx, ProblemFeedback, {
            "problem_id": new["id"], "feedback_date": on.isoformat(), "measures": measures, "source": source,
            "doc_id": payload.get("doc_id"), "received_by": payload.get("received_by") or ctx.user_name,
            "note": payload.get("note")})
        for path in _evidence_paths(payload):
            attachments.add_file_in(s, ctx, path, "problem_feedback", fb["id"], payload.get("evidence_kind"))

    return run


def _check_evidence_readable(payload: dict) -> None:
    from pathlib import Path

    for path in _evidence_paths(payload):
        if not Path(path).is_file():
            raise GateRefused(f"佐证材料“{Path(path).name}”无法读取（文件不存在或不是普通文件）。")


# ---------------------------------------------------------------- handlers


def _assign(s, ctx, p, pl, on):
    if p["status"] != S_PENDING:  # linking a signed notice to a problem already assigned
        return Step(p["status"], {"doc_id": pl["doc_id"], "doc_no": pl.get("doc_no") or p.get("doc_no")},
                    pl.get("reason") or "关联整改通知书", {"文书": pl.get("doc_no") or pl["doc_id"]})
    if p["handling"] == "移交问题线索":
        raise GateRefused("处置方式为“移交问题线索”的问题不走整改流程，请执行“移交”。")
    requirement = (pl.get("requirement") or p.get("requirement") or "").strip()
    if not requirement:
        raise GateRefused("交办必须填写整改要求。")
    d, n, note = _deadline(pl, p, on, None)
    if d is None:
        d = p.get("deadline")
    if d is None:
        raise GateRefused("交办必须确定整改时限（具体日期或工作日数）。")
    changes = {"requirement": requirement, "deadline": d, "assigned_date": on.isoformat()}
    if pl.get("doc_id") or pl.get("doc_no"):
        changes.update(doc_id=pl.get("doc_id") or p.get("doc_id"), doc_no=pl.get("doc_no") or p.get("doc_no"))
    step = Step(S_ASSIGNED, changes, pl.get("reason"), {"整改时限": d, **({"工作日": n} if n else {}),
                                                       **({"说明": note} if note else {})})
    if d != p.get("deadline"):
        step.after.append(_deadline_row(p, d, "初定", n, note or None))
    return step


def _start(s, ctx, p, pl, on):
    return Step(S_FIXING, {}, pl.get("reason") or pl.get("note"))


def _feedback(s, ctx, p, pl, on):
    if p["status"] == S_LONG:
        left = [m for m in _milestones(s, p["id"]) if not m["done_date"]]
        if left:
            raise GateRefused(f"持续整改尚有 {len(left)} 个阶段目标未完成（下一个：{left[0]['title']}，"
                              f"{left[0]['due_date']}），不能提交整改反馈。")
    measures = _text(pl, "measures", "整改反馈必须填写已采取的整改措施。")
    _check_evidence_readable(pl)
    changes = {"measures": measures, "feedback_date": on.isoformat(), "review_opinion": None, "reviewer": None,
               "review_date": None}
    changes.update(_optional_results(pl))
    details = {"反馈日期": on.isoformat(), "佐证材料": len(_evidence_paths(pl))}
    return Step(S_REVIEW, changes, pl.get("reason"), details,
                [_add_feedback(pl, on, measures, pl.get("source") or "整改反馈")])


def _optional_results(pl: dict) -> dict:
    out = {}
    if pl.get("money_recovered") not in (None, ""):
        try:
            out["money_recovered"] = history.parse_money(pl["money_recovered"], "追回资金", "money_recovered")
        except Exception as exc:  # noqa: BLE001
            raise GateRefused(exc.message) from None
    if pl.get("rules_made") not in (None, ""):
        try:
            out["rules_made"] = int(pl["rules_made"])
        except (TypeError, ValueError):
            raise GateRefused("建章立制（项）必须是整数。") from None
    return out


def _on_the_spot(s, ctx, p, pl, on):
    measures = _text(pl, "measures", "立行立改必须填写现场整改措施。")
    _check_evidence_readable(pl)
    if not _evidence_paths(pl) and history.evidence_count_in(s, p["id"]) == 0:
        raise GateRefused("立行立改必须附整改佐证材料（照片、扫描件等）。")
    changes = {"handling": "立行立改", "measures": measures, "feedback_date": on.isoformat(),
               "assigned_date": p.get("assigned_date") or on.isoformat(), "review_opinion": None}
    changes.update(_optional_results(pl))
    return Step(S_REVIEW, changes, pl.get("reason") or "现场立行立改", {"佐证材料": len(_evidence_paths(pl))},
                [_add_feedback(pl, on, measures, "立行立改")])


def _review(s, ctx, p, pl, on):
    if _feedback_count(s, p["id"]) == 0:
        raise GateRefused("尚未收到整改反馈，不能审核。")
    opinion = _text(pl, "opinion", "审核必须填写审核意见。")
    reviewer = (pl.get("reviewer") or ctx.user_name).strip()
    return Step(S_REVIEW, {"review_opinion": opinion, "reviewer": reviewer, "review_date": on.isoformat()},
                opinion, {"审核人": reviewer})


def _send_back(s, ctx, p, pl, on):
    reason = _text(pl, "reason", "退回重改必须说明退回原因。")
    d, n, note = _deadline(pl, p, on, None)
    changes = {"review_opinion": None, "reviewer": None, "review_date": None}
    step = Step(S_FIXING, changes, reason, {"退回原因": reason})
    if d:
        changes["deadline"] = d
        step.details["新整改时限"] = d
        step.after.append(_deadline_row(p, d, "重新整改", n, reason))
    return step


def _close(s, ctx, p, pl, on):
    if _feedback_count(s, p["id"]) == 0:
        raise GateRefused("尚未收到整改反馈，不能销号。")
    _not_before(on, p.get("feedback_date"), "销号日期", "整改反馈日期")
    opinion = (pl.get("opinion") or p.get("review_opinion") or "").strip()
    if not opinion:
        raise GateRefused("销号前必须填写审核意见。")
    if history.evidence_count_in(s, p["id"]) == 0:
        raise GateRefused("销号前必须至少有一份整改佐证材料（照片、扫描件、PDF 等）。")
    months = pl.get("revisit_months") or settings.get_in(s, "revisit_months") or 3
    revisit = add_months(on, int(months)).isoformat()
    changes = {"closed_date": on.isoformat(), "revisit_due": revisit, "review_opinion": opinion,
               "reviewer": pl.get("reviewer") or p.get("reviewer") or ctx.user_name,
               "review_date": p.get("review_date") or on.isoformat()}
    changes.update(_optional_results(pl))
    return Step(S_CLOSED, changes, pl.get("reason") or opinion, {"销号日期": on.isoformat(), "回头看": revisit})


def _not_before(on: date, earlier: str | None, what: str, than: str) -> None:
    if earlier and on.isoformat() < earlier:
        raise GateRefused(f"{what} {on.isoformat()} 早于{than} {earlier}。")


def _revisit_ok(s, ctx, p, pl, on):
    _not_before(on, p.get("closed_date"), "回头看日期", "销号日期")
    result = (pl.get("result") or pl.get("reason") or "已巩固，未发现反弹").strip()
    return Step(S_ARCHIVED, {"revisit_date": on.isoformat(), "revisit_result": result}, result)


def _relapse(s, ctx, p, pl, on):
    reason = _text(pl, "reason", "回头看发现反弹，必须说明反弹情况。")
    _not_before(on, p.get("closed_date"), "回头看日期", "销号日期")
    d, n, note = _deadline(pl, p, on, "回头看反弹重新整改，必须确定新的整改时限。")
    changes = {"revisit_date": on.isoformat(), "revisit_result": f"反弹：{reason}", "closed_date": None,
               "revisit_due": None, "review_opinion": None, "reviewer": None, "review_date": None,
               "relapse_count": (p.get("relapse_count") or 0) + 1, "deadline": d}
    step = Step(S_FIXING, changes, reason, {"反弹次数": changes["relapse_count"], "新整改时限": d},
                [_deadline_row(p, d, "重新整改", n, reason)])
    return step


def _extend(s, ctx, p, pl, on):
    reason = _text(pl, "reason", "延期必须说明理由。")
    approver = _text(pl, "approver", "延期必须注明批准人。")
    d, n, note = _deadline(pl, p, on, "延期必须确定新的整改时限（具体日期或工作日数）。")
    if p.get("deadline") and d <= p["deadline"]:
        raise GateRefused(f"新的整改时限 {d} 必须晚于原时限 {p['deadline']}。")
    changes = {"deadline": d, "extension_count": (p.get("extension_count") or 0) + 1}
    step = Step(p["status"], changes, reason, {"原时限": p.get("deadline"), "新时限": d, "批准人": approver},
                [_deadline_row(p, d, "延期", n, reason, approver)])
    if p["status"] == S_LONG:
        step.after.append(_move_current_milestone(d))
    return step


def _move_current_milestone(due: str):
    def run(s, ctx, new):
        left = [m for m in _milestones(s, new["id"]) if not m["done_date"]]
        if left:
            rows.update(s, ctx, ProblemMilestone, left[0]["id"], {"due_date": due}, reason="延期")

    return run


def _long_term(s, ctx, p, pl, on):
    items = pl.get("milestones") or []
    if not items:
        raise GateRefused("持续整改必须列出至少一个阶段目标（内容和完成时限）。")
    found = date.fromisoformat(p["found_date"])
    clean = []
    for i, m in enumerate(items, start=1):
        title = (m.get("title") or "").strip()
        if not title:
            raise GateRefused(f"第 {i} 个阶段目标没有填写内容。")
        due, _, _ = problem_rules.resolve_deadline({"deadline": m.get("due") or m.get("due_date"),
                                                    "working_days": m.get("working_days")}, on, found)
        if due is None:
            raise GateRefused(f"阶段目标“{title}”没有完成时限。")
        clean.append((due, title))
    clean.sort()
    start = len(_milestones(s, p["id"]))

    def run(s2, ctx2, new):
        rows.bulk_insert(s2, ctx2, ProblemMilestone, [
            {"problem_id": new["id"], "seq": k, "title": title, "due_date": due}
            for k, (due, title) in enumerate(clean, start=start + 1)])

    step = Step(S_LONG, {"deadline": clean[0][0]}, pl.get("reason") or "转为持续整改",
                {"阶段目标": [f"{t}（{d}）" for d, t in clean]}, [run])
    if clean[0][0] != p.get("deadline"):
        step.after.append(_deadline_row(p, clean[0][0], "阶段目标", None, pl.get("reason")))
    return step


def _milestone_done(s, ctx, p, pl, on):
    ms = _milestones(s, p["id"])
    left = [m for m in ms if not m["done_date"]]
    if not left:
        raise GateRefused("所有阶段目标均已完成，请登记整改反馈。")
    key = pl.get("milestone")
    target = next((m for m in left if key in (m["id"], m["seq"], str(m["seq"]))), None) if key else left[0]
    if target is None:
        raise GateRefused("找不到该阶段目标，或它已经完成。")
    rest = [m for m in left if m["id"] != target["id"]]
    changes = {"deadline": rest[0]["due_date"]} if rest else {}

    def run(s2, ctx2, new):
        rows.update(s2, ctx2, ProblemMilestone, target["id"], {"done_date": on.isoformat(), "note": pl.get("note")},
                    reason="阶段目标完成")

    reason = pl.get("reason") or f"完成阶段目标：{target['title']}"
    details = {"剩余阶段目标": len(rest)} if rest else {"提示": "全部阶段目标已完成，请登记整改反馈"}
    return Step(S_LONG, changes, reason, details, [run])


def _chase(s, ctx, p, pl, on):
    how = (pl.get("reason") or pl.get("method") or "催办").strip()
    details = {"方式": how}
    if pl.get("doc_no"):
        details["文书"] = pl["doc_no"]
    return Step(p["status"], {}, how, details)


def _reject(s, ctx, p, pl, on):
    reason = _text(pl, "reason", "不予认定必须说明理由（如核实不属实）。")
    return Step(S_REJECTED, {"ended_reason": reason}, reason)


def _transfer(s, ctx, p, pl, on):
    reason = _text(pl, "reason", "移交必须说明理由。")
    to = (pl.get("forwarded_to") or "").strip()
    ended = f"{reason}（移交：{to}）" if to else reason
    return Step(S_TRANSFERRED, {"ended_reason": ended, "handling": "移交问题线索"}, reason,
                {"移交对象": to} if to else {})


HANDLERS = {
    "交办": _assign, "开始整改": _start, "反馈": _feedback, "立行立改": _on_the_spot, "审核通过": _review,
    "退回重改": _send_back, "销号": _close, "回头看通过": _revisit_ok, "回头看反弹": _relapse, "延期": _extend,
    "持续整改": _long_term, "阶段完成": _milestone_done, "催办": _chase, "不予认定": _reject, "移交": _transfer,
}


def add_months(day: date, months: int) -> date:
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
