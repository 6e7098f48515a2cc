"""问题线索: register, read and list (DOMAIN §3.1 Lead). 管理员/负责人 only; every view audited.

    lead = leads.register(ctx, {"received_date": "2026-10-08", "source": "来信", "summary": "反映……",
                                "reporter": {"kind": "实名", "name": "…", "contact": "…"},
                                "subjects": [{"person_id": pid}, {"name": "赵某", "unit_name": "青石村", "position": "会计"}],
                                "category": "惠民资金", "topic": "群众身边腐败和不正之风"})
    leads.from_problem(ctx, problem_id, {...})      # 转为问题线索: the problem is 移交, the lead links back to it
    leads.list_leads(ctx, status="初步核实")         # [] for roles that may not see leads
    leads.get_lead(ctx, lead_id)                    # LeadDetail (no reporter unless with_reporter=True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from desktop.core.errors import NotFound, ValidationError
from desktop.core.models.cases import LEAD_SOURCES, REPORTER_KINDS, TOPICS, Lead, Reporter
from desktop.core.models.problems import Problem
from desktop.core.services import rows
from desktop.core.services.cases import access, numbering, subjects
from desktop.core.services.matters.records import _text, parse_date

ENTITY = "case_lead"


@dataclass
class LeadDetail:
    """One lead as the detail pane and the CLI show it."""

    id: str
    no: str
    received_date: str
    source: str
    summary: str
    category: str | None
    topic: str | None
    status: str
    route: str | None
    due_date: str | None
    problem_id: str | None
    problem_no: str | None
    case_id: str | None
    note: str | None
    subjects: list[dict] = field(default_factory=list)
    disposals: list[dict] = field(default_factory=list)
    reporter_kind: str = "无反映人"
    reporter: dict | None = None  # only with with_reporter=True

    def as_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def validate_in(s, ctx, values: dict) -> dict:
    day = parse_date(values.get("received_date"), "受理日期", "received_date")
    if not day:
        raise ValidationError("请填写受理日期。", field="received_date")
    if day > ctx.clock.today().isoformat():
        raise ValidationError("受理日期不能晚于今天。", field="received_date")
    source = (values.get("source") or "").strip()
    if source not in LEAD_SOURCES:
        raise ValidationError(f"线索来源只能是：{'、'.join(LEAD_SOURCES)}。", field="source")
    summary = _text(values.get("summary"), 4000, "反映问题摘要", "summary")
    if not summary:
        raise ValidationError("请填写反映问题摘要。", field="summary")
    topic = _text(values.get("topic"), 50, "专题", "topic")
    if topic and topic not in TOPICS:
        raise ValidationError(f"专题只能是：{'、'.join(TOPICS)}。", field="topic")
    problem_id = values.get("problem_id") or None
    if problem_id and rows.get(s, Problem, problem_id) is None:
        raise ValidationError("所关联的问题不存在或已删除。", field="problem_id")
    return {"received_date": day, "source": source, "summary": summary, "topic": topic,
            "category": _text(values.get("category"), 50, "问题类别", "category"),
            "note": _text(values.get("note"), 2000, "备注", "note"), "problem_id": problem_id}


def clean_reporter(values: dict | None) -> dict:
    v = values or {}
    kind = (v.get("kind") or ("实名" if v.get("name") else "无反映人")).strip()
    if kind not in REPORTER_KINDS:
        raise ValidationError(f"反映人类型只能是：{'、'.join(REPORTER_KINDS)}。", field="reporter")
    name = _text(v.get("name"), 50, "反映人姓名", "reporter")
    if kind == "实名" and not name:
        raise ValidationError("实名反映须填写反映人姓名。", field="reporter")
    if kind != "实名":
        name = None
    return {"kind": kind, "name": name, "contact": _text(v.get("contact"), 100, "反映人联系方式", "reporter")}


def register_in(s, ctx, values: dict) -> dict:
    clean = validate_in(s, ctx, values)
    people = subjects.clean_in(s, values.get("subjects"))
    if not people:
        raise ValidationError("请至少填写一名被反映人。", field="subjects")
    reporter = clean_reporter(values.get("reporter"))
    clean.update(numbering.assign_in(s, ctx, Lead, numbering.LEAD_PREFIX, clean["received_date"]))
    row = rows.insert(s, ctx, Lead, clean, summary=f"登记问题线索 {clean['no']}")
    subjects.write_in(s, ctx, "lead", row["id"], people)
    access.insert_reporter(s, ctx, Reporter, {**reporter, "lead_id": row["id"]})
    return row


def register(ctx, values: dict) -> LeadDetail:
    """Register a lead. ValidationError (one Chinese line) and nothing written on bad input."""
    access.require_write(ctx)
    with ctx.session() as s:
        row = register_in(s, ctx, values)
    return get_lead(ctx, row["id"], audit=False)


def from_problem(ctx, problem_id: str, values: dict) -> LeadDetail:
    """转为问题线索: the problem is 移交 (ended in the rectification workflow) and a lead is registered that links
    back to it (lead.problem_id); the problem's responsible people become the 被反映人 unless given."""
    from desktop.core.services.problems import flow as problem_flow

    access.require_write(ctx)
    with ctx.session() as s:
        p = rows.require(s, Problem, problem_id, "问题")
        people = values.get("subjects") or _problem_people(s, problem_id)
        new = {"source": "问题转入", "summary": p["description"], "category": p["problem_type"] or p["category"],
               **values, "problem_id": problem_id, "subjects": people}
        new.setdefault("received_date", ctx.clock.today().isoformat())
        row = register_in(s, ctx, new)
        # the problem's timeline (seen by every role) says where it went, not which lead it became
        problem_flow.apply_in(s, ctx, p, "移交", {"reason": "涉嫌违纪，转为问题线索",
                                                   "forwarded_to": "问题线索处置", "on_date": row["received_date"]})
    return get_lead(ctx, row["id"], audit=False)


