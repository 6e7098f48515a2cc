"""Issued documents (文书): drafts, 签发 with its 文号, delivery, replies, voiding, the register (文书登记簿).

Life of a document (DOMAIN §3.3):
    草稿 ─提交─▶ 待签发 ─签发─▶ 已签发 ─送达─▶ 已送达 (no reply needed) / 待回复 ─回复─▶ 已回复 ─归档─▶ 已归档
    待回复 past its reply_due shows as 逾期未复 (derived, never stored); any state but 已归档 ─作废─▶ 作废.

The 文号 is assigned only at 签发, inside the transaction that signs (numbering.assign_in); the content model is
built then and stored as a JSON snapshot, so re-rendering gives the same number, date and text. The rendered
.docx/.pdf go into the blob store (documents/) with their SHA-256 (table document_file).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import and_, case, func, literal, or_, select

from desktop.core.clock import utc_iso
from desktop.core.errors import GateRefused, NotFound, ValidationError
from desktop.core.models.documents import Document, DocumentFile, DocumentLink, Receipt
from desktop.core.models.registry import Person, Unit
from desktop.core.progress import Progress
from desktop.core.services import attachments, rows
from desktop.core.services.documents import layer as doc_layer
from desktop.core.services.documents import numbering
from desktop.core.services.documents import values as doc_values
from desktop.core.services.documents.kinds import BY_NAME, KindSpec, require_capacity, resolve_kind
from desktop.core.services.org import users
from desktop.core.store import blobs
from desktop.core.store.ids import uuid7

SIGNABLE = ("草稿", "待签发")
SIGNED = ("已签发", "已送达", "待回复", "已回复", "已归档")
REPLYABLE = ("已签发", "已送达", "待回复")
ARCHIVABLE = ("已送达", "待回复", "已回复")
FORMATS = ("docx", "pdf")
DRAFT_FIELDS = ("title", "addressee", "cc", "signer", "sign_date", "reply_required", "reply_due", "note")
REQUIRED_LABELS = {"title": "标题", "addressee": "主送", "signer": "签发人", "sign_date": "成文日期",
                   "reply_due": "回复期限"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\r\n\t]+')


# ── problems (issue 4) ─────────────────────────────────────────────────────────────────────────────────────────

def _problems_mod():
    try:
        return importlib.import_module("desktop.core.services.problems.records")
    except ModuleNotFoundError:
        return None


def problem_values(ctx, problem_ids) -> list[dict]:
    """The problems as the wording template lists them, numbered 1…n in the order given."""
    if not problem_ids:
        return []
    mod = _problems_mod()
    if mod is None:
        raise ValidationError("问题台账尚未启用，不能从问题制发文书。")
    out = []
    for i, pid in enumerate(problem_ids, start=1):
        p = mod.get_problem(ctx, pid)
        if not p:
            raise NotFound("所选问题不存在（可能已被删除）。")
        out.append(_problem_entry(i, p))
    return out


def _problem_title(p: dict) -> str:
    """A short heading for a listed problem: its type, else its category (the facts follow it)."""
    if p.get("problem_type"):
        return f"{p['category']}方面：{p['problem_type']}" if p.get("category") else p["problem_type"]
    return f"{p['category']}方面存在问题" if p.get("category") else "存在问题"


def _problem_entry(i: int, p: dict) -> dict:
    people_names = p.get("people_names") or "、".join(x["name"] for x in p.get("people") or [])
    return {
        "seq": i, "id": p["id"], "no": p.get("no") or "", "unit_id": p.get("unit_id"),
        "unit_name": p.get("unit_name") or "", "category": p.get("category") or "",
        "problem_type": p.get("problem_type") or "", "description": p.get("description") or "",
        "basis": p.get("basis_violated") or p.get("basis") or "", "amount": p.get("amount_involved"),
        "found_date": p.get("found_date") or "", "requirement": p.get("requirement") or "",
        "deadline": p.get("deadline") or p.get("rectify_deadline") or "", "responsible": people_names,
        "status": p.get("status") or "",
    }


PROBLEM_REQUIREMENT = "立即整改到位，举一反三、完善制度"
DEFAULT_REQUIREMENT = "立即整改，举一反三，完善相关制度，追究相关责任，并按期书面报告整改情况。"


def _assign_problems_in(s, ctx, doc_id: str, doc_no: str, problems: list[dict], deadline: str, on: str) -> None:
    """Inside the signing transaction: hand each listed problem over (交办) with this document; problems already
    handed over just get the document linked. A refusal (e.g. a lead to hand on) aborts the signing."""
    mod = _problems_mod()
    for p in problems:
        mod.transition_in(s, ctx, p["id"], "交办", doc_id=doc_id, doc_no=doc_no or None, on_date=on,
                          requirement=p["requirement"] or DEFAULT_REQUIREMENT, deadline=p["deadline"] or deadline)


def _feedback_problems_in(s, ctx, doc: dict, problem_ids, text: str, when: str, evidence) -> list[str]:
    """Inside the reply transaction: 反馈 on every linked problem still awaiting rectification (→ 待审核).
    Problems in another state are left alone and named in the returned notes."""
    mod = _problems_mod()
    if mod is None:
        return []
    from desktop.core.services.problems.flow import FROM

    notes = []
    for pid in problem_ids:
        p = mod.require_in(s, ctx, pid)
        if p["status"] not in FROM["反馈"]:
            notes.append(f"问题 {p['no']} 当前为“{p['status']}”，未转入待审核。")
            continue
        mod.transition_in(s, ctx, pid, "反馈", measures=text, on_date=when, evidence=list(evidence),
                          source="整改反馈", doc_id=doc["id"], doc_no=doc.get("doc_no"))
    return notes


# ── drafts ─────────────────────────────────────────────────────────────────────────────────────────────────────

def create_draft(ctx, kind: str, *, unit_id: str | None = None, person_id: str | None = None,
                 problem_ids=(), fields: dict | None = None, batch_id: str | None = None) -> dict:
    """A new draft of `kind` for a unit and/or person, listing `problem_ids` (all of one unit).

    Fills title, 主送, 抄送, reply flag and deadline from the records; `fields` overrides them (and may carry
    free wording values such as `reason`). Raises ValidationError/PermissionDenied; nothing is written then.
    """
    return _write_draft(ctx, *_prepare_draft(ctx, kind, unit_id, person_id, problem_ids, fields, batch_id))


def _write_draft(ctx, spec, row, links) -> dict:
    with ctx.session() as s:
        doc = rows.insert(s, ctx, Document, row, summary=f"起草{spec.name}")
        rows.bulk_insert(s, ctx, DocumentLink, [{**ln, "document_id": doc["id"]} for ln in links])
    return get_document(ctx, doc["id"])


def _prepare_draft(ctx, kind, unit_id, person_id, problem_ids, fields, batch_id):
    """Check everything and build the draft row and its links; writes nothing."""
    users.require_writer(ctx)
    spec = resolve_kind(kind)
    require_capacity(ctx, spec)
    problem_ids = [p for p in (problem_ids or ()) if p]
    problems = problem_values(ctx, problem_ids)
    unit_id = _unit_of_problems(problems, unit_id)
    unit = doc_values.unit_values(ctx, unit_id)
    if unit_id and unit is None:
        raise ValidationError("所选单位不存在。", field="unit_id")
    person = doc_values.person_values(ctx, person_id)
    if person_id and person is None:
        raise ValidationError("所选人员不存在。", field="person_id")
    _check_target(spec, unit, person, problems)
    row, links = _draft_row(ctx, spec, unit, person, problems, dict(fields or {}), batch_id)
    return spec, row, links


def _unit_of_problems(problems: list[dict], unit_id: str | None) -> str | None:
    units_ = {p["unit_id"] for p in problems if p.get("unit_id")}
    if len(units_) > 1:
        raise ValidationError("所选问题分属不同单位：一份文书只能发给一个单位，请只选同一单位的问题。",
                              field="problem_ids")
    if units_ and unit_id and unit_id not in units_:
        raise ValidationError("所选问题不属于该单位。", field="problem_ids")
    return unit_id or (next(iter(units_)) if units_ else None)


def _check_target(spec: KindSpec, unit, person, problems) -> None:
    if spec.needs_problems and not problems:
        raise ValidationError(f"{spec.name}至少要列入一个问题。", field="problem_ids")
    if spec.target == "unit" and not unit:
        raise ValidationError(f"请选择{spec.name}的主送单位。", field="unit_id")
    if spec.target == "person" and not person:
        raise ValidationError(f"请选择{spec.name}的对象（人员）。", field="person_id")
    if spec.target == "either" and not (unit or person):
        raise ValidationError(f"请选择{spec.name}发给哪个单位或哪位同志。", field="unit_id")


def draft_defaults(ctx, kind: str, *, unit_id: str | None = None, person_id: str | None = None,
                   problem_ids=(), to_person: bool = False) -> dict:
    """What a new draft would be filled with (the issue dialog shows it before anything is written):
    title, addressee, cc, signer, reply_required, reply_due, next_no (the number 签发 would give now)."""
    spec = resolve_kind(kind)
    problems = problem_values(ctx, [p for p in problem_ids or () if p])
    unit = doc_values.unit_values(ctx, _unit_of_problems(problems, unit_id))
    person = doc_values.person_values(ctx, person_id)
    return _defaults(ctx, spec, unit, person, problems, to_person)


def _defaults(ctx, spec, unit, person, problems, to_person: bool) -> dict:
    profile = doc_values.org_values(ctx)
    to_person = person is not None and (spec.target == "person" or not unit or to_person)
    addressee = (doc_values.addressee_for_person(person) if to_person
                 else doc_values.addressee_for_unit(unit) if unit else "")
    return {
        "title": _template_title(ctx, spec, unit, person, problems, addressee),
        "addressee": addressee, "cc": doc_values.default_cc(ctx, spec),
        "signer": profile["secretary_name"] or None, "reply_required": spec.reply_required,
        "reply_due": doc_values.default_reply_due(ctx, spec), "next_no": numbering.peek_next(ctx, spec.name),
        "contact_person": profile["contact_person"], "contact_phone": profile["contact_phone"],
    }


def _template_title(ctx, spec, unit, person, problems, addressee) -> str:
    """The title the wording template prints for these records (the register shows the same)."""
    values = {"org": doc_values.org_values(ctx), "unit": unit, "person": person, "addressee": addressee,
              "problems": [{**p, "title": ""} for p in problems]}
    if spec.group in ("督办", "建议书"):
        values["subject"] = doc_values.default_subject(spec, unit, problems)
    try:
        return "".join(doc_layer.build(spec.name, values, ctx.data.root).title)
    except (NotFound, FileNotFoundError, ValidationError):  # no (valid) template yet: a title from the kind
        return doc_values.default_title(spec, unit, person, problems)


def _draft_row(ctx, spec, unit, person, problems, fields, batch_id) -> tuple[dict, list[dict]]:
    d = _defaults(ctx, spec, unit, person, problems, bool(fields.pop("to_person", False)))
    # 整改期限 follows the reply deadline unless the caller gives its own `deadline`
    values = {"reason": "", "contact_person": d["contact_person"], "contact_phone": d["contact_phone"]}
    values.update({k: v for k, v in fields.items() if k not in DRAFT_FIELDS})
    row = {"kind": spec.name, "status": "草稿", "unit_id": unit["id"] if unit else None,
           "person_id": person["id"] if person else None, "version": 1, "print_count": 0, "batch_id": batch_id,
           **{k: d[k] for k in ("title", "addressee", "cc", "signer", "reply_required", "reply_due")}}
    row.update({k: _clean(fields[k]) for k in DRAFT_FIELDS if k in fields})
    for key in ("sign_date", "reply_due"):
        if row.get(key):
            row[key] = _iso(row[key], REQUIRED_LABELS[key])
    row["values_json"] = _dump(values)
    links = []
    if unit:
        links.append({"target_type": "unit", "target_id": unit["id"], "sort_order": 0})
    if person:
        links.append({"target_type": "person", "target_id": person["id"], "sort_order": 0})
    links += [{"target_type": "problem", "target_id": p["id"], "sort_order": p["seq"]} for p in problems]
    return row, links


def open_problems(ctx, unit_id: str) -> list[dict]:
    """Problems of a unit that a document can still be about (not closed, withdrawn or handed on), by number."""
    try:
        model = importlib.import_module("desktop.core.models.problems").Problem
    except (ModuleNotFoundError, AttributeError):
        return []
    t = model.__table__
    closed = ("已销号", "已归档", "不予认定", "已移交")
    q = (select(t.c.id, t.c.no, t.c.category, t.c.description, t.c.status).where(
        t.c.unit_id == unit_id, t.c.deleted_at.is_(None), t.c.status.not_in(closed)).order_by(t.c.no))
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q).mappings()]


def update_draft(ctx, doc_id: str, changes: dict) -> dict:
    """Change a draft's fields (title, 主送, 抄送, 签发人, dates, reply flag, note) and wording values
    (changes["values"]). Only 草稿 and 待签发 can change."""
    users.require_writer(ctx)
    with ctx.session() as s:
        doc = _require(s, doc_id)
        if doc["status"] not in SIGNABLE:
            raise GateRefused(f"文书已{doc['status']}，不能再修改内容。", hint="如需更正，请作废后重新制发")
        new = {k: _clean(changes[k]) for k in DRAFT_FIELDS if k in changes}
        if "reply_required" in new:
            new["reply_required"] = bool(new["reply_required"])
        for key in ("sign_date", "reply_due"):
            if new.get(key):
                new[key] = _iso(new[key], REQUIRED_LABELS[key])
        if "values" in changes:
            new["values_json"] = _dump({**json.loads(doc["values_json"]), **changes["values"]})
        return rows.update(s, ctx, Document, doc_id, new, reason="修改文书草稿")


def submit(ctx, doc_id: str) -> dict:
    """草稿 → 待签发."""
    return _move(ctx, doc_id, ("草稿",), {"status": "待签发"}, "提交签发")


def send_back(ctx, doc_id: str, reason: str = "") -> dict:
    """待签发 → 草稿 (退回)."""
    return _move(ctx, doc_id, ("待签发",), {"status": "草稿"}, f"退回：{reason}" if reason else "退回")


def delete_draft(ctx, doc_id: str) -> None:
    """Delete an unsigned draft (a signed document is voided instead, keeping its number)."""
    users.require_writer(ctx)
    with ctx.session() as s:
        doc = _require(s, doc_id)
        if doc["status"] not in SIGNABLE:
            raise GateRefused("已签发的文书不能删除，只能作废（文号保留）。")
        rows.soft_delete(s, ctx, Document, doc_id, reason="删除文书草稿")


# ── 签发 ───────────────────────────────────────────────────────────────────────────────────────────────────────

def missing_for_signing(ctx, doc: dict, *, signer: str | None = None, sign_date: str | None = None) -> list[str]:
    """Labels of the required fields still empty (签发 refuses while any is)."""
    spec = BY_NAME[doc["kind"]]
    merged = {**doc, "signer": signer or doc.get("signer"), "sign_date": sign_date or doc.get("sign_date") or "x"}
    missing = [label for key, label in REQUIRED_LABELS.items()
               if key != "reply_due" and not str(merged.get(key) or "").strip()]
    if merged.get("reply_required") and not merged.get("reply_due"):
        missing.append("回复期限")
    if spec.needs_problems and not _linked(ctx, doc["id"], "problem"):
        missing.append("问题")
    return missing


def sign(ctx, doc_id: str, *, signer: str | None = None, sign_date: str | None = None,
         store_files: bool = True) -> dict:
    """签发: assign the 文号, freeze the content, render and store .docx/.pdf, hand linked problems over (交办).

    One transaction: if anything fails (empty required field, missing capacity, no font, …) no number is used
    and nothing is written. Returns the document (get_document) plus `notes` (substitute fonts).
    `store_files=False` (demo data) keeps only the content snapshot; files are rendered from it on demand.
    """
    users.require_writer(ctx)
    doc = get_document(ctx, doc_id)
    spec = BY_NAME[doc["kind"]]
    require_capacity(ctx, spec)
    if doc["status"] not in SIGNABLE:
        raise GateRefused(f"文书已{doc['status']}，不能再签发。")
    missing = missing_for_signing(ctx, doc, signer=signer, sign_date=sign_date)
    if missing:
        raise ValidationError(f"签发前请填写：{'、'.join(missing)}。", field="signer" if "签发人" in missing else "")
    sign_date = _signing_date(ctx, sign_date or doc.get("sign_date"))
    signer = (signer or doc["signer"]).strip()
    values = build_values(ctx, doc)
    with ctx.session() as s:
        current = _require(s, doc_id)
        if current["rev"] != doc["rev"]:
            raise GateRefused("文书刚被他人修改或签发，请刷新后再试。")
        _sign_in(s, ctx, spec, doc, values, signer, sign_date, store_files=store_files)
    return {**get_document(ctx, doc_id), "notes": doc_layer.font_notes() if store_files else []}


def _signing_date(ctx, value) -> str:
    """The 成文日期 of a 签发 (default today), refused when later than today."""
    sign_date = _iso(value or ctx.clock.today(), "成文日期")
    if sign_date > ctx.clock.today().isoformat():
        raise ValidationError(f"成文日期 {sign_date} 晚于今天：文书在签发当天成文。", field="sign_date")
    return sign_date


def _sign_in(s, ctx, spec: KindSpec, doc: dict, values: dict, signer: str, sign_date: str, *,
             store_files: bool) -> None:
    """Inside the signing transaction: the 文号, the frozen content, the files and the 交办 of the problems."""
    doc_id = doc["id"]
    number = numbering.assign_in(s, ctx, spec.name, int(sign_date[:4]))
    values.update(number=number[3] if number else None, date=sign_date)
    values.pop("number_prefix", None)
    content = doc_layer.build(spec.name, values, ctx.data.root)
    snapshot = doc_layer.to_json(content)
    changes = {"status": "已签发", "signer": signer, "sign_date": sign_date, "content_json": snapshot,
               "title": "".join(content.title) or doc["title"],
               "content_hash": hashlib.sha256(snapshot.encode()).hexdigest(),
               "font_note": "；".join(doc_layer.font_notes()) or None}
    if number:
        changes.update(doc_prefix=number[0], doc_year=number[1], doc_seq=number[2], doc_no=number[3])
    rows.update(s, ctx, Document, doc_id, changes, reason="签发", action="签发")
    if store_files:
        _store_files(s, ctx, doc_id, content, file_stem({**doc, **changes}), version=doc["version"])
    if spec.moves_problems:
        _assign_problems_in(s, ctx, doc_id, changes.get("doc_no"), values["problems"],
                            values["deadline"] or None, sign_date)


def _store_files(s, ctx, doc_id: str, content, stem: str, *, version: int) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="qingfeng-doc-") as tmp:
        paths = doc_layer.render(content, Path(tmp), stem, FORMATS)
        out = []
        for fmt, path in zip(FORMATS, paths, strict=True):
            sha, stored = blobs.put_file(ctx.data, path, folder="documents")
            out.append(rows.insert(s, ctx, DocumentFile, {
                "document_id": doc_id, "format": fmt, "sha256": sha, "size": stored.stat().st_size,
                "file_name": path.name, "version": version}, audit=False))
    return out


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
    deadline = values.get("deadline") or doc.get("reply_due") or ""
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
    _add_texts(ctx, spec, out, values, unit, problems, doc)
    return out


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


# ── files ──────────────────────────────────────────────────────────────────────────────────────────────────────

def content_of(ctx, doc_id: str):
    """The content model: the snapshot taken at 签发, or (for a draft) built now from the current wording."""
    doc = get_document(ctx, doc_id)
    if doc.get("content_json"):
        return doc_layer.from_json(doc["content_json"])
    return doc_layer.build(doc["kind"], build_values(ctx, doc), ctx.data.root)


def render_to(ctx, doc_id: str, out_dir, formats=FORMATS) -> list[Path]:
    """Write the document's files into `out_dir` (atomic). Signed documents are rendered from their snapshot, so
    number, date and text are those of 签发. Raises OutputError for an unwritable folder or a locked file."""
    formats = _formats(formats)
    doc = get_document(ctx, doc_id)
    return doc_layer.render(content_of(ctx, doc_id), Path(out_dir), file_stem(doc), formats)


def preview_pdf(ctx, doc_id: str) -> Path:
    """A PDF to show on screen: the stored PDF of a signed document, or a fresh render of a draft."""
    doc = get_document(ctx, doc_id)
    pdf = next((f for f in doc["files"] if f["format"] == "pdf"), None)
    if pdf:
        found = blobs.find(ctx.data, pdf["sha256"], folder="documents")
        if found:
            return found
    cache = ctx.data.sub("cache") / "preview"
    cache.mkdir(parents=True, exist_ok=True)
    return doc_layer.render(content_of(ctx, doc_id), cache, f"{doc_id}-{doc['rev']}", ("pdf",))[0]


def receipt_form_pdf(ctx, doc_id: str, out_dir) -> Path:
    """The blank 回执 (receipt form) for a signed document, carrying its number and addressee, as a PDF."""
    doc = get_document(ctx, doc_id)
    values = build_values(ctx, doc)
    values.update(number=doc.get("doc_no") or None, kind="回执")
    content = doc_layer.build("回执", values, ctx.data.root)
    return doc_layer.render(content, Path(out_dir), f"回执 {file_stem(doc)}", ("pdf",))[0]


def stored_file(ctx, doc_id: str, fmt: str) -> Path | None:
    """The stored issued file (docx/pdf) of a signed document, or None."""
    doc = get_document(ctx, doc_id)
    f = next((f for f in doc["files"] if f["format"] == fmt), None)
    return blobs.find(ctx.data, f["sha256"], folder="documents") if f else None


def mark_printed(ctx, doc_id: str) -> None:
    users.require_writer(ctx)
    with ctx.session() as s:
        doc = _require(s, doc_id)
        rows.update(s, ctx, Document, doc_id, {"print_count": doc["print_count"] + 1}, reason="打印", action="打印")


def _formats(formats) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f for f in re.split(r"[,，\s]+", formats) if f]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValidationError(f"文件格式只能是 docx、pdf（收到：{'、'.join(bad) or '空'}）。", field="format")
    return tuple(formats)


def file_stem(doc: dict) -> str:
    head = doc.get("doc_no") or "草稿"
    return _UNSAFE.sub("_", f"{head} {doc['title']}")[:80].strip()


# ── delivery, reply, void, archive ─────────────────────────────────────────────────────────────────────────────

def record_delivery(ctx, doc_id: str, *, received_by: str, received_date: str | None = None,
                    note: str = "") -> dict:
    """送达: who signed for the document (签收人) and when. 已签发 → 待回复 (reply required) or 已送达."""
    users.require_writer(ctx)
    who = (received_by or "").strip()
    if not who:
        raise ValidationError("请填写签收人。", field="received_by")
    when = _iso(received_date or ctx.clock.today(), "签收日期")
    with ctx.session() as s:
        doc = _require(s, doc_id)
        _refuse_void(doc, "登记送达")
        if doc["status"] != "已签发":
            raise GateRefused(f"文书当前为“{doc['status']}”，只有已签发的文书才能登记送达。")
        if doc["sign_date"] and when < doc["sign_date"]:
            raise ValidationError("签收日期不能早于成文日期。", field="received_date")
        rows.insert(s, ctx, Receipt, {"document_id": doc_id, "kind": "签收", "received_by": who,
                                      "received_date": when, "note": note.strip() or None})
        status = "待回复" if doc["reply_required"] else "已送达"
        return rows.update(s, ctx, Document, doc_id, {"status": status, "delivered_date": when, "delivered_to": who},
                           reason=f"送达，签收人{who}", action="送达")


def record_reply(ctx, doc_id: str, *, reply_text: str, reply_date: str | None = None, reply_doc_no: str = "",
                 received_by: str = "", evidence=()) -> dict:
    """整改反馈: the recipient's reply with its evidence files. → 已回复; linked problems move to 待审核.

    Returns the receipt plus `notes` (problems that could not move)."""
    users.require_writer(ctx)
    text = (reply_text or "").strip()
    when = _iso(reply_date or ctx.clock.today(), "回复日期")
    evidence = [Path(p) for p in evidence or ()]
    with ctx.reader() as s:
        doc = _require(s, doc_id)
    _refuse_void(doc, "登记回复")
    if doc["status"] not in REPLYABLE:
        raise GateRefused(f"文书当前为“{_display(doc, ctx.clock.today())}”，不能登记回复。")
    if not text:
        raise ValidationError("请填写回复的整改情况（采取的措施、结果）。", field="reply_text")
    if when > ctx.clock.today().isoformat():
        raise ValidationError(f"回复日期 {when} 晚于今天，不能预先登记。", field="reply_date")
    if doc["sign_date"] and when < doc["sign_date"]:
        raise ValidationError("回复日期不能早于成文日期。", field="reply_date")
    for p in evidence:
        if not p.is_file():
            raise ValidationError(f"佐证材料“{p.name}”不存在或无法读取。", field="evidence")
    problem_ids = _linked(ctx, doc_id, "problem")
    with ctx.session() as s:
        receipt = rows.insert(s, ctx, Receipt, {
            "document_id": doc_id, "kind": "整改反馈", "received_by": received_by.strip() or None,
            "received_date": when, "reply_text": text, "reply_doc_no": reply_doc_no.strip() or None})
        files = [attachments.add_file_in(s, ctx, p, "receipt", receipt["id"]) for p in evidence]
        changes = {"status": "已回复", "reply_date": when}
        if not doc["delivered_date"]:
            changes["delivered_date"] = when
        rows.update(s, ctx, Document, doc_id, changes, reason="收到回复", action="回复")
        notes = _feedback_problems_in(s, ctx, doc, problem_ids, text, when, evidence)
    return {**receipt, "evidence": files, "notes": notes}


def evidence_of(ctx, receipt_id: str) -> list[dict]:
    """The evidence attachments of a reply (整改反馈)."""
    return attachments.list_for(ctx, "receipt", receipt_id)


def void(ctx, doc_id: str, reason: str) -> dict:
    """作废 with a reason. A signed document keeps its 文号 (never reused)."""
    users.require_writer(ctx)
    why = (reason or "").strip()
    if not why:
        raise ValidationError("请填写作废原因。", field="reason")
    with ctx.session() as s:
        doc = _require(s, doc_id)
        if doc["status"] in ("作废", "已归档"):
            raise GateRefused(f"文书已{doc['status']}，不能作废。")
        return rows.update(s, ctx, Document, doc_id, {"status": "作废", "void_reason": why,
                                                      "voided_date": ctx.clock.today().isoformat()},
                           reason=f"作废：{why}", action="作废")


def archive(ctx, doc_id: str) -> dict:
    """归档: 已送达 (no reply needed), 已回复, or 待回复/逾期未复 closed after 催办."""
    return _move(ctx, doc_id, ARCHIVABLE, {"status": "已归档", "archived_date": ctx.clock.today().isoformat()},
                 "归档")


def _move(ctx, doc_id, allowed, changes, action) -> dict:
    users.require_writer(ctx)
    with ctx.session() as s:
        doc = _require(s, doc_id)
        _refuse_void(doc, action)
        if doc["status"] not in allowed:
            raise GateRefused(f"文书当前为“{doc['status']}”，不能{action}。")
        return rows.update(s, ctx, Document, doc_id, changes, reason=action, action=action)


def _refuse_void(doc: dict, what: str) -> None:
    if doc["status"] == "作废":
        raise GateRefused(f"该文书已作废（{doc.get('void_reason') or '未注明原因'}），不能{what}。")


# ── reading ────────────────────────────────────────────────────────────────────────────────────────────────────

def display_status(doc: dict, today: date) -> str:
    """The status the register shows: 待回复 past reply_due reads 逾期未复."""
    return _display(doc, today)


def _display(doc: dict, today: date) -> str:
    if doc["status"] == "待回复" and doc.get("reply_due") and doc["reply_due"] < today.isoformat():
        return "逾期未复"
    return doc["status"]


def get_document(ctx, doc_id: str) -> dict:
    """A document with `display_status`, `values`, `links`, `problems`, `files` and `receipts`."""
    with ctx.reader() as s:
        doc = _require(s, doc_id)
        lt, ft, rt = DocumentLink.__table__, DocumentFile.__table__, Receipt.__table__
        links = s.execute(select(lt.c.target_type, lt.c.target_id).where(
            lt.c.document_id == doc_id, lt.c.deleted_at.is_(None)).order_by(lt.c.sort_order)).all()
        files = s.execute(select(ft).where(ft.c.document_id == doc_id, ft.c.deleted_at.is_(None))
                          .order_by(ft.c.version.desc(), ft.c.format)).mappings().all()
        receipts = s.execute(select(rt).where(rt.c.document_id == doc_id, rt.c.deleted_at.is_(None))
                             .order_by(rt.c.received_date, rt.c.created_at)).mappings().all()
        names = _names(s, doc)
    doc.update(names)
    doc["display_status"] = _display(doc, ctx.clock.today())
    doc["values"] = json.loads(doc["values_json"])
    doc["links"] = {t: [i for tt, i in links if tt == t] for t in ("unit", "person", "problem")}
    latest = max((f["version"] for f in files), default=0)
    doc["files"] = [dict(f) for f in files if f["version"] == latest]
    doc["receipts"] = [dict(r) for r in receipts]
    for r in doc["receipts"]:
        r["evidence_count"] = len(attachments.list_for(ctx, "receipt", r["id"])) if r["kind"] == "整改反馈" else 0
    return doc


def _names(s, doc) -> dict:
    u, p = Unit.__table__, Person.__table__
    unit = s.execute(select(u.c.name).where(u.c.id == doc["unit_id"])).scalar() if doc.get("unit_id") else None
    person = s.execute(select(p.c.name).where(p.c.id == doc["person_id"])).scalar() if doc.get("person_id") else None
    return {"unit_name": unit or "", "person_name": person or ""}


def find_id(ctx, key: str) -> str:
    """A document's id from its id or its 文号 (X纪提〔2026〕3号). Raises NotFound."""
    t = Document.__table__
    with ctx.reader() as s:
        found = s.execute(select(t.c.id).where(t.c.deleted_at.is_(None),
                                               or_(t.c.id == key, t.c.doc_no == key.strip()))).scalar()
    if not found:
        raise NotFound(f"找不到文书“{key}”。")
    return found


