"""`qingfeng check list [--unit ID]` and `qingfeng check coverage --period 2026Q3` (村居检查)."""

from __future__ import annotations

import argparse

from desktop.cli._common import add_json, context, emit


def _leaf_options(parser) -> None:
    """Accept the global options after the nested subcommand too (qingfeng check list --data-dir D)."""
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
    parser.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")


def register(sub) -> None:
    p = sub.add_parser("check", help="村居检查记录与覆盖情况")
    cmds = p.add_subparsers(dest="check_command", metavar="操作", required=True)
    ls = cmds.add_parser("list", help="列出检查记录（最新在前）")
    ls.add_argument("--unit", metavar="ID", help="只列出该单位的检查")
    ls.add_argument("--status", choices=("草稿", "已完成"), help="按状态筛选")
    add_json(ls)
    _leaf_options(ls)
    ls.set_defaults(func=run_list)
    cv = cmds.add_parser("coverage", help="某期间各村（社区）是否已检查")
    cv.add_argument("--period", required=True, metavar="PERIOD", help="期间：2026Q3、2026-09 或 2026")
    add_json(cv)
    _leaf_options(cv)
    cv.set_defaults(func=run_coverage)


def run_list(args) -> int:
    from desktop.core.services.checks import inspections
    from desktop.core.services.registry import units

    with context(args) as ctx:
        if args.unit and units.get(ctx, args.unit) is None:
            from desktop.core.errors import NotFound

            raise NotFound(f"找不到单位：{args.unit}")
        found = inspections.list_inspections(ctx, unit_id=args.unit, status=args.status)
    keys = ("id", "date", "title", "unit_names", "unit_ids", "inspectors", "methods", "status", "total", "failed",
            "open")
    data = [{k: r[k] for k in keys} for r in found]
    lines = [f"{r['date']}  {r['status']}  {r['unit_names']}  {r['total']} 项，不符合 {r['failed']} 项  {r['inspectors']}"
             for r in found]
    lines.append(f"共 {len(found)} 次检查")
    emit(args, data, lines)
    return 0


def run_coverage(args) -> int:
    from desktop.core.services.checks import coverage

    with context(args) as ctx:
        data = coverage.coverage(ctx, args.period)
    lines = [f"{data.label}（{data.start} 至 {data.end}）：已覆盖 {data.checked} 个，未覆盖 {data.unchecked} 个"]
    for r in data.rows:
        mark = "✗" if r["status"] in ("未覆盖", "部分覆盖") else "✓" if r["status"] == "已覆盖" else "-"
        extra = f"  缺：{'、'.join(r['missing'])}" if r["missing"] else ""
        dates = f"  检查日期：{'、'.join(r['dates'])}" if r["dates"] else ""
        key = "（重点村）" if r["is_key_village"] else ""
        lines.append(f"{mark} {r['unit_name']}{key}  {r['status']}{dates}{extra}")
    emit(args, data, lines)
    return 0
