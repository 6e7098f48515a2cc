"""`qingfeng backup --out DIR | --auto` and `qingfeng restore FILE [--preview] [--other-site]`."""

from __future__ import annotations

from pathlib import Path

from desktop.cli._common import add_json, context, emit


def register(sub) -> None:
    p = sub.add_parser("backup", help="备份数据库、附件和文书（一个文件，写后校验）")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--out", metavar="DIR", help="备份保存到的文件夹（如 U 盘）")
    g.add_argument("--auto", action="store_true",
                   help="今天的自动备份（已有则跳过；保留 7 天、4 周、12 个月）")
    add_json(p)
    p.set_defaults(func=run_backup)
    r = sub.add_parser("restore", help="从备份恢复（仅管理员；先校验，原数据库另存）")
    r.add_argument("file", metavar="FILE", help="备份文件（.qfbak，或旧版的 .db）")
    r.add_argument("--preview", action="store_true", help="只查看并校验备份的内容，不恢复")
    r.add_argument("--other-site", action="store_true", help="确认用其他单位的备份替换本机数据")
    add_json(r)
    r.set_defaults(func=run_restore)


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def run_backup(args) -> int:
    from desktop.core.services.backups import auto as auto_backup
    from desktop.core.services.backups import backup as backups

    with context(args) as ctx:
        backups.require_backup_role(ctx)
        if args.auto:
            made = auto_backup.run_daily(ctx)
            data = {"backup": str(made.file) if made.file else None, "made": made.made, "removed": made.removed}
            emit(args, data, f"已自动备份并校验：{made.file}" if made.made else f"今天已有自动备份：{made.file}")
            return 0
        dest = backups.backup_now(ctx, args.out)
    emit(args, {"backup": str(dest), "size": dest.stat().st_size}, f"已备份并校验（含附件和文书）：{dest}")
    return 0


def describe(info) -> list[str]:
    counts = "，".join(f"{k} {v}" for k, v in info.counts.items()) or "无"
    return [f"备份文件：{info.file}（{info.kind}）",
            f"单位：{info.site_name}（{info.site_code}）",
            f"备份时间：{info.created_at.replace('T', ' ')[:16] + ' UTC' if info.created_at else '未知（旧版备份）'}",
            f"数据：{counts}",
            f"附件和文书：{info.files} 个（{_size(info.files_bytes)}），数据库 {_size(info.db_bytes)}"]


def run_restore(args) -> int:
    from desktop.core.services.backups import backup as backups

    if args.preview:
        info = backups.preview(Path(args.file), check=True)
        emit(args, info.as_dict(), [*describe(info), "已校验：备份完整。"])
        return 0
    from desktop.core.paths import DataDir, default_data_dir

    data = DataDir(args.data_dir or default_data_dir())
    if not data.db_path.exists():  # a new PC: nothing to replace
        backups.restore_into_empty(data, Path(args.file))
        with context(args) as ctx:  # opening it finishes the restore (audit entry)
            site = f"{ctx.site_name}（{ctx.site_code}）"
        emit(args, {"restored": str(args.file), "previous_kept_at": None, "site": site},
             f"已恢复到新的数据目录：{data.root}（{site}）")
        return 0
    with context(args) as ctx:
        kept = backups.restore_backup(ctx, Path(args.file), allow_other_site=args.other_site)
    emit(args, {"restored": str(args.file), "previous_kept_at": str(kept)},
         f"已恢复：{args.file}\n原数据库已另存为：{kept}")
    return 0