def linked_problems(ctx, doc_id: str) -> list[dict]:
    """The problems the document lists, as issue 4's get_problem returns them (in the order listed)."""
    mod = _problems_mod()
    if mod is None:
        return []
    return [p for p in (mod.get_problem(ctx, pid) for pid in _linked(ctx, doc_id, "problem")) if p]


def _linked(ctx, doc_id: str, target_type: str) -> list[str]:
    t = DocumentLink.__table__
    with ctx.reader() as s:
        return list(s.execute(select(t.c.target_id).where(
            t.c.document_id == doc_id, t.c.target_type == target_type, t.c.deleted_at.is_(None))
            .order_by(t.c.sort_order)).scalars())


def documents_of(ctx, target_id: str) -> list[dict]:
    """Register rows of the documents linked to a problem, unit or person."""
    return list_documents(ctx, linked_to=target_id)


def list_documents(ctx, *, text: str = "", kind: str | None = None, status: str | None = None,
                   year: int | None = None, unit_id: str | None = None, linked_to: str | None = None,
                   limit: int = 2000, origin_site: str | None = None) -> list[dict]:
    """The register (文书登记簿, DOMAIN §8.4), newest first; filters run in SQL. `status` may be 逾期未复.
    `origin_site` keeps one site's documents (the district's township filter; None = all)."""
    t, u, lt = Document.__table__, Unit.__table__, DocumentLink.__table__
    today = ctx.clock.today().isoformat()
    shown = case((and_(t.c.status == "待回复", t.c.reply_due < today), literal("逾期未复")), else_=t.c.status)
    problems = (select(func.count()).where(lt.c.document_id == t.c.id, lt.c.target_type == "problem",
                                           lt.c.deleted_at.is_(None)).correlate(t).scalar_subquery())
    q = (select(t, u.c.name.label("unit_name"), shown.label("display_status"), problems.label("problem_count"))
         .select_from(t.outerjoin(u, u.c.id == t.c.unit_id)).where(t.c.deleted_at.is_(None)))
    if text.strip():
        like = f"%{text.strip()}%"
        q = q.where(or_(t.c.doc_no.like(like), t.c.title.like(like), t.c.addressee.like(like), u.c.name.like(like)))
    if origin_site:
        q = q.where(t.c.origin_site == origin_site)
    if kind:
        q = q.where(t.c.kind == kind)
    if status:
        q = q.where(shown == status)
    if year:
        q = q.where(or_(t.c.doc_year == year, and_(t.c.doc_year.is_(None), t.c.created_at.like(f"{year}-%"))))
    if unit_id:
        q = q.where(t.c.unit_id == unit_id)
    if linked_to:
        q = q.where(t.c.id.in_(select(lt.c.document_id).where(lt.c.target_id == linked_to,
                                                               lt.c.deleted_at.is_(None))))
    q = q.order_by(t.c.sign_date.is_(None).desc(), t.c.sign_date.desc(), t.c.doc_seq.desc(),
                   t.c.created_at.desc()).limit(limit)
    with ctx.reader() as s:
        out = [dict(r) for r in s.execute(q).mappings()]
    _add_problem_nos(ctx, out)
    return out


