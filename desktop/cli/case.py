"""`qingfeng case list|show|open|review|opinion|close|outcome|figures …` — 立案审查调查 (管理员/负责人 only;
`figures` prints counts without names and is open to every role)."""

from __future__ import annotations

from desktop.cli._common import context, emit
from desktop.cli.lead import _cmd, _resolve, subject_items


def register(sub) -> None:
    p = sub.add_parser("case", help="案件：立案、审理、结案、处理处分、统计（仅管理员、负责人）")
    cmds = p.add_subparsers(dest="case_command", metavar="操作", required=True)
    ls = _cmd(cmds, "list", "列出案件", run_list)
    ls.add_argument("--status", help="审查调查、审理、已结案")
    sh = _cmd(cmds, "show", "显示一个案件", run_show)
    sh.add_argument("id", metavar="ID", help="案件编号（如 LA2026-003）或标识")
    op = _cmd(cmds, "open", "立案（直接或由问题立案；由线索立案请用 lead dispose … 立案）", run_open)
    op.add_argument("--date", required=True, help="立案日期")
    op.add_argument("--decision", required=True, help="立案决定（文号）")
    op.add_argument("--approver", required=True, help="立案审批人")
    op.add_argument("--summary", required=True, help="简要案情")
    op.add_argument("--subject", action="append", default=[], metavar="姓名[/单位/职务]", help="审查调查对象")
    op.add_argument("--problem", metavar="NO", help="由该问题立案（问题编号）")
    op.add_argument("--complex", action="store_true", help="复杂案件（处分须报县（区）审批）")
    rv = _cmd(cmds, "review", "移送县（区）审理（乡案县审）", run_review)
    rv.add_argument("id", metavar="ID")
    rv.add_argument("--date", required=True)
    rv.add_argument("--body", help="审理机关")
    oo = _cmd(cmds, "opinion", "登记审理意见", run_opinion)
    oo.add_argument("id", metavar="ID")
    oo.add_argument("--date", required=True)
    oo.add_argument("--opinion", required=True)
    cl = _cmd(cmds, "close", "结案", run_close)
    cl.add_argument("id", metavar="ID")
    cl.add_argument("--date", required=True, help="结案日期")
    cl.add_argument("--result", required=True, help="结案结果")
    oc = _cmd(cmds, "outcome", "登记处理处分（或问责）", run_outcome)
    oc.add_argument("id", metavar="ID")
    oc.add_argument("--person", required=True, help="审查调查对象姓名")
    oc.add_argument("--family", required=True, help="党纪处分、政务处分、组织处理、诫勉、批评教育、责令检查、移送司法机关")
    oc.add_argument("--kind", help="种类，如 警告、严重警告、免职（单一种类的可不填）")
    oc.add_argument("--date", required=True, help="处理日期")
    oc.add_argument("--body", required=True, help="批准机关，如 乡镇纪委、乡镇党委、县（区）纪委监委")
    oc.add_argument("--approval-date", help="批准日期")
    oc.add_argument("--approval-ref", help="批复文号")
    oc.add_argument("--duty", help="问责：主体责任 或 监督责任")
    mo = _cmd(cmds, "money", "登记涉案资金（追缴、退缴、挽回损失、上交资金，单位：元）", run_money)
    mo.add_argument("id", metavar="ID")
    mo.add_argument("--kind", required=True)
    mo.add_argument("--amount", required=True, help="金额（元，整数）")
    mo.add_argument("--date", required=True, help="到账日期")
    ru = _cmd(cmds, "rule", "登记建章立制", run_rule)
    ru.add_argument("--title", required=True, help="制度名称")
    ru.add_argument("--unit", help="建立单位名称")
    ru.add_argument("--date", required=True, help="建立日期")
    ru.add_argument("--case", metavar="NO", help="所依据的案件编号")
    cf = _cmd(cmds, "came-forward", "登记主动说清问题的人员", run_came_forward)
    cf.add_argument("id", metavar="ID")
    cf.add_argument("--person", required=True, help="审查调查对象姓名")
    bl = _cmd(cmds, "bulletin", "由案件和问题生成通报（期号自动编排）", run_bulletin)
    bl.add_argument("--case", action="append", default=[], metavar="NO", help="案件编号（可多次）")
    bl.add_argument("--problem", action="append", default=[], metavar="NO", help="问题编号（可多次）")
    bl.add_argument("--topic", required=True, help="专题，如 八项规定、群众身边腐败和不正之风")
    bl.add_argument("--subject", help="通报事由（标题“关于……典型问题的通报”）")
    bl.add_argument("--date", help="通报日期（默认今天）")
    rc = _cmd(cmds, "record", "人员廉政档案（仅管理员、负责人）", run_record)
    rc.add_argument("person", metavar="PERSON", help="人员姓名（唯一时）或标识")
    fg = _cmd(cmds, "figures", "线索、案件、处分与四种形态统计（不含姓名）", run_figures)
    fg.add_argument("--from", dest="start", required=True)
    fg.add_argument("--to", dest="end", required=True)


