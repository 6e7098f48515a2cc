"""Content-addressed file store under the data dir: identical content is stored once, named by its SHA-256.

Layout: <data>/<folder>/<sha[:2]>/<sha><ext>, where folder is "attachments" (photos, scans, PDFs) or
"documents" (issued .docx/.pdf). Tables that refer to a blob carry a `sha256` column (and `__blob_dir__` on
the model naming the folder) so the USB exchange can ship the files with the rows.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from desktop.core.errors import ImportFileError
from desktop.core.paths import DataDir

CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def path_of(data: DataDir, sha: str, ext: str = "", folder: str = "attachments") -> Path:
    return data.sub(folder) / sha[:2] / f"{sha}{ext.lower()}"


def find(data: DataDir, sha: str, folder: str = "attachments") -> Path | None:
    """The stored file for `sha`, whatever its extension; None if absent."""
    d = data.sub(folder) / sha[:2]
    if not d.is_dir():
        return None
    return next((p for p in d.iterdir() if p.name.startswith(sha)), None)


def put_file(data: DataDir, src: Path, folder: str = "attachments") -> tuple[str, Path]:
    """Copy `src` into the store (if not already there). Returns (sha256, stored path).

    Raises ImportFileError with a Chinese message when the file cannot be read.
    """
    src = Path(src)
    try:
        sha = sha256_file(src)
    except OSError as exc:
        raise ImportFileError(f"无法读取文件“{src.name}”：{exc.strerror or exc}") from exc
    dest = path_of(data, sha, src.suffix, folder)
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        os.close(fd)
        try:
            shutil.copyfile(src, tmp)
            os.replace(tmp, dest)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return sha, dest


def put_bytes(data: DataDir, content: bytes, ext: str, folder: str = "attachments") -> tuple[str, Path]:
    """Store bytes (e.g. a rendered document). Returns (sha256, stored path)."""
    sha = hashlib.sha256(content).hexdigest()
    dest = path_of(data, sha, ext, folder)
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, dest)
    return sha, dest