def for_problem(ctx, problem_id: str) -> list[dict]:
    """The leads a problem became (the problem→lead side of the link); [] for roles that may not see leads."""
    return list_leads(ctx, problem_id=problem_id, audit=False)


def _problem_people(s, problem_id: str) -> list[dict]:
    from desktop.core.models.problems import ProblemPerson

    t = ProblemPerson.__table__
    q = select(t.c.person_id, t.c.name, t.c.position).where(t.c.problem_id == problem_id, t.c.deleted_at.is_(None))
    return [{"person_id": r.person_id} if r.person_id else {"name": r.name, "position": r.position}
            for r in s.execute(q)]


def _detail(s, row: dict, with_reporter: bool) -> LeadDetail:
    from desktop.core.services.cases import disposal

    problem = rows.get(s, Problem, row["problem_id"]) if row["problem_id"] else None
    rep = reporter_in(s, row["id"])
    keys = ("id", "no", "received_date", "source", "summary", "category", "topic", "status", "route", "due_date",
            "problem_id", "case_id", "note")
    return LeadDetail(**{k: row[k] for k in keys}, problem_no=problem["no"] if problem else None,
                      subjects=subjects.of_in(s, "lead", [row["id"]])[row["id"]],
                      disposals=disposal.of_lead_in(s, row["id"]),
                      reporter_kind=rep["kind"] if rep else "无反映人",
                      reporter=({k: rep[k] for k in ("kind", "name", "contact", "released")} if rep and with_reporter
                                else None))


def reporter_in(s, lead_id: str) -> dict | None:
    t = Reporter.__table__
    r = s.execute(select(t).where(t.c.lead_id == lead_id, t.c.deleted_at.is_(None))).mappings().first()
    return dict(r) if r else None


def get_lead(ctx, lead_id: str, *, with_reporter: bool = False, audit: bool = True) -> LeadDetail:
    """One lead. `with_reporter` shows the reporter's identity (audited as such)."""
    access.require_see(ctx)
    with ctx.reader() as s:
        row = rows.get(s, Lead, lead_id)
        if row is None:
            raise NotFound("找不到该问题线索（可能已被删除）。")
        detail = _detail(s, row, with_reporter)
    if audit:
        access.audit_view(ctx, ENTITY, lead_id, f"查看问题线索 {row['no']}" + ("（含反映人）" if with_reporter else ""))
    return detail


def find_by_no(ctx, no: str) -> str:
    """The id of the 问题线索 numbered `no` (or an id given as is); NotFound otherwise."""
    return access.find_by_no(ctx, Lead, no, "问题线索")


