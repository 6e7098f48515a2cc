"""立案审查调查: 立案 (from a lead, a problem or directly), 审查调查, 审理 (乡案县审), 结案.

    case = cases.open_case(ctx, {"opened_date": …, "open_decision": "清纪立〔2026〕2号", "approver": "…",
                                 "summary": …, "subjects": [{"person_id": pid, "rank": "一般干部"}]})
    cases.send_review(ctx, case_id, {"sent_date": …, "review_body": "县纪委监委案件审理室"})
    cases.record_review(ctx, case_id, {"review_date": …, "review_opinion": "同意给予……"})
    cases.close_case(ctx, case_id, {"closed_date": …, "close_result": "给予党内警告处分"})
A lead is opened through disposal.dispose(route="立案"), which calls open_in.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import func, or_, select

from desktop.core.errors import GateRefused, NotFound, ValidationError
from desktop.core.models.cases import C_CLOSED, C_INVESTIGATING, C_REVIEW, TOPICS, Case, Lead
from desktop.core.models.problems import Problem
from desktop.core.services import rows
from desktop.core.services.cases import access, numbering, subjects
from desktop.core.services.matters.records import _text, parse_date

ENTITY = "case_file"


@dataclass
class CaseDetail:
    id: str
    no: str
    opened_date: str
    open_decision: str
    approver: str
    summary: str
    category: str | None
    topic: str | None
    status: str
    complex_case: bool
    lead_id: str | None
    lead_no: str | None
    problem_id: str | None
    problem_no: str | None
    review_sent_date: str | None
    review_body: str | None
    review_opinion: str | None
    review_date: str | None
    closed_date: str | None
    close_result: str | None
    note: str | None
    subjects: list[dict] = field(default_factory=list)
    measures: list[dict] = field(default_factory=list)
    money: list[dict] = field(default_factory=list)
    rules: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _date(ctx, value, label: str, key: str, *, not_before: str | None = None, before_label: str = "") -> str:
    day = parse_date(value, label, key)
    if not day:
        raise ValidationError(f"请填写{label}。", field=key)
    if day > ctx.clock.today().isoformat():
        raise ValidationError(f"{label}不能晚于今天。", field=key)
    if not_before and day < not_before:
        raise ValidationError(f"{label}不能早于{before_label}（{not_before}）。", field=key)
    return day


def open_in(s, ctx, values: dict) -> dict:
    lead = rows.get(s, Lead, values["lead_id"]) if values.get("lead_id") else None
    if values.get("lead_id") and lead is None:
        raise ValidationError("所关联的问题线索不存在或已删除。", field="lead_id")
    problem = rows.get(s, Problem, values["problem_id"]) if values.get("problem_id") else None
    if values.get("problem_id") and problem is None:
        raise ValidationError("所关联的问题不存在或已删除。", field="problem_id")
    floor = lead["received_date"] if lead else (problem["found_date"] if problem else None)
    day = _date(ctx, values.get("opened_date"), "立案日期", "opened_date", not_before=floor,
                before_label="线索受理日期" if lead else "问题发现日期")
    v = {"opened_date": day, "lead_id": values.get("lead_id") or None, "problem_id": values.get("problem_id") or None,
         "open_decision": _text(values.get("open_decision"), 100, "立案决定", "open_decision"),
         "approver": _text(values.get("approver"), 50, "立案审批人", "approver"),
         "summary": _text(values.get("summary"), 4000, "简要案情", "summary"),
         "category": _text(values.get("category"), 50, "问题类别", "category"),
         "topic": _text(values.get("topic"), 50, "专题", "topic"), "note": _text(values.get("note"), 2000, "备注", "note"),
         "status": C_INVESTIGATING, "complex_case": bool(values.get("complex_case"))}
    if not v["open_decision"]:
        raise ValidationError("请填写立案决定（文号或决定内容）。", field="open_decision")
    if not v["approver"]:
        raise ValidationError("请填写立案审批人。", field="approver")
    if not v["summary"]:
        raise ValidationError("请填写简要案情。", field="summary")
    if v["topic"] and v["topic"] not in TOPICS:
        raise ValidationError(f"专题只能是：{'、'.join(TOPICS)}。", field="topic")
    given = values.get("subjects")
    if not given and lead:
        given = [{k: p[k] for k in ("person_id", "name", "unit_name", "position", "rank", "party_member")}
                 for p in subjects.of_in(s, "lead", [lead["id"]])[lead["id"]]]
    people = subjects.clean_in(s, given, what="审查调查对象")
    if not people:
        raise ValidationError("请至少填写一名审查调查对象。", field="subjects")
    v.update(numbering.assign_in(s, ctx, Case, numbering.CASE_PREFIX, day))
    row = rows.insert(s, ctx, Case, v, summary=f"立案 {v['no']}")
    subjects.write_in(s, ctx, "case", row["id"], people)
    return row


def open_case(ctx, values: dict) -> CaseDetail:
    """立案 directly or from a problem (a lead is opened through its disposal)."""
    access.require_write(ctx)
    if values.get("lead_id"):
        raise ValidationError("由问题线索立案请在线索处置中选择“立案”。", field="lead_id")
    with ctx.session() as s:
        row = open_in(s, ctx, values)
    return get_case(ctx, row["id"], audit=False)


def _own_case(s, ctx, case_id: str) -> dict:
    case = rows.require(s, Case, case_id, "案件")
    rows.require_own(ctx, case)
    return case


def send_review(ctx, case_id: str, payload: dict) -> CaseDetail:
    """乡案县审: the case goes to the county's 案件审理室 (审查调查 → 审理)."""
    access.require_write(ctx)
    with ctx.session() as s:
        c = _own_case(s, ctx, case_id)
        if c["status"] != C_INVESTIGATING:
            raise GateRefused(f"案件 {c['no']} 当前为“{c['status']}”，只有审查调查中的案件才能移送审理。")
        day = _date(ctx, payload.get("sent_date"), "移送审理日期", "sent_date", not_before=c["opened_date"],
                    before_label="立案日期")
        body = _text(payload.get("review_body"), 100, "审理机关", "review_body") or "县（区）纪委监委案件审理室"
        rows.update(s, ctx, Case, case_id, {"status": C_REVIEW, "review_sent_date": day, "review_body": body},
                    reason="移送审理（乡案县审）", action="案件移送审理")
    return get_case(ctx, case_id, audit=False)


