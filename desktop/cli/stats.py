"""`qingfeng stats` (统计指标、分组、钻取、满意度测评登记) and `qingfeng report` (月报/季报/年报：表格与文字稿)."""

from __future__ import annotations

import argparse

from desktop.cli._common import add_json, context, emit, progress

BY = ("village", "category", "topic", "township", "position")
PERIOD_HELP = "期间：2026-11（月）、2026Q3（季度）、2026H1（半年）、2026（年）或 2026-01-01..2026-03-31"


def _leaf(parser) -> None:
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
    parser.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")


def _scope_args(parser, *, required: bool = True) -> None:
    parser.add_argument("--period", required=required, metavar="P", help=PERIOD_HELP)
    parser.add_argument("--units", metavar="CODE,…", help="只统计这些单位（名称、区划代码或编号；区县可填乡镇代码）")


def register(sub) -> None:
    p = sub.add_parser("stats", help="统计指标（同比、环比、分组）、逐数钻取、满意度测评登记")
    _scope_args(p, required=False)
    p.add_argument("--by", choices=BY, help="分组：village 村（社区）、category 类别、topic 专题、township 乡镇、"
                                            "position 职务层级")
    add_json(p)
    p.set_defaults(func=run_figures, parser=p)
    cmds = p.add_subparsers(dest="stats_command", metavar="操作")
    d = cmds.add_parser("drill", help="列出某个指标背后的记录")
    d.add_argument("code", metavar="CODE", help="指标代码，如 S4")
    _scope_args(d)
    d.add_argument("--by", choices=BY, help="只列出某一分组格（与 --key 同用）")
    d.add_argument("--key", help="分组键（村编号、类别名、专题名、乡镇代码）")
    add_json(d)
    _leaf(d)
    d.set_defaults(func=run_drill)
    sv = cmds.add_parser("survey", help="回访 / 满意度测评登记")
    ops = sv.add_subparsers(dest="survey_command", metavar="操作", required=True)
    add = ops.add_parser("add", help="登记一次回访或满意度测评")
    add.add_argument("--unit", required=True, metavar="单位", help="村（社区）名称或编号")
    add.add_argument("--date", required=True, help="测评日期 2026-09-20")
    add.add_argument("--respondents", required=True, help="受访人数")
    add.add_argument("--satisfied", required=True, help="满意（合格）人数")
    add.add_argument("--kind", default="满意度测评", choices=("满意度测评", "回访"))
    add.add_argument("--surveyor", help="测评人")
    add.add_argument("--note", help="备注")
    add_json(add)
    _leaf(add)
    add.set_defaults(func=run_survey_add)
    ls = ops.add_parser("list", help="列出测评记录")
    ls.add_argument("--period", metavar="P", help=PERIOD_HELP)
    add_json(ls)
    _leaf(ls)
    ls.set_defaults(func=run_survey_list)
    rm = ops.add_parser("delete", help="删除一条测评记录")
    rm.add_argument("id")
    rm.add_argument("--reason", default="", help="删除原因")
    add_json(rm)
    _leaf(rm)
    rm.set_defaults(func=run_survey_delete)

    r = sub.add_parser("report", help="生成统计报表：Excel 表格、Word 与 PDF 文字稿")
    _scope_args(r)
    r.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")
    r.add_argument("--maker", help="制表人（默认当前用户）")
    r.add_argument("--checker", help="审核人（默认本单位纪委书记）")
    add_json(r)
    r.set_defaults(func=run_report)


def _change(v) -> str:
    return "—" if v is None else f"{v:+.1f}"


