"""What a document says: the values handed to its wording template, and its content model (the snapshot taken at
签发, or built now for a draft)."""

from __future__ import annotations

import json
import re
from datetime import date

from desktop.core.services.documents import layer as doc_layer
from desktop.core.services.documents import numbering
from desktop.core.services.documents import values as doc_values
from desktop.core.services.documents.kinds import BY_NAME, KindSpec
from desktop.core.services.documents.problem_links import PROBLEM_REQUIREMENT, _problem_title, problem_values
from desktop.core.services.documents.register import _linked, get_document, list_documents


def build_values(ctx, doc: dict, *, problem_ids=None) -> dict:
    """Everything the wording template of `doc` is filled with, in the layer's terms (see
    desktop.core.documents.templates.context): org, unit, person, problems, deadline, reply, contact, number …
    `problem_ids`: the linked problems when `doc` is not written yet (issue with sign)."""
    values = json.loads(doc["values_json"]) if isinstance(doc.get("values_json"), str) else dict(doc["values"])
    spec = BY_NAME[doc["kind"]]
    unit = doc_values.unit_values(ctx, doc.get("unit_id"))
    person = doc_values.person_values(ctx, doc.get("person_id"))
    problems = problem_values(ctx, _linked(ctx, doc["id"], "problem") if problem_ids is None else problem_ids)
    for p in problems:  # 完成情况 stays blank on an issued notice: the unit fills it in
        p.update(responsible_person=p["responsible"], responsible_unit=p["unit_name"], title=_problem_title(p),
                 requirement=p["requirement"] or PROBLEM_REQUIREMENT, status="")
    signed_on = doc.get("sign_date")
    deadline = one_deadline(problems, values.get("deadline") or doc.get("reply_due") or "",
                            signed_on or ctx.clock.today().isoformat())
    out = {
        "kind": spec.name, "org": doc_values.org_values(ctx), "unit": unit, "person": person,
        "problems": problems, "addressee": doc.get("addressee") or "", "cc": _split_cc(doc.get("cc")),
        "number": doc.get("doc_no") or None, "date": signed_on or None, "deadline": deadline,
        "reply_deadline": doc.get("reply_due") if doc.get("reply_required") else None,
        "reply_days": _reply_days(spec, doc) if doc.get("reply_required") else None,
        "contact": {"person": values.get("contact_person") or "", "phone": values.get("contact_phone") or ""},
        "extra": values.get("extra") or {},
    }
    if not out["number"] and spec.numbered:
        out["number_prefix"] = numbering.prefix_for(ctx, spec.name)
    if spec.name == "回执":          # a standalone 回执: the 来函文号 it answers
        out["source_number"] = values.get("source_doc_no") or _source_letter_no(ctx, doc)
    if spec.name == "谈话记录":
        out["talk"] = doc_values.talk_values(ctx, values.get("talk_id"), person)
        if out["talk"].get("reason") and not values.get("subject"):
            values = {**values, "subject": out["talk"]["reason"]}
    _add_texts(ctx, spec, out, values, unit, problems, doc)
    return out


def one_deadline(problems: list[dict], doc_deadline: str, on: str) -> str:
    """One deadline per problem, from one source, everywhere in the document: a problem keeps its own 整改期限
    when it has one not yet past on `on` (the 成文日期), else takes the document's; the body's “于…前完成整改”
    is the latest of them, so it never contradicts the 问题整改清单. Signing hands the problems over with these
    same dates. Returns the body's deadline (the document's own when no problem is listed)."""
    for p in problems:
        own = p.get("deadline") or ""
        p["deadline"] = own if own and own >= on else (doc_deadline or own)
    dates = [p["deadline"] for p in problems if p.get("deadline")]
    return max(dates) if dates else doc_deadline


def _source_letter_no(ctx, doc: dict) -> str:
    """The 文号 of the latest signed document to the same unit or person that asks for a reply (what a standalone
    回执 answers); "" when there is none."""
    from sqlalchemy import or_, select

    from desktop.core.models.documents import Document

    t = Document.__table__
    who = [t.c.unit_id == doc["unit_id"]] if doc.get("unit_id") else []
    who += [t.c.person_id == doc["person_id"]] if doc.get("person_id") else []
    if not who:
        return ""
    q = (select(t.c.doc_no).where(or_(*who), t.c.doc_no.is_not(None), t.c.deleted_at.is_(None),
                                  t.c.status.not_in(("草稿", "待签发", "作废")), t.c.kind != "回执",
                                  t.c.id != doc.get("id"))
         .order_by(t.c.reply_required.desc(), t.c.sign_date.desc(), t.c.doc_seq.desc()).limit(1))
    with ctx.reader() as s:
        return s.execute(q).scalar() or ""


def _add_texts(ctx, spec: KindSpec, out: dict, values: dict, unit, problems, doc: dict) -> None:
    """The free wording (节日, 事由, 来源, 原因分析), with defaults from the records where the template needs one."""
    fields = doc_values.text_fields(spec.name)
    legacy = (values.get("reason") or "").strip()
    if legacy and fields and not values.get(fields[0][0]):
        values = {**values, fields[0][0]: legacy}
    for key in doc_values.TEXT_KEYS:
        if (values.get(key) or "").strip():
            out[key] = values[key].strip()
    keys = {f[0] for f in fields}
    if "subject" in keys and spec.group in ("督办", "建议书") and not out.get("subject"):
        out["subject"] = doc_values.default_subject(spec, unit, problems)
    if spec.name == "督办函" and not out.get("source"):
        earlier = _earlier_notice(ctx, [p["id"] for p in problems], doc.get("id"))
        if earlier:
            out["source"] = f"《{earlier['title']}》（{earlier['doc_no']}）"


def _earlier_notice(ctx, problem_ids: list[str], exclude: str | None) -> dict | None:
    """The latest signed 整改通知书 listing any of these problems (what a 督办函 refers to)."""
    for pid in problem_ids:
        found = [d for d in list_documents(ctx, linked_to=pid, kind="整改通知书")
                 if d["doc_no"] and d["id"] != exclude and d["status"] != "作废"]
        if found:
            return found[0]
    return None


def _reply_days(spec: KindSpec, doc: dict) -> int | None:
    if not doc.get("reply_due"):
        return None
    start = date.fromisoformat(doc.get("sign_date") or doc["created_at"][:10])
    end = date.fromisoformat(doc["reply_due"])
    if spec.group == "提醒函":
        from desktop.core.workdays import working_days_between

        return max(working_days_between(start, end), 1)
    return max((end - start).days, 1)


def _split_cc(cc: str | None) -> list[str]:
    return [c.strip() for c in re.split(r"[，,、；;\n]+", cc or "") if c.strip()]


def content_of(ctx, doc_id: str):
    """The content model: the snapshot taken at 签发, or (for a draft) built now from the current wording."""
    doc = get_document(ctx, doc_id)
    if doc.get("content_json"):
        return doc_layer.from_json(doc["content_json"])
    return doc_layer.build(doc["kind"], build_values(ctx, doc), ctx.data.root)