def run_list(args) -> int:
    from desktop.core.services.cases import access, cases

    with context(args) as ctx:
        access.require_see(ctx)
        rows = cases.list_cases(ctx, status=args.status)
    lines = [f"共 {len(rows)} 件案件"]
    lines += [f"{r['no']:<12} {r['opened_date']} {r['status']:<5} {r['closed_date'] or '—':<10} "
              f"{r['subjects_label'][:20]}  {r['summary'][:24]}" for r in rows]
    for r in rows:
        r.pop("subjects", None)
    emit(args, {"count": len(rows), "cases": rows}, lines)
    return 0


def run_show(args) -> int:
    from desktop.core.services.cases import cases

    with context(args) as ctx:
        c = cases.get_case(ctx, cases.find_by_no(ctx, args.id))
    lines = [f"{c.no}  {c.status}  立案：{c.opened_date}（{c.open_decision}，{c.approver}）",
             f"审查调查对象：{'、'.join(p['name'] for p in c.subjects)}", f"案情：{c.summary}"]
    if c.review_sent_date:
        lines.append(f"审理：{c.review_sent_date} 移送 {c.review_body}；意见：{c.review_opinion or '—'}")
    if c.closed_date:
        lines.append(f"结案：{c.closed_date} {c.close_result}")
    lines += [f"  {m['measure_date']} {m['name']} {m['family']}/{m['kind']}（{m['approving_body']}）{m['form_name']}"
              for m in c.measures]
    lines += [f"  {m['money_date']} {m['kind']} {m['amount']} 元" for m in c.money]
    emit(args, c.as_dict(), lines)
    return 0


def run_open(args) -> int:
    from desktop.core.services.cases import cases
    from desktop.core.services.problems import records as problems

    with context(args) as ctx:
        problem_id = problems.get_problem(ctx, args.problem)["id"] if args.problem else None
        c = cases.open_case(ctx, {"opened_date": args.date, "open_decision": args.decision, "approver": args.approver,
                                  "summary": args.summary, "problem_id": problem_id, "complex_case": args.complex,
                                  "subjects": _resolve(ctx, subject_items(args.subject))})
    emit(args, c.as_dict(), f"已立案 {c.no}（{'、'.join(p['name'] for p in c.subjects)}）")
    return 0


def _step(args, func, payload: dict, done: str) -> int:
    from desktop.core.services.cases import cases

    with context(args) as ctx:
        c = func(ctx, cases.find_by_no(ctx, args.id), payload)
    emit(args, c.as_dict(), f"{c.no}：{done}，当前状态 {c.status}")
    return 0


def run_review(args) -> int:
    from desktop.core.services.cases import cases

    return _step(args, cases.send_review, {"sent_date": args.date, "review_body": args.body}, "已移送审理")


def run_opinion(args) -> int:
    from desktop.core.services.cases import cases

    return _step(args, cases.record_review, {"review_date": args.date, "review_opinion": args.opinion}, "已登记审理意见")


def run_close(args) -> int:
    from desktop.core.services.cases import cases

    return _step(args, cases.close_case, {"closed_date": args.date, "close_result": args.result}, "已结案")


def run_outcome(args) -> int:
    from desktop.core.errors import ValidationError
    from desktop.core.services.cases import cases, outcomes

    with context(args) as ctx:
        c = cases.get_case(ctx, cases.find_by_no(ctx, args.id), audit=False)
        person = next((p for p in c.subjects if p["name"] == args.person), None)
        if person is None:
            raise ValidationError(f"“{args.person}”不是案件 {c.no} 的审查调查对象"
                                  f"（对象：{'、'.join(p['name'] for p in c.subjects)}）。")
        m = outcomes.add(ctx, {"case_id": c.id, "case_person_id": person["id"], "family": args.family,
                               "kind": args.kind or args.family, "measure_date": args.date,
                               "approving_body": args.body, "approval_date": args.approval_date,
                               "approval_ref": args.approval_ref, "duty": args.duty})
    emit(args, m, f"{c.no}：{m['name']} {m['family']}/{m['kind']}，计入{m['form_name']}")
    return 0


