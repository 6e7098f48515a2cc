"""Back up now and restore, for the GUI (the CLI's backup/restore commands do the same with the lock held)."""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import OutputError, StoreError
from desktop.core.services.org import users


def backup_now(ctx, folder: Path | str) -> Path:
    """Online backup of the live database into `folder`, verified (integrity check) before it is named.

    Raises OutputError when the folder cannot be written.
    """
    from desktop.core.store.backup import backup_name, online_backup

    require_backup_role(ctx)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = online_backup(ctx.db.path, folder / backup_name(ctx.site_code))
    except OSError as exc:
        raise OutputError(f"无法写入备份文件夹：{folder}（{exc.strerror or exc}）") from exc
    record_backup(ctx, path)
    return path


def require_backup_role(ctx) -> None:
    """A backup is the whole database, ID numbers and talks included: 管理员 and 负责人 only."""
    users.require_sensitive(ctx)


def record_backup(ctx, path: Path) -> None:
    from desktop.core.services.rows import write_audit

    with ctx.session() as s:
        write_audit(s, ctx, "备份", "backup", None, summary=f"备份数据库：{path}")


IMPORT_BACKUPS_KEPT = 10


def backup_before_import(ctx, what: str, *, keep: int = IMPORT_BACKUPS_KEPT) -> Path:
    """Anything destructive takes a backup first: online backup into <data dir>/backups named
    导入前备份-<what>-<timestamp>.db, keeping only the newest `keep` backups of that kind. Returns the file."""
    from desktop.core.store.backup import rolling_backup

    return rolling_backup(ctx.db.path, ctx.data.sub("backups"), f"导入前备份-{what}-", keep)


def restore_backup(ctx, backup_file: Path | str) -> Path:
    """Replace this data dir's database with `backup_file`, closing and reopening ctx's database around it.

    The file is checked first (ours, not too new, integrity); a bad file changes nothing. The previous
    database is kept in backups/ and its path returned. An older backup is migrated (after its own backup)
    when reopened. Only administrators may restore.
    """
    from desktop.core.services.org.context import refresh_identity
    from desktop.core.store.backup import restore, verify
    from desktop.core.store.engine import open_database

    users.require_role(ctx, "管理员")
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise StoreError(f"找不到备份文件：{backup_file}")
    verify(backup_file)
    lock, ctx.db._lock = ctx.db._lock, None  # keep holding the data dir while the file is swapped
    ctx.db.close()
    try:
        kept = restore(ctx.data, backup_file)
    finally:
        ctx.db = open_database(ctx.data, lock=False)
        ctx.db._lock = lock
    ctx._unlocked_keys = None  # the restored database has its own (encrypted) keys
    refresh_identity(ctx)
    return kept
