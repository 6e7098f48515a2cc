"""After 签发: 送达 (who signed for it), the reply (回复, with evidence; 反馈 on the linked problems), 作废, 归档."""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import GateRefused, ValidationError
from desktop.core.models.documents import Document, Receipt
from desktop.core.services import attachments, rows
from desktop.core.services.documents.base import ARCHIVABLE, REPLYABLE, _iso, _require
from desktop.core.services.documents.problem_links import _feedback_problems_in
from desktop.core.services.documents.register import _display, _linked
from desktop.core.services.org import users


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
