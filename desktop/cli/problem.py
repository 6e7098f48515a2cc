"""`qingfeng problem list [--status S] [--overdue] [--json]` and `qingfeng problem show ID [--json]`."""

from __future__ import annotations

from desktop.cli._common import add_json, context, emit


def register(sub) -> None:
    p = sub.add_parser("problem", help="问题整改台账：列表与详情")
    cmds = p.add_subparsers(dest="problem_command", metavar="操作", required=True)
    ls = cmds.add_parser("list", help="列出问题")
    ls.add_argument("--status", action="append", default=[], metavar="S", help="按状态筛选（可多次使用）")
    ls.add_argument("--overdue", action="store_true", help="只列出逾期（红色）的问题")
    ls.add_argument("--limit", type=int, default=0, help="最多列出多少条（默认全部）")
    add_json(ls)
    _globals(ls)
    ls.set_defaults(func=run_list)
    sh = cmds.add_parser("show", help="显示一个问题及其全过程记录")
    sh.add_argument("id", metavar="ID", help="问题编号（如 2026-017）或标识")
    add_json(sh)
    _globals(sh)
    sh.set_defaults(func=run_show)
    act = cmds.add_parser("act", help="执行一个流程操作（交办、反馈、销号、延期……）")
    act.add_argument("id", metavar="ID", help="问题编号或标识")
    act.add_argument("action", metavar="ACTION", help="操作名称，如 交办、开始整改、反馈、审核通过、销号、延期")
    act.add_argument("--set", action="append", default=[], metavar="键=值",
                     help="操作参数，如 requirement=补齐手续 deadline=2026-12-31 working_days=10 reason=… approver=…")
    act.add_argument("--evidence", action="append", default=[], metavar="FILE", help="佐证材料文件（可多次使用）")
    add_json(act)
    _globals(act)
    act.set_defaults(func=run_act)


def run_list(args) -> int:
    from desktop.core.errors import ValidationError
    from desktop.core.models.problems import STATUSES
    from desktop.core.services.problems import query as problem_query

    bad = [s for s in args.status if s not in STATUSES]
    if bad:
        raise ValidationError(f"状态“{bad[0]}”不存在，可用：{'、'.join(STATUSES)}。")
    filters = {"status": args.status, "overdue": args.overdue}
    with context(args) as ctx:
        rows = problem_query.list_problems(ctx, filters, ("no", "asc"), limit=args.limit or None)
        total = problem_query.count_problems(ctx, filters)
    lines = [f"共 {total} 个问题" + (f"（列出 {len(rows)} 个）" if len(rows) < total else "")]
    lines += [f"{r['no']:<10} {r['status']:<5} {r['colour_label']:<8} {r['unit_name'] or '':<8} "
              f"{r['deadline'] or '—':<10} {r['description'][:30]}" for r in rows]
    emit(args, {"count": total, "problems": rows}, lines)
    return 0


def run_show(args) -> int:
    from desktop.core.services.problems import records as problems

    with context(args) as ctx:
        p = problems.get_problem(ctx, args.id)
    lines = [f"{p['no']}  {p['unit_name'] or ''}  {p['status']}（{p['colour_label']}）",
             f"发现：{p['found_date']}  来源：{p['source']}  类别：{p['category'] or '—'}  类型：{p['problem_type'] or '—'}",
             f"描述：{p['description']}", f"责任人：{p['people_names'] or '—'}  处置方式：{p['handling']}",
             f"整改要求：{p['requirement'] or '—'}  整改时限：{p['deadline'] or '—'}"]
    if p.get("original_no"):
        lines.append(f"原编号：{p['original_no']}（导入的旧台账中的编号）")
    lines.append("全过程：")
    lines += [f"  {e['on_date']} {e['action']}（{e['from_status'] or '—'}→{e['to_status']}）{e['actor']}"
              + (f"：{e['reason']}" if e["reason"] else "") for e in p["events"]]
    emit(args, p, lines)
    return 0


def run_act(args) -> int:
    from desktop.core.errors import ValidationError
    from desktop.core.services.problems import records as problems

    payload: dict = {}
    for item in args.set:
        if "=" not in item:
            raise ValidationError(f"参数“{item}”格式不对，应为 键=值。")
        key, value = item.split("=", 1)
        payload[key.strip()] = value.strip()
    if args.evidence:
        payload["evidence"] = args.evidence
    with context(args) as ctx:
        p = problems.transition(ctx, args.id, args.action, **payload)
    emit(args, p, f"{p['no']}：{args.action} 完成，当前状态 {p['status']}（{p['colour_label']}）")
    return 0


def _globals(parser) -> None:
    """--data-dir/--user after a nested subcommand too (cli/__init__ adds them to the top-level ones only)."""
    import argparse

    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
    parser.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")