def record_review(ctx, case_id: str, payload: dict) -> CaseDetail:
    access.require_write(ctx)
    with ctx.session() as s:
        c = _own_case(s, ctx, case_id)
        if c["status"] != C_REVIEW:
            raise GateRefused(f"案件 {c['no']} 尚未移送审理，不能登记审理意见。")
        day = _date(ctx, payload.get("review_date"), "审理意见日期", "review_date", not_before=c["review_sent_date"],
                    before_label="移送审理日期")
        opinion = _text(payload.get("review_opinion"), 2000, "审理意见", "review_opinion")
        if not opinion:
            raise ValidationError("请填写审理意见。", field="review_opinion")
        rows.update(s, ctx, Case, case_id, {"review_date": day, "review_opinion": opinion}, reason="登记审理意见")
    return get_case(ctx, case_id, audit=False)


def close_case(ctx, case_id: str, payload: dict) -> CaseDetail:
    """结案: not before 立案 (nor before the review opinion when the case went to the county)."""
    access.require_write(ctx)
    with ctx.session() as s:
        c = rows.get(s, Case, case_id)
        if c is None:
            raise GateRefused("该案件尚未立案（或已删除），不能结案。")
        rows.require_own(ctx, c)
        if c["status"] == C_CLOSED:
            raise GateRefused(f"案件 {c['no']} 已于 {c['closed_date']} 结案。")
        if c["status"] == C_REVIEW and not c["review_opinion"]:
            raise GateRefused(f"案件 {c['no']} 已移送县审理，尚未登记审理意见，不能结案。")
        floor, label = (c["review_date"], "审理意见日期") if c["review_date"] else (c["opened_date"], "立案日期")
        day = _date(ctx, payload.get("closed_date"), "结案日期", "closed_date", not_before=floor, before_label=label)
        result = _text(payload.get("close_result"), 2000, "结案结果", "close_result")
        if not result:
            raise ValidationError("请填写结案结果（处理处分情况）。", field="close_result")
        rows.update(s, ctx, Case, case_id, {"status": C_CLOSED, "closed_date": day, "close_result": result},
                    reason="结案", action="结案")
    return get_case(ctx, case_id, audit=False)


