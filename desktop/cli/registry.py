"""`qingfeng registry export|import`: the registry of units and people as .xlsx."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli._common import add_json, context, emit


def register(sub) -> None:
    p = sub.add_parser("registry", help="单位、人员名册的导入和导出（.xlsx）")
    rsub = p.add_subparsers(dest="registry_command", metavar="操作", required=True)
    e = rsub.add_parser("export", help="导出单位或人员名册到 .xlsx")
    e.add_argument("--kind", choices=("units", "people"), required=True, help="units=单位，people=人员")
    e.add_argument("--out", required=True, metavar="FILE.xlsx", help="导出到的文件")
    e.add_argument("--with-id-no", action="store_true", help="包含身份证号（默认不导出）")
    add_json(e)
    e.set_defaults(func=run_export)
    i = rsub.add_parser("import", help="从 .xlsx 导入单位或人员（先检查，全部无误才写入）")
    i.add_argument("file", metavar="FILE.xlsx", help="要导入的文件")
    i.add_argument("--kind", choices=("units", "people"), required=True, help="units=单位，people=人员")
    i.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
    i.add_argument("--rows", metavar="行号", type=_row_list,
                   help="只导入这些 Excel 行，如 2-10,15（默认全部；所选行全部无误才写入）")
    add_json(i)
    i.set_defaults(func=run_import)
    for parser in (e, i):
        # also accepted after the action (`registry export --data-dir D`); SUPPRESS keeps an earlier value
        parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
        parser.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")


def _row_list(text: str) -> list[int]:
    """'2-5,8' → [2, 3, 4, 5, 8]."""
    out: list[int] = []
    try:
        for part in text.replace("，", ",").split(","):
            lo, _, hi = part.strip().partition("-")
            out.extend(range(int(lo), int(hi or lo) + 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"行号“{text}”格式不对，应如 2-10,15") from None
    return out


def run_export(args) -> int:
    from desktop.core.services.registry import io as registry_io

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    with context(args) as ctx:
        count = registry_io.export(ctx, args.kind, out, with_id_no=args.with_id_no)
    what = registry_io.KINDS[args.kind]
    emit(args, {"kind": args.kind, "file": str(out), "rows": count}, f"已导出{what} {count} 条：{out}")
    return 0


def run_import(args) -> int:
    from desktop.core.services.registry import io as registry_io

    with context(args) as ctx:
        plan = registry_io.plan_import(ctx, Path(args.file), args.kind)
        if args.rows:
            plan.rows = [r for r in plan.rows if r.row in set(args.rows)]
        issues = plan.issues()
        if args.dry_run or issues:
            _report(args, plan, written=False)
            if issues:
                print(f"错误：文件中有 {len(issues)} 处问题，未导入任何数据。请修改后重新导入。", file=sys.stderr)
            return 1 if issues else 0
        counts = registry_io.apply_import(ctx, plan)
    _report(args, plan, written=True, counts=counts)
    return 0


def _report(args, plan, *, written: bool, counts: dict | None = None) -> None:
    data = plan.to_json() | {"written": written}
    if counts is not None:
        data["result"] = counts
    c = counts or plan.counts()
    head = "已导入" if written else "检查结果（未写入）"
    lines = [f"{head}：" + "，".join(f"{k} {v}" for k, v in c.items())]
    lines.append("列对应：" + "，".join(f"{k}←“{v}”" for k, v in _labels(plan).items()))
    if plan.unmatched_headers:
        lines.append("未使用的列：" + "、".join(plan.unmatched_headers))
    lines += [f"  {issue}" for issue in plan.issues()]
    emit(args, data, lines)


def _labels(plan) -> dict:
    from desktop.core.services.registry.io import fields_of

    names = {f.key: f.label for f in fields_of(plan.kind)}
    return {names[k]: v for k, v in plan.mapping.items()}
