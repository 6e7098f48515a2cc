"""`qingfeng lead add|list|show|dispose|result|import|export|package …` — 问题线索 (管理员/负责人 only)."""

from __future__ import annotations

from pathlib import Path

from desktop.cli._common import add_json, context, emit
from desktop.cli.problem import _globals


def _cmd(cmds, name: str, help_: str, func):
    p = cmds.add_parser(name, help=help_)
    add_json(p)
    _globals(p)
    p.set_defaults(func=func)
    return p


def register(sub) -> None:
    p = sub.add_parser("lead", help="问题线索：登记、处置、导入导出（仅管理员、负责人）")
    cmds = p.add_subparsers(dest="lead_command", metavar="操作", required=True)
    add = _cmd(cmds, "add", "登记问题线索", run_add)
    add.add_argument("--date", required=True, help="受理日期")
    add.add_argument("--source", required=True, help="线索来源，如 来信、来访、电话、网络、上级交办")
    add.add_argument("--summary", required=True, help="反映问题摘要")
    add.add_argument("--subject", action="append", default=[], metavar="姓名[/单位/职务]", help="被反映人（可多次）")
    add.add_argument("--reporter", default="", metavar="姓名|匿名", help="反映人（不填为无反映人）")
    add.add_argument("--category", help="问题类别")
    add.add_argument("--topic", help="专题")
    fp = _cmd(cmds, "from-problem", "将问题转为问题线索（问题结束整改流程，二者互相关联）", run_from_problem)
    fp.add_argument("problem", metavar="NO", help="问题编号")
    fp.add_argument("--date", help="受理日期（默认今天）")
    ls = _cmd(cmds, "list", "列出问题线索", run_list)
    ls.add_argument("--status", help="按状态筛选")
    ls.add_argument("--text", default="", help="按编号、被反映人、反映问题搜索")
    sh = _cmd(cmds, "show", "显示一条问题线索及其处置记录", run_show)
    sh.add_argument("id", metavar="ID", help="线索编号（如 XS2026-007）或标识")
    sh.add_argument("--reporter", action="store_true", help="同时显示反映人（记入操作日志）")
    dp = _cmd(cmds, "dispose", "处置问题线索（谈话函询、初步核实、暂存待查、予以了结、移送县/区、立案）", run_dispose)
    dp.add_argument("id", metavar="ID")
    dp.add_argument("route", metavar="ROUTE", help="处置方式")
    dp.add_argument("--date", required=True, help="集体排查日期")
    dp.add_argument("--participants", required=True, help="参加集体排查人员")
    dp.add_argument("--approver", required=True, help="审批人")
    dp.add_argument("--result", help="核实结果：属实、部分属实、不属实")
    dp.add_argument("--due", help="办理期限（不填按设置计算）")
    dp.add_argument("--documents", help="形成的文书")
    dp.add_argument("--forwarded-to", help="移送单位（移送县/区时必填）")
    dp.add_argument("--open-decision", help="立案决定（立案时必填）")
    dp.add_argument("--clarified", action="store_true", help="已澄清正名（了结不属实的线索）")
    rs = _cmd(cmds, "result", "登记当前处置的结果", run_result)
    rs.add_argument("id", metavar="ID")
    rs.add_argument("result", metavar="RESULT", help="属实、部分属实、不属实")
    rs.add_argument("--date", help="办结日期（默认今天）")
    rs.add_argument("--documents", help="形成的文书")
    im = _cmd(cmds, "import", "导入旧的问题线索处置台账（默认只检查）", run_import)
    im.add_argument("file", metavar="FILE")
    im.add_argument("--apply", action="store_true", help="检查通过的行写入台账（默认只检查，不写入）")
    ex = _cmd(cmds, "export", "导出问题线索处置台账（不含反映人身份）", run_export)
    ex.add_argument("--out", required=True, metavar="FILE")
    dr = _cmd(cmds, "due-rules", "查看或修改各处置方式的办理期限", run_due_rules)
    dr.add_argument("--set", action="append", default=[], metavar="方式=期限",
                    help="如 谈话函询=15工作日、初步核实=3个月（可多次）")
    pk = _cmd(cmds, "package", "导出线索案件数据包（仅负责人，加密发往区县）", run_package)
    pk.add_argument("--out", required=True, metavar="DIR", type=Path, help="输出文件夹（如 U 盘）")
    pk.add_argument("--release-reporter", metavar="ID", help="在包中包含这条已移送线索的反映人信息")


