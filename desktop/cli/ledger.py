"""`qingfeng ledger export --kind problems|matters|talks --out FILE.xlsx` and `qingfeng ledger import FILE.xlsx`."""

from __future__ import annotations

import importlib
from pathlib import Path

from desktop.cli._common import add_json, context, emit, progress

KINDS = {"problems": "问题整改台账", "matters": "监督台账", "talks": "谈话记录台账"}


def register(sub) -> None:
    p = sub.add_parser("ledger", help="台账的 Excel 导出与导入")
    cmds = p.add_subparsers(dest="ledger_command", metavar="操作", required=True)
    e = cmds.add_parser("export", help="导出台账为 .xlsx")
    e.add_argument("--kind", choices=tuple(KINDS), default="problems", help="problems=问题整改台账，matters=监督台账，"
                   "talks=谈话记录台账")
    e.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出文件")
    add_json(e)
    _globals(e)
    e.set_defaults(func=run_export)
    i = cmds.add_parser("import", help="导入旧的问题整改台账（.xlsx）")
    i.add_argument("file", metavar="FILE.xlsx")
    i.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    i.add_argument("--map-category", action="append", default=[], metavar="旧类别=目录类别",
                   help="把表中的类别对应到目录中的类别（可多次使用）")
    i.add_argument("--column", action="append", default=[], metavar="字段=列名",
                   help="手动指定列（如 description=存在问题；可多次使用）")
    i.add_argument("--duplicates", choices=("skip", "import"), default="skip",
                   help="“可能重复”的行（与台账中已有问题的单位、发现时间、描述相同）：skip=跳过（默认），import=照样导入")
    i.add_argument("--import-row", action="append", type=int, default=[], metavar="行号",
                   help="只把这一行“可能重复”照样导入（可多次使用）")
    add_json(i)
    _globals(i)
    i.set_defaults(func=run_import)


def _export_job(ctx, kind: str, out: Path):
    from desktop.core.errors import ValidationError

    if kind == "problems":
        from desktop.core.services.problems import ledger_io

        return ledger_io.export_problems(ctx, out)
    name = {"matters": "desktop.core.services.matters.records", "talks": "desktop.core.services.talks.records"}[kind]
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        module = None
    if module is None or not hasattr(module, "export_xlsx"):
        raise ValidationError(f"{KINDS[kind]}的导出功能尚未提供。")
    return module.export_xlsx(ctx, out)


def run_export(args) -> int:
    from desktop.core.errors import OutputError

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise OutputError(f"导出文件必须以 .xlsx 结尾：{out.name}")
    with context(args) as ctx:
        result = _export_job(ctx, args.kind, out)
        if hasattr(result, "__next__"):  # a progress job (generator): print its steps, take its return value
            from desktop.core.progress import drain

            count = drain(result, on_step=lambda step: progress(args, [step]))
        else:
            count = result
    emit(args, {"kind": args.kind, "file": str(out), "rows": count}, f"已导出{KINDS[args.kind]} {count} 行：{out}")
    return 0


def _pairs(items: list[str], what: str) -> dict:
    from desktop.core.errors import ValidationError

    out = {}
    for item in items:
        if "=" not in item:
            raise ValidationError(f"{what}“{item}”格式不对，应为 左边=右边。")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def run_import(args) -> int:
    from desktop.core.services.problems import ledger_io

    with context(args) as ctx:
        report = ledger_io.import_problems(ctx, Path(args.file), dry_run=args.dry_run,
                                           overrides=_pairs(args.column, "列指定"),
                                           category_map=_pairs(args.map_category, "类别对应"),
                                           duplicates=args.duplicates,
                                           duplicate_choices={row: "import" for row in args.import_row})
    emit(args, report, _report_lines(report))
    return 0


def _report_lines(r: dict) -> list[str]:
    head = "检查结果（未写入）" if r["dry_run"] else f"已导入 {r['written']} 条"
    lines = [f"{head}：共 {r['data_rows']} 行，可导入 {len(r['accepted'])} 行，有问题 {len(r['rejected'])} 行，"
             f"跳过 {len(r['skipped'])} 行（其中可能重复 {len(r['possible_duplicates'])} 行）"]
    lines.append("列对应：" + "，".join(f"{r['fields'][k]}←“{h}”" for k, h in r["mapping"].items()))
    if r.get("stopped_after"):
        lines.append(f"注意：第 {r['stopped_after']} 行之后连续 1000 多行为空，其后的内容未读取")
    if r["unmatched_headers"]:
        lines.append("未使用的列：" + "、".join(r["unmatched_headers"]))
    lines += [f"  {x['message']}" for x in r["rejected"]]
    lines += [f"  第 {x['row']} 行：{x['reason']}" for x in r["skipped"]]
    lines += [f"  第 {x['row']} 行可能重复（原编号 {x['original_no'] or '—'}，台账中为 {x['existing_no']}）："
              f"{'照样导入' if x['decision'] == 'import' else '跳过'}；可用 --import-row {x['row']} 或 --duplicates import 导入"
              for x in r["possible_duplicates"]]
    for cat, rows in r["unknown_categories"].items():
        hint = r["category_suggestions"].get(cat)
        lines.append(f"  未知类别“{cat}”（第 {'、'.join(map(str, rows))} 行）" + (f"，可能是：{'、'.join(hint)}" if hint else "")
                     + f"；可用 --map-category {cat}=目录类别")
    return lines


def _globals(parser) -> None:
    """--data-dir/--user after a nested subcommand too (cli/__init__ adds them to the top-level ones only)."""
    import argparse

    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
    parser.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")
