"""`qingfeng backup --out DIR` and `qingfeng restore FILE`."""

from __future__ import annotations

from pathlib import Path

from desktop.cli._common import add_json, context, emit


def register(sub) -> None:
    p = sub.add_parser("backup", help="在线备份数据库（备份后校验）")
    p.add_argument("--out", required=True, metavar="DIR", help="备份保存到的文件夹")
    add_json(p)
    p.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="从备份恢复（先校验，原数据库另存）")
    r.add_argument("file", metavar="FILE", help="备份文件（.db）")
    add_json(r)
    r.set_defaults(func=run_restore)


def run_backup(args) -> int:
    from desktop.core.errors import OutputError
    from desktop.core.services.backups import backup as backups
    from desktop.core.store.backup import backup_name, online_backup

    with context(args) as ctx:
        backups.require_backup_role(ctx)
        out = Path(args.out)
        try:
            out.mkdir(parents=True, exist_ok=True)
            dest = online_backup(ctx.db.path, out / backup_name(ctx.site_code))
        except OSError as exc:
            raise OutputError(f"无法写入备份文件夹：{out}（{exc.strerror or exc}）") from exc
        backups.record_backup(ctx, dest)
    emit(args, {"backup": str(dest), "size": dest.stat().st_size}, f"已备份并校验：{dest}")
    return 0


def run_restore(args) -> int:
    from desktop.core.paths import DataDir, default_data_dir
    from desktop.core.store.backup import restore
    from desktop.core.store.lock import InstanceLock

    data = DataDir(args.data_dir or default_data_dir())
    data.ensure()
    with InstanceLock(data.root):
        kept = restore(data, Path(args.file))
    emit(args, {"restored": str(args.file), "previous_kept_at": str(kept)},
         f"已恢复：{args.file}\n原数据库已另存为：{kept}")
    return 0
