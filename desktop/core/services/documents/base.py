"""What every part of the document records shares: the status groups, file formats, draft fields, and small
helpers (the row of a document, dates, file names)."""

from __future__ import annotations

import json
import re
from datetime import date

from desktop.core.errors import ValidationError
from desktop.core.models.documents import Document
from desktop.core.services import rows

SIGNABLE = ("草稿", "待签发")


SIGNED = ("已签发", "已送达", "待回复", "已回复", "已归档")


REPLYABLE = ("已签发", "已送达", "待回复")


ARCHIVABLE = ("已送达", "待回复", "已回复")


FORMATS = ("docx", "pdf")


DRAFT_FIELDS = ("title", "addressee", "cc", "signer", "sign_date", "reply_required", "reply_due", "note")


REQUIRED_LABELS = {"title": "标题", "addressee": "主送", "signer": "签发人", "sign_date": "成文日期",
                   "reply_due": "回复期限"}


def _formats(formats) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f for f in re.split(r"[,，\s]+", formats) if f]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ValidationError(f"文件格式只能是 docx、pdf（收到：{'、'.join(bad) or '空'}）。", field="format")
    return tuple(formats)


def file_stem(doc: dict) -> str:
    """`文号 单位 标题`, safe on Windows (see filenames)."""
    from desktop.core.services.documents.filenames import file_stem as stem

    return stem(doc)


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