def _add_problem_nos(ctx, docs: list[dict]) -> None:
    ids = [d["id"] for d in docs if d["problem_count"]]
    for d in docs:
        d["problem_nos"] = ""
        d["delivery"] = " ".join(x for x in (d.get("delivered_date") or "", d.get("delivered_to") or "") if x)
    if not ids:
        return
    t = DocumentLink.__table__
    with ctx.reader() as s:
        pairs = s.execute(select(t.c.document_id, t.c.target_id).where(
            t.c.document_id.in_(ids), t.c.target_type == "problem", t.c.deleted_at.is_(None))
            .order_by(t.c.sort_order)).all()
    nos = _problem_numbers(ctx, {pid for _, pid in pairs})
    by_doc: dict[str, list[str]] = {}
    for did, pid in pairs:
        by_doc.setdefault(did, []).append(nos.get(pid, ""))
    for d in docs:
        d["problem_nos"] = "、".join(n for n in by_doc.get(d["id"], []) if n)


def _problem_numbers(ctx, problem_ids: set[str]) -> dict[str, str]:
    try:
        model = importlib.import_module("desktop.core.models.problems").Problem
    except (ModuleNotFoundError, AttributeError):
        return {}
    t = model.__table__
    with ctx.reader() as s:
        return dict(s.execute(select(t.c.id, t.c.no).where(t.c.id.in_(problem_ids))).all())


