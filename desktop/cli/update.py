"""`qingfeng update check|apply|rollback|status`: offline update from a signed package on a USB stick."""

from __future__ import annotations

import argparse
import sys

from desktop.cli._common import add_json, emit


def register(sub) -> None:
    p = sub.add_parser("update", help="离线升级：校验并安装 U 盘上的升级包（.qfupd）")
    cmds = p.add_subparsers(dest="update_command", metavar="操作", required=True)
    c = cmds.add_parser("check", help="只校验升级包（签名、版本、平台），不安装")
    c.add_argument("file", metavar="FILE", help="升级包（清风台账-升级-版本.qfupd）")
    add_json(c)
    c.set_defaults(func=run_check)
    a = cmds.add_parser("apply", help="校验并安装升级包（先备份数据；新版本起不来则恢复原版本和数据）")
    a.add_argument("file", metavar="FILE", help="升级包（清风台账-升级-版本.qfupd）")
    add_json(a)
    a.set_defaults(func=run_apply)
    r = cmds.add_parser("rollback", help="撤销上一次升级：恢复原版本和升级前的数据")
    add_json(r)
    r.set_defaults(func=run_rollback)
    s = cmds.add_parser("status", help="本程序的版本、平台、安装目录和信任的签名密钥")
    add_json(s)
    s.set_defaults(func=run_status)
    k = cmds.add_parser("self-check", help="（升级时内部使用）新版本首次启动：升级数据库并加载界面库")
    add_json(k)
    k.set_defaults(func=run_self_check)
    for command in cmds.choices.values():
        command.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
        command.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")


def run_check(args) -> int:
    from desktop.core.update import service

    info = service.check(args.file)
    emit(args, {"version": info.version, "platform": info.platform, "size": info.payload_size,
                "key_id": info.key_id, "current_version": service.status()["version"]},
         f"升级包校验通过：{service.describe(info)}，可以从 {service.status()['version']} 升级")
    return 0


def run_apply(args) -> int:
    from desktop.core.update import service

    quiet = getattr(args, "json", False)
    result = service.apply(args.file, args.data_dir, progress=(lambda line: None) if quiet else
                           (lambda line: print(f"  {line}", file=sys.stderr)))
    emit(args, {"version": result.version, "previous_version": result.previous_version,
                "install_root": str(result.install_root), "previous_kept_at": str(result.previous_kept_at),
                "backup": str(result.backup or "")},
         f"已升级：{result.previous_version} → {result.version}（升级前备份：{result.backup or '无数据'}）")
    return 0


def run_rollback(args) -> int:
    from desktop.core.update import service

    state = service.rollback(args.data_dir, progress=lambda line: None if args.json else print(f"  {line}"))
    emit(args, state, f"已撤销升级：恢复到 {state['previous_version']}")
    return 0


def run_status(args) -> int:
    from desktop.core.update import service

    st = service.status()
    emit(args, st, [f"清风台账 {st['version']}（{st['platform']}）{'  测试构建' if st['test_build'] else ''}",
                    f"安装目录：{st['install_root'] or '（源代码运行，不能用升级包升级）'}",
                    "信任的签名密钥：" + "，".join(st["key_ids"])])
    return 0


def run_self_check(args) -> int:
    """Migrate the data, then load the GUI's libraries and make the application offscreen: the new version runs."""
    import os

    from desktop.core.update import service

    result = service.self_check(args.data_dir)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.app import gui_self_check

    result["qt_platform"] = gui_self_check()
    emit(args, result, f"新版本 {result['version']} 自检通过（数据版本 {result['schema_version']}）")
    return 0
