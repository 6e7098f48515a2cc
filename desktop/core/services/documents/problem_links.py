"""Documents and the problem ledger: problems as a wording template lists them, the 交办 done at 签发 and the
反馈 done when a reply arrives, and the open problems a new document can be about."""

from __future__ import annotations

import importlib

from sqlalchemy import select

from desktop.core.errors import NotFound, ValidationError


def _problems_mod():
    from desktop.core.services.problems import records

    return records


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