def subject_items(specs: list[str]) -> list[dict]:
    """'张伟' (a registry name) or '赵某/镇民政办/办事员' (free text) → subject dicts; resolved by the service."""
    out = []
    for spec in specs:
        name, unit, position = ([x.strip() or None for x in spec.split("/")] + [None, None])[:3]
        out.append({"name": name, "unit_name": unit, "position": position, "_resolve": True})
    return out


def _resolve(ctx, items: list[dict]) -> list[dict]:
    from desktop.core.services.cases import subjects

    with ctx.reader() as s:
        for item in items:
            if item.pop("_resolve", False) and item["name"]:
                pid = subjects.resolve_name_in(s, item["name"], item["unit_name"])
                if pid:
                    item.clear()
                    item["person_id"] = pid
    return items


def run_add(args) -> int:
    from desktop.core.services.cases import leads

    reporter = ({"kind": "匿名"} if args.reporter == "匿名" else {"kind": "实名", "name": args.reporter}
                if args.reporter else {"kind": "无反映人"})
    with context(args) as ctx:
        lead = leads.register(ctx, {"received_date": args.date, "source": args.source, "summary": args.summary,
                                    "subjects": _resolve(ctx, subject_items(args.subject)), "reporter": reporter,
                                    "category": args.category, "topic": args.topic})
    emit(args, lead.as_dict(), f"已登记问题线索 {lead.no}（{lead.status}）")
    return 0


def run_from_problem(args) -> int:
    from desktop.core.services.cases import leads
    from desktop.core.services.problems import records as problems

    with context(args) as ctx:
        problem = problems.get_problem(ctx, args.problem)
        lead = leads.from_problem(ctx, problem["id"], {"received_date": args.date} if args.date else {})
    emit(args, lead.as_dict(), f"问题 {problem['no']} 已转为问题线索 {lead.no}")
    return 0


def run_due_rules(args) -> int:
    import re

    from desktop.core.errors import ValidationError
    from desktop.core.models.cases import OPEN_ROUTES
    from desktop.core.services.cases import disposal

    with context(args) as ctx:
        due = dict(disposal.due_rules(ctx)["due"])
        for item in args.set:
            route, _, text = item.partition("=")
            m = re.fullmatch(r"\s*(\d{1,3})\s*(工作日|个月|月)\s*", text)
            if route.strip() not in OPEN_ROUTES or not m or int(m[1]) < 1:
                raise ValidationError(f"“{item}”格式不对，应为 方式=N工作日 或 方式=N个月（方式：{'、'.join(OPEN_ROUTES)}）。")
            due[route.strip()] = {"working_days": int(m[1])} if m[2] == "工作日" else {"months": int(m[1])}
        if args.set:
            due = disposal.set_due_rules(ctx, due)["due"]
    lines = [f"{r}：{v.get('working_days') or v.get('months')}{'个工作日' if v.get('working_days') else '个月'}"
             for r, v in due.items()]
    emit(args, due, lines)
    return 0


def run_list(args) -> int:
    from desktop.core.services.cases import access, leads

    with context(args) as ctx:
        access.require_see(ctx)
        rows = leads.list_leads(ctx, status=args.status, text=args.text)
    lines = [f"共 {len(rows)} 条问题线索"]
    lines += [f"{r['no']:<12} {r['received_date']} {r['status']:<5} {r['due_date'] or '—':<10} "
              f"{r['subjects_label'][:20]}  {r['summary'][:24]}" for r in rows]
    for r in rows:
        r.pop("subjects", None)
    emit(args, {"count": len(rows), "leads": rows}, lines)
    return 0


