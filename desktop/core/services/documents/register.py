"""The register (文书登记簿) and reading one document: display status (逾期未复 derived), filters, links."""

from __future__ import annotations

import importlib
import json
from datetime import date

from sqlalchemy import and_, case, func, literal, or_, select

from desktop.core.errors import NotFound
from desktop.core.models.documents import Document, DocumentFile, DocumentLink, Receipt
from desktop.core.models.registry import Person, Unit
from desktop.core.services import attachments
from desktop.core.services.documents.base import _require
from desktop.core.services.documents.problem_links import _problems_mod


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