def run_figures(args) -> int:
    from desktop.core.errors import ValidationError
    from desktop.core.services.stats import service

    if not args.period:
        raise ValidationError("请用 --period 指定统计期间（如 2026Q3）。", field="period")
    with context(args) as ctx:
        result = service.compute(ctx, args.period, units=args.units, by=args.by)
    lines = [f"{result.label}（{result.start} 至 {result.end}）" + (f"  单位：{'、'.join(result.units)}" if result.units
                                                                   else "")]
    lines.append(f"{'代码':<6}{'指标':<16}{'数值':>10}  {'单位':<4}{'同比%':>8}{'环比%':>8}")
    for f in result.figures:
        lines.append(f"{f.code:<6}{f.name:<16}{f.text:>10}  {f.unit:<4}{_change(f.yoy):>8}{_change(f.mom):>8}"
                     + (f"  （{f.pending}）" if f.pending else ""))
    if result.breakdown:
        bd = result.breakdown
        codes = [c for c in ("S1", "S4", "S5", "S5R", "S6", "T1", "F1") if c in bd.codes]
        lines.append("")
        lines.append(f"按{bd.label}：" + "  ".join(codes))
        for key, name in bd.keys:
            cells = [bd.cells[c].get(key) for c in codes]
            if any(cells):  # rows of other figures only (e.g. a document kind under 类别) are left to --json
                lines.append(f"  {name}  " + "  ".join(service.display(v, "") for v in cells))
    emit(args, result.as_json(), lines)
    return 0


def run_drill(args) -> int:
    from desktop.core.services.stats import service

    with context(args) as ctx:
        d = service.drill(ctx, args.code, args.period, units=args.units, by=args.by, key=args.key)
    lines = [f"{d.code} {d.name}（{d.label}）：{service.display(d.value, d.unit)} {d.unit}  口径：{d.rule}"]
    if d.note:
        lines.append(d.note)
    for r in d.rows:
        mark = ("计入  " if r.id in d.numerator else "      ") if d.numerator else ""
        lines.append(f"{mark}{r.date or '':<10}  {r.unit_name or '-':<8}  {r.title}")
    lines.append(f"共 {len(d.rows)} 条记录")
    emit(args, d.as_json(), lines)
    return 0


def run_survey_add(args) -> int:
    from desktop.core.services.stats import scope, surveys

    with context(args) as ctx:
        with ctx.reader() as s:
            sc = scope.build(s, ctx, "2026", units=args.unit)
        sv = surveys.add(ctx, {"unit_id": (sc.units or [None])[0], "survey_date": args.date, "kind": args.kind,
                               "respondents": args.respondents, "satisfied": args.satisfied,
                               "surveyor": args.surveyor, "note": args.note})
    emit(args, sv.__dict__, f"已登记：{sv.survey_date} {sv.unit_name} {sv.kind}，受访 {sv.respondents} 人，"
                            f"满意 {sv.satisfied} 人（{sv.rate}%）  编号 {sv.id}")
    return 0


def run_survey_list(args) -> int:
    from desktop.core.services.stats import periods, surveys

    with context(args) as ctx:
        p = periods.parse(args.period) if args.period else None
        found = surveys.list_surveys(ctx, start=p and p.start.isoformat(), end=p and p.end.isoformat())
    lines = [f"{s.survey_date}  {s.unit_name}  {s.kind}  受访 {s.respondents} 人  满意 {s.satisfied} 人  {s.id}"
             for s in found] + [f"共 {len(found)} 条"]
    emit(args, [s.__dict__ for s in found], lines)
    return 0


def run_survey_delete(args) -> int:
    from desktop.core.services.stats import surveys

    with context(args) as ctx:
        surveys.delete(ctx, args.id, args.reason)
    emit(args, {"deleted": args.id}, "已删除。")
    return 0


def run_report(args) -> int:
    from desktop.core.services.stats import report

    with context(args) as ctx:
        job = report.write_all(ctx, args.period, args.out, units=args.units, maker=args.maker, checker=args.checker)
        lines = progress(args, _steps(job, out := {}))
    paths = out["paths"]
    emit(args, {k: str(v) for k, v in paths.items()}, [str(p) for p in paths.values()])
    del lines
    return 0


def _steps(job, out: dict):
    from desktop.core.progress import Progress

    while True:
        try:
            step = next(job)
        except StopIteration as stop:
            out["paths"] = stop.value
            return
        yield step if isinstance(step, (str, Progress)) else str(step)
