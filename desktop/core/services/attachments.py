"""Attachments on any record (problems, feedback entries, talks …): content-addressed files + a row each.

    att = attachments.add_file(ctx, "/photos/现场.jpg", "problem", problem_id, "照片")
    path = attachments.file_path(ctx, att)          # open with the system viewer

The same content is stored once (blobs.put_file); the SHA-256 is in the row and in the audit log.
An unreadable file raises ImportFileError (Chinese) before anything is written.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from desktop.core.errors import ImportFileError, NotFound, ValidationError
from desktop.core.models.attachments import KINDS, Attachment
from desktop.core.services import rows
from desktop.core.services.org import users
from desktop.core.store import blobs

IMAGE_EXTS = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff")
_KIND_BY_EXT = {".pdf": "PDF", **{e: "照片" for e in IMAGE_EXTS}, ".xlsx": "报表", ".xls": "报表", ".doc": "扫描件",
                ".docx": "扫描件"}


def guess_kind(path: Path | str) -> str:
    return _KIND_BY_EXT.get(Path(path).suffix.lower(), "其他")


def is_image(att: dict) -> bool:
    return (att.get("ext") or "").lower() in IMAGE_EXTS


def add_file_in(s, ctx, path: Path | str, owner_entity: str, owner_id: str, kind: str | None = None, *,
                note: str = "", taken_at: str | None = None) -> dict:
    """Store `path` and attach it to (owner_entity, owner_id) inside the caller's transaction."""
    src = Path(path)
    kind = kind or guess_kind(src)
    if kind not in KINDS:
        raise ValidationError(f"附件类型只能是：{'、'.join(KINDS)}。", field="kind")
    if not src.is_file():
        raise ImportFileError(f"无法读取文件“{src.name}”：文件不存在或不是普通文件。")
    sha, stored = blobs.put_file(ctx.data, src, "attachments")
    values = {"owner_entity": owner_entity, "owner_id": owner_id, "kind": kind, "file_name": src.name,
              "ext": src.suffix.lower(), "size": stored.stat().st_size, "sha256": sha, "taken_at": taken_at,
              "note": note or None}
    return rows.insert(s, ctx, Attachment, values, summary=f"添加附件“{src.name}”，SHA-256 {sha}")


def add_file(ctx, path: Path | str, owner_entity: str, owner_id: str, kind: str | None = None, *,
             note: str = "") -> dict:
    """Attach one file to a record. Returns the attachment row."""
    users.require_writer(ctx)
    with ctx.session() as s:
        return add_file_in(s, ctx, path, owner_entity, owner_id, kind, note=note)


def add_bytes_in(s, ctx, content: bytes, file_name: str, owner_entity: str, owner_id: str,
                 kind: str | None = None) -> dict:
    """Attach generated content (demo photos, scanned replies received as bytes)."""
    ext = Path(file_name).suffix.lower()
    sha, stored = blobs.put_bytes(ctx.data, content, ext, "attachments")
    values = {"owner_entity": owner_entity, "owner_id": owner_id, "kind": kind or guess_kind(file_name),
              "file_name": file_name, "ext": ext, "size": len(content), "sha256": sha}
    return rows.insert(s, ctx, Attachment, values, summary=f"添加附件“{file_name}”，SHA-256 {sha}")


def link_existing_in(s, ctx, attachment_id: str, owner_entity: str, owner_id: str) -> dict:
    """Attach an already stored file to another record (same SHA-256, no copy): e.g. an inspection photo
    becomes evidence of the problem it revealed."""
    src = rows.require(s, Attachment, attachment_id, "附件")
    values = {k: src[k] for k in ("kind", "file_name", "ext", "size", "sha256", "taken_at", "note")}
    values.update(owner_entity=owner_entity, owner_id=owner_id)
    return rows.insert(s, ctx, Attachment, values, summary=f"引用附件“{src['file_name']}”，SHA-256 {src['sha256']}")


def list_in(s, owner_entity: str, owner_ids: str | list[str]) -> list[dict]:
    t = Attachment.__table__
    ids = [owner_ids] if isinstance(owner_ids, str) else list(owner_ids)
    if not ids:
        return []
    q = (select(t).where(t.c.deleted_at.is_(None), t.c.owner_entity == owner_entity, t.c.owner_id.in_(ids))
         .order_by(t.c.created_at, t.c.id))
    return [dict(r) for r in s.execute(q).mappings()]


def list_for(ctx, owner_entity: str, owner_id: str) -> list[dict]:
    """Attachments of one record, oldest first."""
    with ctx.reader() as s:
        return list_in(s, owner_entity, owner_id)


def file_path(ctx, att: dict) -> Path:
    """Where the stored file is. Raises NotFound if the blob is missing (e.g. not yet received by sync)."""
    p = blobs.path_of(ctx.data, att["sha256"], att.get("ext") or "", "attachments")
    if p.exists():
        return p
    found = blobs.find(ctx.data, att["sha256"], "attachments")
    if found is None:
        raise NotFound(f"附件“{att['file_name']}”的文件不在数据目录中（可能尚未同步）。")
    return found


def remove(ctx, attachment_id: str, reason: str = "") -> None:
    """Detach (soft delete) an attachment; the stored file stays (other rows may share it)."""
    users.require_writer(ctx)
    with ctx.session() as s:
        rows.soft_delete(s, ctx, Attachment, attachment_id, reason=reason)