def get_case(ctx, case_id: str, *, audit: bool = True) -> CaseDetail:
    from desktop.core.services.cases import money, outcomes, rules_register

    access.require_see(ctx)
    with ctx.reader() as s:
        r = rows.get(s, Case, case_id)
        if r is None:
            raise NotFound("找不到该案件（可能已被删除）。")
        lead = rows.get(s, Lead, r["lead_id"]) if r["lead_id"] else None
        problem = rows.get(s, Problem, r["problem_id"]) if r["problem_id"] else None
        people = subjects.of_in(s, "case", [case_id])[case_id]
        keys = [f for f in CaseDetail.__dataclass_fields__ if f in r]
        detail = CaseDetail(**{k: r[k] for k in keys}, lead_no=lead["no"] if lead else None,
                            problem_no=problem["no"] if problem else None, subjects=people,
                            measures=outcomes.of_case_in(s, case_id), money=money.of_case_in(s, case_id),
                            rules=rules_register.of_case_in(s, case_id))
    if audit:
        access.audit_view(ctx, ENTITY, case_id, f"查看案件 {r['no']}")
    return detail


def find_by_no(ctx, no: str) -> str:
    """The id of the 案件 numbered `no` (or an id given as is); NotFound otherwise."""
    return access.find_by_no(ctx, Case, no, "案件")


def list_cases(ctx, *, text: str = "", status: str | None = None, date_from: str | None = None,
               date_to: str | None = None, audit: bool = True) -> list[dict]:
    """Cases newest first with subjects_label; [] for roles that may not see cases; the view is audited."""
    if not access.can_see(ctx):
        return []
    t = Case.__table__
    q = select(t).where(t.c.deleted_at.is_(None))
    if status:
        q = q.where(t.c.status == status)
    if date_from:
        q = q.where(t.c.opened_date >= date_from)
    if date_to:
        q = q.where(t.c.opened_date <= date_to)
    if text and text.strip():
        from desktop.core.models.cases import CasePerson

        cp, needle = CasePerson.__table__, text.strip()
        named = select(cp.c.owner_id).where(cp.c.owner == "case", func.instr(cp.c.name, needle) > 0)
        q = q.where(or_(func.instr(t.c.summary, needle) > 0, func.instr(t.c.no, needle) > 0, t.c.id.in_(named)))
    with ctx.reader() as s:
        out = [dict(r) for r in s.execute(q.order_by(t.c.opened_date.desc(), t.c.seq.desc())).mappings()]
        people = subjects.of_in(s, "case", [r["id"] for r in out])
    for r in out:
        r["subjects"] = people[r["id"]]
        r["subjects_label"] = subjects.label(people[r["id"]])
    if audit:
        access.audit_view(ctx, ENTITY, None, f"查看案件列表（{len(out)} 件）")
    return out


def delete(ctx, case_id: str, reason: str = "") -> None:
    """Delete a case opened directly by mistake (no lead, no measures yet)."""
    from desktop.core.services.cases import outcomes

    access.require_write(ctx)
    with ctx.session() as s:
        c = rows.require(s, Case, case_id, "案件")
        if c["lead_id"] or outcomes.of_case_in(s, case_id):
            raise GateRefused(f"案件 {c['no']} 由线索立案或已有处理处分，不能删除。")
        rows.soft_delete(s, ctx, Case, case_id, reason=reason)
