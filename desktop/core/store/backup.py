"""Online backup (SQLite backup API), verification, and restore by atomic swap."""

from __future__ import annotations

import json
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
    """The name of a database-only backup (.db); the full backup is services/backups/backup.backup_name."""
    stamp = local_stamp()
    return f"清风台账备份-{site_code + '-' if site_code else ''}{stamp}.db"


RESTORE_SUFFIX = ".restore"
MARKER = "restore-pending.json"


def staged_path(data: DataDir) -> Path:
    return data.db_path.with_name(data.db_path.name + RESTORE_SUFFIX)


def stage(data: DataDir, backup_file: Path) -> Path:
    """Write the backup's database next to the live one as qingfeng.db.restore (fsynced, integrity-checked)."""
    from desktop.core.store import archive

    staged = staged_path(data)
    try:
        if archive.is_archive(backup_file):
            archive.extract_db(backup_file, staged)
        else:
            with open(backup_file, "rb") as fin, open(staged, "wb") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
                fout.flush()
                os.fsync(fout.fileno())
        verify(staged)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def swap(data: DataDir, note: dict) -> Path:
    """Replace the database with the staged one in ONE rename; the old one is kept in backups/.

    A marker (restore-pending.json, with `note`) is written first: a restore killed at any point after it is
    finished at the next start (`resume`); before it, the staged file is a leftover and the old database is
    untouched. The caller holds the instance lock with no engine open. Returns where the old database is kept.
    """
    kept, n = data.sub("backups") / f"恢复前的数据库-{local_stamp()}.db", 1
    while kept.exists():  # never overwrite an earlier kept database (two restores within the same second)
        n += 1
        kept = kept.with_name(f"恢复前的数据库-{local_stamp()}-{n}.db")
    marker = data.root / MARKER
    tmp = marker.with_name(marker.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({**note, "kept": str(kept)}, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, marker)
    _finish_swap(data, kept)
    return kept


def pending(data: DataDir) -> dict | None:
    """The marker of a restore whose swap or audit entry is not finished, or None."""
    try:
        return json.loads((data.root / MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {"kept": ""}


def resume(data: DataDir) -> dict | None:
    """At start (lock held, no engine): finish a swap a kill interrupted. Returns the pending marker."""
    note = pending(data)
    if note is not None and staged_path(data).exists():
        _finish_swap(data, Path(note.get("kept") or data.sub("backups") / "恢复前的数据库-中断.db"))
    return note


def done(data: DataDir) -> None:
    (data.root / MARKER).unlink(missing_ok=True)


def _finish_swap(data: DataDir, kept: Path) -> None:
    db_path, staged = data.db_path, staged_path(data)
    if not staged.exists():
        return
    if db_path.exists():
        kept.parent.mkdir(parents=True, exist_ok=True)
        if not kept.exists():
            _keep(db_path, kept)
        for suffix in ("-wal", "-shm"):  # empty after the checkpoint; must not meet the new file
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(staged, db_path)  # the swap
    _sync_dir(db_path.parent)


def _keep(db_path: Path, kept: Path) -> None:
    """The old database under `kept`: a hard link after a full checkpoint (instant), else a verified copy."""
    if _checkpoint(db_path):
        try:
            os.link(db_path, kept)
            return
        except OSError:
            pass
    online_backup(db_path, kept)
    _checkpoint(db_path)


def _sync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restore(data: DataDir, backup_file: Path, note: dict | None = None) -> Path:
    """Replace the database with `backup_file` after checking it; returns where the old database was kept.

    The caller must hold the instance lock and have no engine open on the database.
    """
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise StoreError(f"找不到备份文件：{backup_file}")
    from desktop.core.store import archive

    archive.verify(backup_file) if archive.is_archive(backup_file) else verify(backup_file)
    stage(data, backup_file)
    return swap(data, note or {"file": backup_file.name})


def _checkpoint(db_path: Path) -> bool:
    """Move the WAL into the database and empty it; False when another connection kept it busy."""
    con = sqlite3.connect(db_path)
    try:
        busy, _log, _done = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        con.close()
    return busy == 0
