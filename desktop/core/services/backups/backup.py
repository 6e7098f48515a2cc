"""Back up and restore, for the GUI and the CLI: one verified file with the database, the attachments and the
issued documents (store/archive.py); restore by an administrator only, with a preview, refusing another
site's backup unless told, keeping the replaced database, and auditing it in the restored database."""

from __future__ import annotations

from pathlib import Path

from desktop.core.errors import OutputError, StoreError, ValidationError
from desktop.core.services.org import users


def backup_name(site_code: str, when) -> str:
    """清风台账备份-<site>-<local time>.qfbak (`when` from the context's clock)."""
    return f"清风台账备份-{site_code + '-' if site_code else ''}{when.astimezone():%Y%m%d-%H%M%S}.qfbak"


def free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or name-2, name-3 … when taken."""
    dest, n = folder / name, 1
    while dest.exists():
        n += 1
        dest = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
    return dest


def write_backup(ctx, dest: Path):
    """One verified backup file at `dest`. Returns its BackupInfo."""
    from desktop import __version__
    from desktop.core.clock import utc_iso
    from desktop.core.store import archive
    from desktop.core.store import sync_state as state

    return archive.write(ctx.db.path, ctx.data.root, dest, created_at=utc_iso(ctx.clock.now()),
                         app_version=__version__, sync_state=state.load(ctx.data))


def backup_now(ctx, folder: Path | str) -> Path:
    """A verified one-file backup (database, attachments, documents) into `folder`; returns the file.

    Raises OutputError when the folder cannot be written.
    """
    require_backup_role(ctx)
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(write_backup(ctx, free_name(folder, backup_name(ctx.site_code, ctx.clock.now()))).file)
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


def preview(path: Path | str, *, check: bool = False):
    """What a backup holds (site, date, counts, files): a .qfbak's manifest (with `check`, every entry
    verified too) or an older database-only .db backup. Raises StoreError (Chinese) for anything else."""
    from desktop.core.store import archive

    path = Path(path)
    if not path.is_file():
        raise StoreError(f"找不到备份文件：{path}")
    if archive.is_archive(path):
        return archive.verify(path) if check else archive.read_info(path)
    return archive.legacy_info(path)


def restore_backup(ctx, backup_file: Path | str, *, allow_other_site: bool = False) -> Path:
    """Replace this data dir's database with the backup's (and put back its missing attachments and
    documents), closing and reopening ctx's database around it. Returns where the old database is kept.

    Only administrators may restore. The backup is verified completely first; another site's backup is
    refused unless `allow_other_site`. The swap is one rename; an interrupted restore is finished at the next
    start. The restore is audited in the restored database, and the USB exchange continues past everything
    already sent (store/sync_state.py).
    """
    from desktop.core.clock import utc_iso
    from desktop.core.store import archive, backup
    from desktop.core.store import sync_state as state
    from desktop.core.store.engine import open_database

    users.require_role(ctx, "管理员")
    info = preview(backup_file, check=True)
    if info.site_code and ctx.site_code and info.site_code != ctx.site_code and not allow_other_site:
        raise ValidationError(
            f"备份“{Path(backup_file).name}”属于“{info.site_name}”（{info.site_code}），不是本单位"
            f"“{ctx.site_name}”（{ctx.site_code}）的数据，已拒绝恢复。",
            hint="确需用其他单位的备份替换本机数据时，请明确确认（命令行加 --other-site）")
    backup_file = Path(backup_file)
    note = {"file": backup_file.name, "site_code": info.site_code, "site_name": info.site_name,
            "backup_created_at": info.created_at, "by": ctx.user_name, "by_id": ctx.user_id,
            "at": utc_iso(ctx.clock.now()), "other_site": info.site_code != ctx.site_code}
    lock, ctx.db._lock = ctx.db._lock, None  # keep holding the data dir while the file is swapped
    ctx.db.close()
    try:
        state.absorb(ctx.data, ctx.data.db_path)  # what the outgoing database sent, kept outside it
        state.merge(ctx.data, [{"direction": k.split(":")[0], "target_code": k.split(":", 1)[1], **v}
                               for k, v in (info.sync_state.get("sent") or {}).items()])
        backup.stage(ctx.data, backup_file)
        if archive.is_archive(backup_file):
            note["files_restored"] = archive.restore_files(backup_file, ctx.data.root)
        kept = backup.swap(ctx.data, note)
    finally:
        ctx.db = open_database(ctx.data, lock=False, tidy=False)
        ctx.db._lock = lock
    ctx._unlocked_keys = None  # the restored database has its own (encrypted) keys
    finish_pending_restore(ctx)  # reloads site and user, audits, continues the exchange
    return kept


def finish_pending_restore(ctx) -> None:
    """See org.context.finish_pending_restore (it runs when a data dir opens, too)."""
    from desktop.core.services.org.context import finish_pending_restore as finish

    finish(ctx)


def restore_into_empty(data, backup_file: Path | str) -> Path:
    """A new PC after a disk failure: restore a backup into a data dir that has no database yet (no users, so
    no role to check, as at set-up). Returns the restored database's path; the audit entry is written when
    the data dir is next opened (finish_pending_restore)."""
    from desktop.core.clock import default_clock, utc_iso
    from desktop.core.store import archive, backup
    from desktop.core.store import sync_state as state
    from desktop.core.store.lock import InstanceLock

    backup_file = Path(backup_file)
    info = preview(backup_file, check=True)
    data.ensure()
    with InstanceLock(data.root):
        if data.db_path.exists():
            raise StoreError(f"这里已有清风台账的数据：{data.root}", hint="请在程序中以管理员身份恢复")
        state.merge(data, [{"direction": k.split(":")[0], "target_code": k.split(":", 1)[1], **v}
                           for k, v in (info.sync_state.get("sent") or {}).items()])
        backup.stage(data, backup_file)
        note = {"file": backup_file.name, "site_code": info.site_code, "site_name": info.site_name,
                "backup_created_at": info.created_at, "by": "（新数据目录）", "at": utc_iso(default_clock().now())}
        if archive.is_archive(backup_file):
            note["files_restored"] = archive.restore_files(backup_file, data.root)
        backup.swap(data, note)
    return data.db_path
