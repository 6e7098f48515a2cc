"""A document's files: render to a folder, the on-screen preview, the 回执 form, the stored issued files,
printing, and storing the files rendered at 签发 in the blob store."""

from __future__ import annotations

import tempfile
from pathlib import Path

from desktop.core.models.documents import Document, DocumentFile
from desktop.core.services import rows
from desktop.core.services.documents import layer as doc_layer
from desktop.core.services.documents.base import FORMATS, _formats, _require, file_stem
from desktop.core.services.documents.content import build_values, content_of
from desktop.core.services.documents.register import get_document
from desktop.core.services.org import users
from desktop.core.store import blobs


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
