"""Issued documents (文书): drafts, 签发 with its 文号, delivery, replies, voiding, the register (文书登记簿).

Life of a document (DOMAIN §3.3):
    草稿 ─提交─▶ 待签发 ─签发─▶ 已签发 ─送达─▶ 已送达 (no reply needed) / 待回复 ─回复─▶ 已回复 ─归档─▶ 已归档
    待回复 past its reply_due shows as 逾期未复 (derived, never stored); any state but 已归档 ─作废─▶ 作废.

The 文号 is assigned only at 签发, inside the transaction that signs (numbering.assign_in); the content model is
built then and stored as a JSON snapshot, so re-rendering gives the same number, date and text. The rendered
.docx/.pdf go into the blob store (documents/) with their SHA-256 (table document_file).

This module holds drafts, 签发 and issuing in one go; the rest lives beside it and is re-exported here, so callers
use one name: register.py (reading, the register), delivery.py (送达, reply, void, archive), content.py (template
values, content model), files.py (rendering, preview, stored files), problem_links.py, base.py.
"""

from __future__ import annotations

import hashlib
import json

from desktop.core.clock import utc_iso
from desktop.core.errors import GateRefused, NotFound, ValidationError
from desktop.core.models.documents import Document, DocumentLink
from desktop.core.progress import Progress
from desktop.core.services import rows
from desktop.core.services.documents import layer as doc_layer
from desktop.core.services.documents import numbering
from desktop.core.services.documents import values as doc_values
from desktop.core.services.documents.base import (  # noqa: F401 - public through records
    ARCHIVABLE,
    DRAFT_FIELDS,
    FORMATS,
    REPLYABLE,
    REQUIRED_LABELS,
    SIGNABLE,
    SIGNED,
    _clean,
    _dump,
    _formats,
    _iso,
    _require,
    file_stem,
)
from desktop.core.services.documents.content import (  # noqa: F401 - public through records
    build_values,
    content_of,
)
from desktop.core.services.documents.delivery import (  # noqa: F401 - public through records
    _move,
    archive,
    evidence_of,
    record_delivery,
    record_reply,
    void,
)
from desktop.core.services.documents.files import (  # noqa: F401 - public through records
    _store_files,
    mark_printed,
    preview_pdf,
    receipt_form_pdf,
    render_to,
    stored_file,
)
from desktop.core.services.documents.kinds import BY_NAME, KindSpec, require_capacity, resolve_kind
from desktop.core.services.documents.problem_links import (  # noqa: F401 - public through records
    DEFAULT_REQUIREMENT,
    PROBLEM_REQUIREMENT,
    _assign_problems_in,
    open_problems,
    problem_values,
)
from desktop.core.services.documents.register import (  # noqa: F401 - public through records
    _linked,
    _names,
    display_status,
    documents_of,
    find_id,
    get_document,
    linked_problems,
    list_documents,
    list_for_unit_in,
    years,
)
from desktop.core.services.org import users
from desktop.core.store.ids import uuid7

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
                 else doc_values.addressee_for_unit(unit, profile["site_name"] or ctx.site_name or "")
                 if unit else "")
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
         store_files: bool = True, allow_missing_chars: bool = False) -> dict:
    """签发: assign the 文号, freeze the content, render and store .docx/.pdf, hand linked problems over (交办).

    One transaction: if anything fails (empty required field, missing capacity, no font, …) no number is used
    and nothing is written. Returns the document (get_document) plus `notes` (substitute fonts).
    `store_files=False` (demo data) keeps only the content snapshot; files are rendered from it on demand.
    """
    users.require_writer(ctx)
    users.require_sensitive(ctx)  # 签发: 负责人 and 管理员 only
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
        _sign_in(s, ctx, spec, doc, values, signer, sign_date, store_files=store_files,
                 allow_missing_chars=allow_missing_chars)
    return {**get_document(ctx, doc_id), "notes": []}    # substitute fonts: shown once, in 设置 → 文书


