"""Photos of inspection items: attachment rows (owner_entity 'inspection_item') after a real image check.

A photo that cannot be read (missing, empty, not an image, truncated) is refused with a Chinese message before
anything is stored.
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import GateRefused, ImportFileError
from desktop.core.models.checks import Inspection, InspectionItem
from desktop.core.services import rows
from desktop.core.services.org import users

PHOTO_OWNER = "inspection_item"
_MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def image_format(path: Path) -> str:
    """The image format of `path` ('JPEG', 'PNG' …). Raises ImportFileError (Chinese) if it is not a readable image."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 2))
            tail = fh.read(2)
    except OSError as exc:
        raise ImportFileError(f"无法读取照片“{path.name}”：{exc.strerror or '文件不存在或无权访问'}。") from exc
    if size == 0:
        raise ImportFileError(f"照片“{path.name}”是空文件，无法读取。")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    for magic, name in _MAGIC:
        if head.startswith(magic):
            if name == "JPEG" and tail != b"\xff\xd9":
                raise ImportFileError(f"照片“{path.name}”不完整（文件已损坏或未传输完），无法读取。")
            if name == "PNG" and size < 33:
                raise ImportFileError(f"照片“{path.name}”不完整（文件已损坏），无法读取。")
            return name
    raise ImportFileError(f"“{path.name}”不是可识别的照片（支持 JPG、PNG、GIF、BMP、TIFF、WEBP）。",
                          hint="请选择相机或手机拍摄的原始照片文件")


def add_photo(ctx, inspection_item_id: str, path: Path | str) -> dict:
    """Attach a photo to an item of a draft inspection; returns the attachment row."""
    from desktop.core.services import attachments

    users.require_writer(ctx)
    image_format(Path(path))
    with ctx.session() as s:
        item = rows.require(s, InspectionItem, inspection_item_id, "检查事项")
        ins = rows.require(s, Inspection, item["inspection_id"], "检查记录")
        if ins["status"] != "草稿":
            raise GateRefused("检查已完成，不能再添加照片。")
        return attachments.add_file_in(s, ctx, path, PHOTO_OWNER, inspection_item_id, "照片")


def remove_photo(ctx, attachment_id: str) -> None:
    from desktop.core.services import attachments

    attachments.remove(ctx, attachment_id, reason="移除检查照片")