def years(ctx) -> list[int]:
    """Years having signed documents, newest first (register filter)."""
    t = Document.__table__
    with ctx.reader() as s:
        found = set(s.execute(select(t.c.doc_year).where(t.c.doc_year.is_not(None)).distinct()).scalars())
    return sorted(found | {ctx.clock.today().year}, reverse=True)


# ── issuing in one go (CLI, dialogs, batch) ────────────────────────────────────────────────────────────────────

def issue(ctx, kind: str, *, unit_id: str | None = None, person_id: str | None = None, problem_ids=(),
          fields: dict | None = None, sign: bool = False, out_dir=None, formats=FORMATS,
          batch_id: str | None = None) -> dict:
    """Draft (and with `sign`, sign) one document; with `out_dir`, write its files there.

    Returns {"id", "doc_no", "title", "status", "files": [paths written to out_dir], "notes"}.
    With `sign`, empty required fields are refused before anything is written."""
    prepared = _prepare_draft(ctx, kind, unit_id, person_id, problem_ids, fields, batch_id)
    spec, row, links = prepared
    if sign:
        missing = [label for key, label in REQUIRED_LABELS.items()
                   if key not in ("sign_date", "reply_due") and not str(row.get(key) or "").strip()]
        if row.get("reply_required") and not row.get("reply_due"):
            missing.append("回复期限")
        if missing:
            raise ValidationError(f"签发前请填写：{'、'.join(missing)}。")
    if out_dir is not None:
        _formats(formats)
    notes: list[str] = []
    if not sign:
        doc = _write_draft(ctx, *prepared)
    else:
        # draft and 签发 in one transaction: a failure (no font, template error, …) leaves nothing behind
        sign_date = _signing_date(ctx, row.get("sign_date"))
        row = {**row, "id": uuid7()}
        values = build_values(ctx, {**row, "created_at": utc_iso(ctx.clock.now())},
                              problem_ids=[ln["target_id"] for ln in links if ln["target_type"] == "problem"])
        with ctx.session() as s:
            doc = rows.insert(s, ctx, Document, row, summary=f"起草{spec.name}")
            rows.bulk_insert(s, ctx, DocumentLink, [{**ln, "document_id": doc["id"]} for ln in links])
            _sign_in(s, ctx, spec, doc, values, row["signer"].strip(), sign_date, store_files=True)
        notes = doc_layer.font_notes()
    files = [str(p) for p in render_to(ctx, doc["id"], out_dir, formats)] if out_dir else []
    final = get_document(ctx, doc["id"])
    return {"id": final["id"], "kind": final["kind"], "doc_no": final["doc_no"], "title": final["title"],
            "status": final["display_status"], "files": files, "notes": notes}