def _signing_date(ctx, value) -> str:
    """The 成文日期 of a 签发 (default today), refused when later than today."""
    sign_date = _iso(value or ctx.clock.today(), "成文日期")
    if sign_date > ctx.clock.today().isoformat():
        raise ValidationError(f"成文日期 {sign_date} 晚于今天：文书在签发当天成文。", field="sign_date")
    return sign_date


def _sign_in(s, ctx, spec: KindSpec, doc: dict, values: dict, signer: str, sign_date: str, *,
             store_files: bool, allow_missing_chars: bool = False) -> None:
    """Inside the signing transaction: the 文号, the frozen content, the files and the 交办 of the problems.
    Characters no font has abort it (glyph_check.MissingGlyphs) unless `allow_missing_chars`."""
    from desktop.core.services.documents import glyph_check

    doc_id = doc["id"]
    number = numbering.assign_in(s, ctx, spec.name, int(sign_date[:4]))
    values.update(number=number[3] if number else None, date=sign_date)
    values.pop("number_prefix", None)
    content = doc_layer.build(spec.name, values, ctx.data.root)
    if not allow_missing_chars:
        glyph_check.refuse_missing(content)
    snapshot = doc_layer.to_json(content)
    changes = {"status": "已签发", "signer": signer, "sign_date": sign_date, "content_json": snapshot,
               "title": "".join(content.title) or doc["title"],
               "content_hash": hashlib.sha256(snapshot.encode()).hexdigest(),
               "font_note": "；".join(doc_layer.font_notes()) or None}
    if number:
        changes.update(doc_prefix=number[0], doc_year=number[1], doc_seq=number[2], doc_no=number[3])
    rows.update(s, ctx, Document, doc_id, changes, reason="签发", action="签发")
    if store_files:
        _store_files(s, ctx, doc_id, content, file_stem({**doc, **changes, **_names(s, doc)}),
                     version=doc["version"])
    if spec.moves_problems:
        _assign_problems_in(s, ctx, doc_id, changes.get("doc_no"), values["problems"],
                            values["deadline"] or None, sign_date)


# ── issuing in one go (CLI, dialogs, batch) ────────────────────────────────────────────────────────────────────

def issue(ctx, kind: str, *, unit_id: str | None = None, person_id: str | None = None, problem_ids=(),
          fields: dict | None = None, sign: bool = False, out_dir=None, formats=FORMATS,
          batch_id: str | None = None, allow_missing_chars: bool = False) -> dict:
    """Draft (and with `sign`, sign) one document; with `out_dir`, write its files there.

    Returns {"id", "doc_no", "title", "status", "files": [paths written to out_dir], "notes"}.
    With `sign`, empty required fields are refused before anything is written."""
    if sign:
        users.require_sensitive(ctx)  # 签发: 负责人 and 管理员 only
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
            _sign_in(s, ctx, spec, doc, values, row["signer"].strip(), sign_date, store_files=True,
                     allow_missing_chars=allow_missing_chars)
    files = [str(p) for p in render_to(ctx, doc["id"], out_dir, formats)] if out_dir else []
    final = get_document(ctx, doc["id"])
    return {"id": final["id"], "kind": final["kind"], "doc_no": final["doc_no"], "title": final["title"],
            "status": final["display_status"], "files": files, "notes": notes}


sign_document = sign  # alias used inside this module where a parameter is named `sign`


def batch_job(ctx, kind: str, *, unit_ids=(), person_ids=(), fields: dict | None = None, sign: bool = False,
              out_dir=None, formats=FORMATS, allow_missing_chars: bool = False):
    """A generator job: one document of `kind` per unit and per person (e.g. a pre-holiday 廉洁提醒函 to every
    village). Yields Progress; returns the list of issue() results. Everything is checked before the first one."""
    spec = resolve_kind(kind)
    users.require_writer(ctx)
    if sign:
        users.require_sensitive(ctx)  # 签发: 负责人 and 管理员 only
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
                    formats=formats, batch_id=batch_id, allow_missing_chars=allow_missing_chars)
        results.append(res)
        yield Progress(i, len(targets), f"已生成 {res['doc_no'] or res['title']}（{i}/{len(targets)}）")
    return results