def list_leads(ctx, *, text: str = "", status: str | None = None, source: str | None = None,
               topic: str | None = None, date_from: str | None = None, date_to: str | None = None,
               problem_id: str | None = None, audit: bool = True) -> list[dict]:
    """Leads (newest first) with subjects_label; [] for roles that may not see leads. The list view is audited."""
    if not access.can_see(ctx):
        return []
    t = Lead.__table__
    q = select(t).where(t.c.deleted_at.is_(None))
    for col, value in ((t.c.status, status), (t.c.source, source), (t.c.topic, topic), (t.c.problem_id, problem_id)):
        if value:
            q = q.where(col == value)
    if date_from:
        q = q.where(t.c.received_date >= date_from)
    if date_to:
        q = q.where(t.c.received_date <= date_to)
    if text and text.strip():
        from desktop.core.models.cases import CasePerson

        cp = CasePerson.__table__
        needle = text.strip()
        named = select(cp.c.owner_id).where(cp.c.owner == "lead", func.instr(cp.c.name, needle) > 0)
        q = q.where(or_(func.instr(t.c.summary, needle) > 0, func.instr(t.c.no, needle) > 0, t.c.id.in_(named)))
    with ctx.reader() as s:
        out = [dict(r) for r in s.execute(q.order_by(t.c.received_date.desc(), t.c.seq.desc())).mappings()]
        people = subjects.of_in(s, "lead", [r["id"] for r in out])
    today = ctx.clock.today().isoformat()
    for r in out:
        r["subjects"] = people[r["id"]]
        r["subjects_label"] = subjects.label(people[r["id"]])
        r["overdue"] = bool(r["due_date"] and r["due_date"] < today and r["status"] in ("谈话函询", "初步核实", "暂存待查"))
    if audit:
        access.audit_view(ctx, ENTITY, None, f"查看问题线索列表（{len(out)} 条）")
    return out


def delete(ctx, lead_id: str, reason: str = "") -> None:
    """Delete a lead registered by mistake (only while 待处置); its people and reporter go with it."""
    from desktop.core.clock import utc_iso
    from desktop.core.errors import GateRefused
    from desktop.core.models.cases import CasePerson

    access.require_write(ctx)
    with ctx.session() as s:
        lead = rows.require(s, Lead, lead_id, "问题线索")
        if lead["status"] != "待处置":
            raise GateRefused(f"问题线索 {lead['no']} 已有处置记录（{lead['status']}），不能删除。")
        for p in subjects.of_in(s, "lead", [lead_id])[lead_id]:
            rows.soft_delete(s, ctx, CasePerson, p["id"], reason=reason)
        rep = reporter_in(s, lead_id)
        if rep:
            t = Reporter.__table__
            s.execute(t.update().where(t.c.id == rep["id"]).values(
                deleted_at=utc_iso(ctx.clock.now()), rev=rep["rev"] + 1, change_seq=rows.next_seq(s)))
        rows.soft_delete(s, ctx, Lead, lead_id, reason=reason)


def update(ctx, lead_id: str, values: dict) -> LeadDetail:
    """Correct a lead's registration (受理日期, 来源, 摘要, 类别, 专题, 备注, and 被反映人 when given); the 受理日期
    may not move after its first disposal. The reporter is not changed here."""
    from desktop.core.errors import ValidationError as _VE
    from desktop.core.models.cases import CasePerson

    access.require_write(ctx)
    with ctx.session() as s:
        lead = rows.require(s, Lead, lead_id, "问题线索")
        rows.require_own(ctx, lead)
        keys = ("received_date", "source", "summary", "category", "topic", "note", "problem_id")
        clean = validate_in(s, ctx, {**{k: lead[k] for k in keys}, **{k: v for k, v in values.items() if k in keys}})
        from desktop.core.services.cases import disposal

        steps = disposal.of_lead_in(s, lead_id)
        if steps and clean["received_date"] > steps[0]["decision_date"]:
            raise _VE(f"受理日期不能晚于第一次处置（{steps[0]['decision_date']}）。", field="received_date")
        rows.update(s, ctx, Lead, lead_id, clean, reason="更正线索登记")
        if values.get("subjects") is not None:
            people = subjects.clean_in(s, values["subjects"])
            if not people:
                raise _VE("请至少填写一名被反映人。", field="subjects")
            for p in subjects.of_in(s, "lead", [lead_id])[lead_id]:
                rows.soft_delete(s, ctx, CasePerson, p["id"], reason="更正被反映人")
            subjects.write_in(s, ctx, "lead", lead_id, people)
    return get_lead(ctx, lead_id, audit=False)
