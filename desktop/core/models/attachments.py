"""Attachments: photos, scans, PDFs on any record; the file itself is in the content-addressed blob store."""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field

from desktop.core.models.base import SyncColumns

KINDS = ("照片", "扫描件", "PDF", "会议记录", "报表", "回执", "其他")


class Attachment(SyncColumns, table=True):
    """owner_entity is a table name ('problem', 'problem_feedback', 'talk_record' …), owner_id its row id."""

    __tablename__ = "attachment"
    __blob_dir__ = "attachments"
    __table_args__ = (Index("ix_attachment_owner", "owner_entity", "owner_id"),)
    owner_entity: str
    owner_id: str
    kind: str
    file_name: str
    ext: str
    size: int
    sha256: str = Field(index=True)
    taken_at: str | None = None
    note: str | None = None
