"""`qingfeng checklist export --out FILE.xlsx` and `qingfeng checklist import FILE.xlsx [--dry-run]` (两清单)."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli._common import add_json, context, emit


def _leaf_options(parser) -> None:
    """Accept the global options after the nested subcommand too (qingfeng check list --data-dir D)."""
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
    parser.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")


def register(sub) -> None:
    p = sub.add_parser("checklist", help="监督清单（两清单）的导入导出")
    cmds = p.add_subparsers(dest="checklist_command", metavar="操作", required=True)
    e = cmds.add_parser("export", help="导出当前在用的检查事项到 .xlsx")
    e.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出文件")
    e.add_argument("--list", metavar="ID", help="只导出这一份清单")
    add_json(e)
    _leaf_options(e)
    e.set_defaults(func=run_export)
    i = cmds.add_parser("import", help="从 .xlsx 导入清单（共性化清单导入后为只读）")
    i.add_argument("file", metavar="FILE.xlsx", help="清单文件")
    i.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    add_json(i)
    _leaf_options(i)
    i.set_defaults(func=run_import)
    ls = cmds.add_parser("list", help="列出清单")
    add_json(ls)
    _leaf_options(ls)
    ls.set_defaults(func=run_list)


def run_export(args) -> int:
    from desktop.core.services.checks import checklist_io

    with context(args) as ctx:
        count = checklist_io.export_xlsx(ctx, Path(args.out), args.list)
    emit(args, {"file": str(args.out), "items": count}, f"已导出 {count} 个检查事项：{args.out}")
    return 0


def run_import(args) -> int:
    from desktop.core.services.checks import checklist_io

    with context(args) as ctx:
        result = checklist_io.import_xlsx(ctx, Path(args.file), dry_run=args.dry_run)
    data = result.as_dict()
    lines = [("检查通过（未写入）：" if args.dry_run else "已导入：") + f"{len(result.lists)} 份清单，{data['items']} 个检查事项"]
    for x in data["lists"]:
        ro = "，只读" if x["read_only"] else ""
        lines.append(f"  {x['year']} {x['kind']}《{x['title']}》 {x['items']} 项{ro}")
    if data["unmatched_headers"]:
        lines.append("未使用的列：" + "、".join(data["unmatched_headers"]))
    emit(args, data, lines)
    return 0


def run_list(args) -> int:
    from desktop.core.services.checks import checklists

    with context(args) as ctx:
        found = checklists.list_checklists(ctx)
    lines = [f"{c['year']} {c['kind']} {c['status']} 《{c['title']}》 {c['item_count']} 项  {c['id']}" for c in found]
    emit(args, found, lines or ["（没有清单）"])
    return 0
