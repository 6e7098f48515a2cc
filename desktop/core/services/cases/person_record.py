"""廉政档案: everything the program holds on one person, with dates — positions, checks of their unit, problems
they are responsible for, talks, leads naming them, cases and outcomes. 管理员/负责人 only; audited.

    rec = person_record.record(ctx, person_id)   → PersonRecord
    rec.events   one dated list, newest first: {"date", "kind", "text", "entity", "id"}
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import select

from desktop.core.errors import NotFound
from desktop.core.models.cases import Case, CasePerson, Lead, Measure
from desktop.core.models.problems import Problem, ProblemPerson
from desktop.core.models.talks import TalkRecord
from desktop.core.services.cases import access


@dataclass
class PersonRecord:
    person: dict
    posts: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _ev(day, kind: str, text: str, entity: str, rid: str) -> dict:
    return {"date": day or "", "kind": kind, "text": text, "entity": entity, "id": rid}


def _problems(s, pid: str) -> list[dict]:
    p, pp = Problem.__table__, ProblemPerson.__table__
    q = (select(p.c.id, p.c.no, p.c.found_date, p.c.description, p.c.status).select_from(p.join(pp, pp.c.problem_id == p.c.id))
         .where(pp.c.person_id == pid, pp.c.deleted_at.is_(None), p.c.deleted_at.is_(None)))
    return [_ev(r.found_date, "问题", f"{r.no} {r.description[:40]}（{r.status}）", "problem", r.id) for r in s.execute(q)]


def _talks(s, pid: str) -> list[dict]:
    t = TalkRecord.__table__
    q = select(t.c.id, t.c.talk_date, t.c.kind, t.c.reason).where(t.c.person_id == pid, t.c.deleted_at.is_(None))
    return [_ev(r.talk_date, "谈话", f"{r.kind}：{r.reason}", "talk_record", r.id) for r in s.execute(q)]


def _leads_cases(s, pid: str) -> list[dict]:
    cp, lead, case, m = CasePerson.__table__, Lead.__table__, Case.__table__, Measure.__table__
    out = []
    mine = select(cp.c.owner_id).where(cp.c.person_id == pid, cp.c.deleted_at.is_(None))
    for r in s.execute(select(lead).where(lead.c.id.in_(mine.where(cp.c.owner == "lead")), lead.c.deleted_at.is_(None))):
        out.append(_ev(r.received_date, "问题线索", f"{r.no} {r.summary[:40]}（{r.status}）", "case_lead", r.id))
    for r in s.execute(select(case).where(case.c.id.in_(mine.where(cp.c.owner == "case")), case.c.deleted_at.is_(None))):
        out.append(_ev(r.opened_date, "立案", f"{r.no} {r.summary[:40]}（{r.status}）", "case_file", r.id))
        if r.closed_date:
            out.append(_ev(r.closed_date, "结案", f"{r.no} {r.close_result or ''}", "case_file", r.id))
    for r in s.execute(select(m).where(m.c.person_id == pid, m.c.deleted_at.is_(None))):
        duty = f"（问责：{r.duty}）" if r.duty else ""
        out.append(_ev(r.measure_date, "处理处分", f"{r.family}：{r.kind}{duty}，{r.approving_body}批准", "case_measure",
                       r.id))
    return out


def _checks(ctx, unit_id: str | None) -> list[dict]:
    if not unit_id:
        return []
    from desktop.core.services.checks import inspections

    return [_ev(i["date"], "所在单位检查", f"{i.get('title') or '监督检查'}（不符合 {i.get('failed', 0)} 项）", "inspection",
                i["id"]) for i in inspections.list_inspections(ctx, unit_id=unit_id, limit=50)]


def record(ctx, person_id: str) -> PersonRecord:
    """The person's 廉政档案. PermissionDenied for roles that may not see sensitive records."""
    from desktop.core.services.registry import people

    access.require_see(ctx)
    person = people.get(ctx, person_id)
    if person is None:
        raise NotFound("找不到该人员（可能已被删除）。")
    with ctx.reader() as s:
        events = _problems(s, person_id) + _talks(s, person_id) + _leads_cases(s, person_id)
    events += _checks(ctx, person["unit_id"])
    events.sort(key=lambda e: e["date"], reverse=True)
    counts: dict[str, int] = {}
    for e in events:
        counts[e["kind"]] = counts.get(e["kind"], 0) + 1
    access.audit_view(ctx, "person", person_id, f"查看廉政档案：{person['name']}")
    return PersonRecord(person={k: person[k] for k in ("id", "name", "unit_name", "position", "party_member")},
                        posts=people.history(ctx, person_id), events=events, counts=counts)