def run_show(args) -> int:
    from desktop.core.services.cases import leads

    with context(args) as ctx:
        lead = leads.get_lead(ctx, leads.find_by_no(ctx, args.id), with_reporter=args.reporter)
    lines = [f"{lead.no}  {lead.status}  受理：{lead.received_date}  来源：{lead.source}",
             f"被反映人：{'、'.join(p['name'] for p in lead.subjects)}", f"反映问题：{lead.summary}",
             f"反映人：{(lead.reporter or {}).get('name') or lead.reporter_kind}", "处置记录："]
    lines += [f"  {d['decision_date']} {d['route']}（{d['participants']}，{d['approver']}审批）"
              f"{' 期限 ' + d['due_date'] if d['due_date'] else ''}{' 结果 ' + d['result'] if d['result'] else ''}"
              for d in lead.disposals]
    emit(args, lead.as_dict(), lines)
    return 0


def run_dispose(args) -> int:
    from desktop.core.services.cases import disposal, leads

    payload = {"route": args.route, "decision_date": args.date, "participants": args.participants,
               "approver": args.approver, "result": args.result, "due_date": args.due, "documents": args.documents,
               "forwarded_to": args.forwarded_to, "open_decision": args.open_decision, "clarified": args.clarified}
    with context(args) as ctx:
        lead = disposal.dispose(ctx, leads.find_by_no(ctx, args.id), payload)
    emit(args, lead.as_dict(), f"{lead.no}：{args.route}，当前状态 {lead.status}"
         + (f"，办理期限 {lead.due_date}" if lead.due_date else ""))
    return 0


def run_result(args) -> int:
    from desktop.core.services.cases import disposal, leads

    with context(args) as ctx:
        lead = disposal.record_result(ctx, leads.find_by_no(ctx, args.id),
                                      {"result": args.result, "result_date": args.date, "documents": args.documents})
    emit(args, lead.as_dict(), f"{lead.no}：已登记结果“{args.result}”")
    return 0


def run_import(args) -> int:
    from dataclasses import asdict

    from desktop.core.services.cases import io

    with context(args) as ctx:
        report = io.import_leads(ctx, args.file, dry_run=not args.apply)
    verb = "已导入" if args.apply else "可导入"
    lines = [f"{report.file}：{verb} {len(report.accepted)} 条，有问题 {len(report.rejected)} 条，"
             f"已导入过 {len(report.skipped)} 条"]
    lines += [f"  {r['message']}" for r in report.rejected] + [f"  第 {r['row']} 行：{r['reason']}" for r in report.skipped]
    if not args.apply and report.accepted:
        lines.append("（检查模式，未写入；确认后加 --apply 导入）")
    emit(args, asdict(report), lines)
    return 0


def run_export(args) -> int:
    from desktop.core.services.cases import io

    with context(args) as ctx:
        n = io.export_leads(ctx, args.out)
    emit(args, {"file": args.out, "rows": n}, f"已导出 {n} 条问题线索到 {args.out}（不含反映人身份）")
    return 0


def run_package(args) -> int:
    import sys

    from desktop.core.progress import drain
    from desktop.core.services.cases import leads
    from desktop.core.services.cases import package as case_package

    with context(args) as ctx:
        release = leads.find_by_no(ctx, args.release_reporter) if args.release_reporter else None
        job = case_package.export_cases(ctx, args.out, release_reporter_for=release)
        echo = None if args.json else (lambda step: print(f"  {step}", file=sys.stderr))
        summary = drain(job, echo)
    lines = [f"已写入线索案件数据包：{summary['file']}"]
    lines += [f"  {t['label']}：{t['rows']} 行" for t in summary["tables"]]
    lines.append(f"  含反映人信息：{summary['reporters_included']} 条")
    emit(args, summary, lines)
    return 0
