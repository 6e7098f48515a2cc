"""Online backup (SQLite backup API), verification, and restore by atomic swap."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from desktop.core.errors import StoreError
from desktop.core.paths import DataDir


def online_backup(src: Path, dest: Path) -> Path:
    """Copy a live database with the backup API (consistent even while others read), then verify it."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        source.close()
    verify(tmp)
    os.replace(tmp, dest)
    return dest


def verify(path: Path) -> None:
    """Raise StoreError unless `path` is one of our databases and passes integrity_check."""
    from desktop.core.store import migrate

    state = migrate.inspect_file(path)
    if state.new:
        raise StoreError(f"备份文件是空的：{path.name}")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"备份文件已损坏：{exc}") from exc
    finally:
        con.close()
    if result != "ok":
        raise StoreError(f"备份文件完整性检查未通过：{result}")


def local_stamp(fmt: str = "%Y%m%d-%H%M%S") -> str:
    """The clock's local time as text for file names (the default clock: tests fix it, as for every date)."""
    from desktop.core.clock import default_clock

    return default_clock().now().astimezone().strftime(fmt)


def rolling_backup(src: Path, folder: Path, prefix: str, keep: int) -> Path:
    """Online backup of `src` into folder/<prefix><local time>-<n>.db, then delete all but the newest `keep`
    files named <prefix>*.db (the timestamp, then n, sorts by name). Used before imports that change existing data."""
    stamp = local_stamp()
    used = [p.stem.rsplit("-", 1)[-1] for p in folder.glob(f"{prefix}{stamp}-*.db")]
    n = max((int(u) for u in used if u.isdigit()), default=0) + 1
    dest = online_backup(src, folder / f"{prefix}{stamp}-{n:03d}.db")
    for old in sorted(folder.glob(f"{prefix}*.db"))[:-keep]:
        old.unlink(missing_ok=True)
    return dest


def backup_name(site_code: str = "") -> str:
    stamp = local_stamp()
    return f"清风台账备份-{site_code + '-' if site_code else ''}{stamp}.db"


def restore(data: DataDir, backup_file: Path) -> Path:
    """Replace the database with `backup_file` after checking it; returns where the old database was kept.

    The caller must hold the instance lock and have no engine open on the database.
    """
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise StoreError(f"找不到备份文件：{backup_file}")
    verify(backup_file)
    db_path = data.db_path
    staged = db_path.with_name(db_path.name + ".restore")
    shutil.copyfile(backup_file, staged)
    kept = data.sub("backups") / f"恢复前的数据库-{local_stamp()}.db"
    n = 1
    while kept.exists():  # never overwrite an earlier kept database (two restores within the same second)
        n += 1
        kept = kept.with_name(f"恢复前的数据库-{local_stamp()}-{n}.db")
    if db_path.exists():
        _checkpoint(db_path)
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(db_path, kept)
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                side.unlink()
    os.replace(staged, db_path)
    return kept


def _checkpoint(db_path: Path) -> None:
    con = sqlite3.connect(db_path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