sign_document = sign  # alias used inside this module where a parameter is named `sign`


def batch_job(ctx, kind: str, *, unit_ids=(), person_ids=(), fields: dict | None = None, sign: bool = False,
              out_dir=None, formats=FORMATS):
    """A generator job: one document of `kind` per unit and per person (e.g. a pre-holiday 廉洁提醒函 to every
    village). Yields Progress; returns the list of issue() results. Everything is checked before the first one."""
    spec = resolve_kind(kind)
    users.require_writer(ctx)
    require_capacity(ctx, spec)
    if spec.needs_problems:
        raise ValidationError(f"{spec.name}要列入具体问题，不能批量制发。")
    targets = [("unit", u) for u in unit_ids or ()] + [("person", p) for p in person_ids or ()]
    if not targets:
        raise ValidationError("请至少选择一个单位或人员。", field="unit_ids")
    if sign:
        doc_fields = dict(fields or {})
        if not (doc_fields.get("signer") or doc_values.org_values(ctx)["secretary_name"]):
            raise ValidationError("签发前请填写：签发人。", field="signer")
    if out_dir is not None:
        _formats(formats)
    batch_id = uuid7()
    results = []
    for i, (what, target) in enumerate(targets, start=1):
        res = issue(ctx, spec.name, unit_id=target if what == "unit" else None,
                    person_id=target if what == "person" else None, fields=fields, sign=sign, out_dir=out_dir,
                    formats=formats, batch_id=batch_id)
        results.append(res)
        yield Progress(i, len(targets), f"已生成 {res['doc_no'] or res['title']}（{i}/{len(targets)}）")
    return results


# ── helpers ────────────────────────────────────────────────────────────────────────────────────────────────────

def _require(s, doc_id: str) -> dict:
    return rows.require(s, Document, doc_id, "文书")


def _iso(value, label: str) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-")).isoformat()
    except ValueError:
        raise ValidationError(f"{label}“{value}”不是有效日期（应为 2026-03-05 这样的格式）。") from None


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def list_for_unit_in(s, unit_id: str) -> list[dict]:
    """Documents addressed to a unit or linked to it (village profile), newest first: doc_no, kind, title,
    sign_date, status. Drafts and deleted documents are left out; 逾期未复 is not derived here."""
    t, lt = Document.__table__, DocumentLink.__table__
    linked = select(lt.c.document_id).where(lt.c.target_type == "unit", lt.c.target_id == unit_id,
                                            lt.c.deleted_at.is_(None))
    q = (select(t.c.id, t.c.doc_no, t.c.kind, t.c.title, t.c.sign_date, t.c.status)
         .where(t.c.deleted_at.is_(None), t.c.status != "草稿", or_(t.c.unit_id == unit_id, t.c.id.in_(linked)))
         .order_by(t.c.sign_date.desc(), t.c.doc_seq.desc()))
    return [dict(r) for r in s.execute(q).mappings()]
