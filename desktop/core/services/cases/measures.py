"""Every measure of the period with its 四种形态 form, person key and date — talks, 函询了结 and the measures of
cases/leads — the one source of the form counts (figures.py) and of their drill-down.

A measure: {"source", "id", "date", "family", "kind", "form", "person_key", "person_id", "unit_id", "rank",
"duty", "owner_id"}. person_key is the registry id, else "name|unit" for people outside the registry.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.models.cases import R_END, R_TALK, CasePerson, Disposal, Measure
from desktop.core.models.registry import Person
from desktop.core.models.talks import TalkRecord
from desktop.core.services.cases import four_forms


def _key(person_id, name, unit) -> str:
    return person_id or f"{name}|{unit or ''}"


def talks_in(s, start: str, end: str, data: dict, sites) -> list[dict]:
    t, p = TalkRecord.__table__, Person.__table__
    q = (select(t.c.id, t.c.talk_date, t.c.kind, t.c.person_id, p.c.unit_id)
         .select_from(t.join(p, p.c.id == t.c.person_id))
         .where(t.c.deleted_at.is_(None), t.c.talk_date >= start, t.c.talk_date <= end))
    if sites:
        q = q.where(t.c.origin_site.in_(sites))
    return [{"source": "talk", "id": r.id, "date": r.talk_date, "family": "谈话", "kind": r.kind,
             "form": four_forms.form_of("谈话", r.kind, data), "person_key": r.person_id, "person_id": r.person_id,
             "unit_id": r.unit_id, "rank": None, "duty": None, "owner_id": None} for r in s.execute(q)]


def inquiry_ends_in(s, start: str, end: str, data: dict, sites) -> list[dict]:
    """函询了结: a lead ended (予以了结) straight after 谈话函询 — one measure per 被反映人."""
    d, cp = Disposal.__table__, CasePerson.__table__
    q = select(d).where(d.c.deleted_at.is_(None), d.c.decision_date <= end).order_by(d.c.lead_id, d.c.decision_date,
                                                                                       d.c.change_seq)
    if sites:
        q = q.where(d.c.origin_site.in_(sites))
    last: dict[str, str] = {}
    ended = []
    for r in s.execute(q).mappings():
        if r["route"] == R_END and last.get(r["lead_id"]) == R_TALK and r["decision_date"] >= start:
            ended.append(r)
        last[r["lead_id"]] = r["route"]
    if not ended:
        return []
    form = four_forms.form_of("线索处置", "函询了结", data)
    people = s.execute(select(cp).where(cp.c.owner == "lead", cp.c.deleted_at.is_(None),
                                        cp.c.owner_id.in_([r["lead_id"] for r in ended]))).mappings().all()
    by_lead: dict[str, list] = {}
    for p in people:
        by_lead.setdefault(p["owner_id"], []).append(p)
    return [{"source": "disposal", "id": r["id"], "date": r["decision_date"], "family": "线索处置", "kind": "函询了结",
             "form": form, "person_key": _key(p["person_id"], p["name"], p["unit_name"]), "person_id": p["person_id"],
             "unit_id": p["unit_id"], "rank": p["rank"], "duty": None, "owner_id": r["lead_id"]}
            for r in ended for p in by_lead.get(r["lead_id"], [])]


def case_measures_in(s, start: str, end: str, sites) -> list[dict]:
    from sqlalchemy import func

    m, cp, p = Measure.__table__, CasePerson.__table__, Person.__table__
    q = (select(m, func.coalesce(cp.c.unit_id, p.c.unit_id).label("_unit_id"), cp.c.rank.label("_rank"))
         .select_from(m.outerjoin(cp, cp.c.id == m.c.case_person_id).outerjoin(p, p.c.id == m.c.person_id))
         .where(m.c.deleted_at.is_(None), m.c.measure_date >= start, m.c.measure_date <= end))
    if sites:
        q = q.where(m.c.origin_site.in_(sites))
    return [{"source": "measure", "id": r["id"], "date": r["measure_date"], "family": r["family"], "kind": r["kind"],
             "form": r["form"], "person_key": _key(r["person_id"], r["name"], r["unit_name"]),
             "person_id": r["person_id"], "unit_id": r["_unit_id"], "rank": r["rank"] or r["_rank"],
             "duty": r["duty"], "owner_id": r["case_id"] or r["lead_id"] or r["problem_id"]}
            for r in s.execute(q).mappings()]


def all_in(s, ctx, start: str, end: str, sites=None) -> list[dict]:
    data = four_forms.table(ctx)
    return [*talks_in(s, start, end, data, sites), *inquiry_ends_in(s, start, end, data, sites),
            *case_measures_in(s, start, end, sites)]
