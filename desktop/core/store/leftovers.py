"""Cleaning up after a crash, at the next start (with the data dir's lock held, before the database opens).

A kill -9 can leave: an import's working folder `.import-*/` (the decrypted package: plain rows and files),
an export's `exports/.pkg-*/`, a backup's `.backup-*/`, `qingfeng.db.restore` from a restore that had not
reached its swap, `*.part` files, a half-written blob `.tmp-*`, and a killed demo's `.demo-*.db`. A restore
that reached its marker is finished instead (store/backup.resume). Everything removed is logged.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from desktop.core.paths import DataDir

log = logging.getLogger(__name__)
WORK_DIRS = (".import-*", ".backup-*", "exports/.pkg-*")
FILES = ("*.part", ".*.part", "backups/*.part", "backups/.*.part", "exports/.*.part", ".demo-*.db",
         ".demo-*.db-wal", ".demo-*.db-shm", ".demo-*.db-journal")
BLOB_TMP = ("attachments/*/.tmp-*", "documents/*/.tmp-*")


def clean(data: DataDir) -> list[str]:
    """Finish an interrupted restore and remove crash leftovers. Returns what was removed (relative paths)."""
    from desktop.core.store import backup

    root = data.root
    if not root.is_dir():
        return []
    removed: list[str] = []
    interrupted = backup.staged_path(data).exists()
    note = backup.resume(data)
    if note is not None and interrupted:
        log.warning("上次恢复备份被中断，已在启动时完成恢复（原数据库保存在 %s）", note.get("kept"))
    staged = backup.staged_path(data)
    if staged.exists():  # no marker: the restore stopped before its swap; the database was never touched
        staged.unlink()
        removed.append(staged.name)
    for pattern in WORK_DIRS:
        for p in root.glob(pattern):
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
                removed.append(str(p.relative_to(root)) + "/")
    for pattern in FILES + BLOB_TMP:
        for p in root.glob(pattern):
            if p.is_file() and p.name != backup.MARKER:
                p.unlink(missing_ok=True)
                removed.append(str(p.relative_to(root)))
    if removed:
        log.warning("已清理上次异常退出留下的临时文件：%s", "、".join(sorted(removed)))
    return removed


def leftovers(data: DataDir) -> list[Path]:
    """What `clean` would remove (for tests and `info`)."""
    root = data.root
    out = [p for pattern in WORK_DIRS for p in root.glob(pattern) if p.is_dir()]
    out += [p for pattern in FILES + BLOB_TMP for p in root.glob(pattern) if p.is_file()]
    return out + ([p] if (p := root / "qingfeng.db.restore").exists() else [])