def run_figures(args) -> int:
    from desktop.core.services.cases import figures

    with context(args) as ctx:
        f = figures.period_figures(ctx, args.start, args.end)
    forms = "，".join(f"第{'一二三四'[k - 1]}种 {v.person_times} 人次（{v.pct}%）" for k, v in f.forms.items())
    lines = [f"{args.start} 至 {args.end}",
             f"受理问题线索 {f.leads_received} 件，处置 {f.leads_disposed} 件（{f.disposed_by_route}）",
             f"立案 {f.cases_opened} 件 {f.cases_opened_persons} 人，结案 {f.cases_closed} 件",
             f"党纪政务处分 {f.sanctioned_persons} 人（党纪 {f.party_sanctioned_persons}，政务 {f.gov_sanctioned_persons}），"
             f"组织处理 {f.org_handling_persons} 人，移送司法机关 {f.transferred_persons} 人",
             f"四种形态 {f.forms_person_times} 人次 {f.forms_persons} 人：{forms}",
             f"资金（万元）：{f.money_wan}；主动说清 {f.came_forward_persons} 人；建章立制 {f.rules_adopted} 项"]
    emit(args, f.as_dict(), lines)
    return 0


def run_bulletin(args) -> int:
    from desktop.core.services.cases import bulletins, cases
    from desktop.core.services.problems import records as problems

    with context(args) as ctx:
        case_ids = [cases.find_by_no(ctx, no) for no in args.case]
        problem_ids = [problems.get_problem(ctx, no)["id"] for no in args.problem]
        b = bulletins.create(ctx, {"topic": args.topic, "subject": args.subject, "issue_date": args.date,
                                   "case_ids": case_ids, "problem_ids": problem_ids})
    from dataclasses import asdict

    emit(args, asdict(b), [f"已生成{b.title}：{b.cases_count} 起 {b.persons_count} 人", *b.files])
    return 0


def run_record(args) -> int:
    from desktop.core.errors import NotFound
    from desktop.core.services.cases import person_record
    from desktop.core.services.registry import people

    with context(args) as ctx:
        found = [p for p in people.list_people(ctx, text=args.person) if args.person in (p["name"], p["id"])]
        if len(found) != 1:
            raise NotFound(f"找不到唯一的人员“{args.person}”（找到 {len(found)} 人），请改用人员标识。")
        rec = person_record.record(ctx, found[0]["id"])
    lines = [f"{rec.person['name']} {rec.person.get('unit_name') or ''} {rec.person.get('position') or ''}"]
    lines += [f"  {e['date']} {e['kind']}：{e['text']}" for e in rec.events]
    emit(args, rec.as_dict(), lines)
    return 0


def run_money(args) -> int:
    from desktop.core.services.cases import cases, money

    with context(args) as ctx:
        row = money.add(ctx, {"case_id": cases.find_by_no(ctx, args.id), "kind": args.kind, "amount": args.amount,
                              "money_date": args.date})
    emit(args, row, f"已登记{row['kind']} {row['amount']} 元（{money.wan(row['amount'])} 万元）")
    return 0


def run_rule(args) -> int:
    from desktop.core.errors import NotFound
    from desktop.core.services.cases import cases, rules_register
    from desktop.core.services.registry import units

    with context(args) as ctx:
        unit_id = None
        if args.unit:
            unit_id = next((u["id"] for u in units.list_units(ctx) if u["name"] == args.unit), None)
            if unit_id is None:
                raise NotFound(f"找不到单位“{args.unit}”。")
        row = rules_register.add(ctx, {"title": args.title, "unit_id": unit_id, "adopted_date": args.date,
                                       "case_id": cases.find_by_no(ctx, args.case) if args.case else None})
    emit(args, row, f"已登记建章立制：{row['title']}（{row['unit_name'] or '—'}，{row['adopted_date']}）")
    return 0


def run_came_forward(args) -> int:
    from desktop.core.errors import ValidationError
    from desktop.core.services.cases import cases, outcomes

    with context(args) as ctx:
        c = cases.get_case(ctx, cases.find_by_no(ctx, args.id), audit=False)
        person = next((p for p in c.subjects if p["name"] == args.person), None)
        if person is None:
            raise ValidationError(f"“{args.person}”不是案件 {c.no} 的审查调查对象。")
        outcomes.mark_came_forward(ctx, person["id"])
    emit(args, {"case": c.no, "person": args.person}, f"{c.no}：已登记{args.person}主动说清问题")
    return 0
