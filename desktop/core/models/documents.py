"""Issued documents (DOMAIN §3.1 Document, Receipt; §3.3 state machine) and their files and links."""

from __future__ import annotations

from sqlmodel import Field

from desktop.core.models.base import SyncColumns

DOC_STATUSES = ("草稿", "待签发", "已签发", "已送达", "待回复", "逾期未复", "已回复", "已归档", "作废")
LINK_TYPES = ("unit", "person", "problem")
RECEIPT_KINDS = ("签收", "整改反馈")
FILE_FORMATS = ("docx", "pdf")


class Document(SyncColumns, table=True):
    """One letter, notice or proposal. `doc_no` (文号) stays NULL until 签发; then it never changes.

    `values_json` holds the draft's fields (what the wording template is filled with); `content_json` is the
    snapshot of the built content model taken at 签发, so a re-render gives the same text, number and date.
    The stored status is never 逾期未复: that one is derived from `reply_due` and today (see services).
    """

    __tablename__ = "document"
    kind: str = Field(index=True)
    title: str
    status: str = Field(index=True)
    doc_prefix: str | None = None
    doc_year: int | None = None
    doc_seq: int | None = None
    doc_no: str | None = None
    addressee: str | None = None
    cc: str | None = None
    unit_id: str | None = Field(default=None, foreign_key="unit.id", index=True)
    person_id: str | None = Field(default=None, foreign_key="person.id")
    values_json: str
    content_json: str | None = None
    content_hash: str | None = None
    version: int = 1
    signer: str | None = None
    sign_date: str | None = None
    reply_required: bool = False
    reply_due: str | None = None
    delivered_date: str | None = None
    delivered_to: str | None = None
    reply_date: str | None = None
    void_reason: str | None = None
    voided_date: str | None = None
    archived_date: str | None = None
    batch_id: str | None = None
    print_count: int = 0
    font_note: str | None = None
    note: str | None = None


class DocumentLink(SyncColumns, table=True):
    """A unit, person or problem a document concerns (target_type in LINK_TYPES)."""

    __tablename__ = "document_link"
    document_id: str = Field(foreign_key="document.id", index=True)
    target_type: str
    target_id: str = Field(index=True)
    sort_order: int = 0


class DocumentFile(SyncColumns, table=True):
    """A rendered file of a document (docx or pdf), stored in the blob store under documents/."""

    __tablename__ = "document_file"
    __blob_dir__ = "documents"
    document_id: str = Field(foreign_key="document.id", index=True)
    format: str
    sha256: str
    size: int
    file_name: str
    version: int = 1


class Receipt(SyncColumns, table=True):
    """签收 (who signed for the document, when) or 整改反馈 (the reply, with its evidence attachments)."""

    __tablename__ = "receipt"
    document_id: str = Field(foreign_key="document.id", index=True)
    kind: str
    received_by: str | None = None
    received_date: str
    reply_text: str | None = None
    reply_doc_no: str | None = None
    note: str | None = None
