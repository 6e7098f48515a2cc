"""`qingfeng audit verify|list|export|history`: the tamper-evident audit log from the command line."""

from __future__ import annotations

from desktop.cli._common import add_globals, add_json, context, emit


def register(sub) -> None:
    p = sub.add_parser("audit", help="审计日志：校验、查询、导出、记录历史")
    s = p.add_subparsers(dest="audit_command", metavar="操作", required=True)
    v = s.add_parser("verify", help="校验审计日志的哈希链，指出第一条被修改、删除或插入的记录")
    add_json(v)
    v.set_defaults(func=run_verify)
    for name, help_text in (("list", "按条件列出审计记录（最新在前）"), ("export", "按条件导出审计记录为 Excel")):
        q = s.add_parser(name, help=help_text)
        q.add_argument("--who", default="", metavar="姓名", help="操作用户（姓名）")
        q.add_argument("--action", default="", help="操作，如 登录、修改、导出")
        q.add_argument("--entity", default="", metavar="TABLE", help="记录类型（表名，如 problem、person）")
        q.add_argument("--record", default="", metavar="ID", help="一条记录的编号")
        q.add_argument("--from", dest="date_from", default="", metavar="YYYY-MM-DD")
        q.add_argument("--to", dest="date_to", default="", metavar="YYYY-MM-DD")
        if name == "list":
            q.add_argument("--limit", type=int, default=50)
            add_json(q)
            q.set_defaults(func=run_list)
        else:
            q.add_argument("--out", required=True, metavar="FILE.xlsx")
            add_json(q)
            q.set_defaults(func=run_export)
    h = s.add_parser("history", help="一条记录的修改历史（谁、何时、改前改后）")
    h.add_argument("record", metavar="ID")
    add_json(h)
    h.set_defaults(func=run_history)
    add_globals(s)


def _filter(args):
    from desktop.core.services.audit.log import AuditFilter

    return AuditFilter(user=args.who, action=args.action, entity=args.entity, entity_id=args.record,
                       date_from=args.date_from, date_to=args.date_to)


def _line(e) -> str:
    return f"{e.id:>6}  {e.at[:19].replace('T', ' ')}  {e.user_name}  {e.action}  {e.entity_label}  {e.summary}"


def run_verify(args) -> int:
    from desktop.core.services.audit import chain as audit_chain

    with context(args) as ctx:
        report = audit_chain.verify(ctx)
    emit(args, {"ok": report.ok, "checked": report.checked, "entry_id": report.entry_id, "problem": report.problem,
                "message": report.message}, report.message if report.ok else f"错误：{report.message}")
    return 0 if report.ok else 1


def run_list(args) -> int:
    from dataclasses import asdict

    from desktop.core.services.audit import log as audit_log

    with context(args) as ctx:
        entries = audit_log.search(ctx, _filter(args), limit=args.limit)
    emit(args, [asdict(e) for e in entries], [_line(e) for e in entries] or ["没有符合条件的审计记录。"])
    return 0


def run_export(args) -> int:
    from desktop.core.services.audit import log as audit_log

    with context(args) as ctx:
        n = audit_log.export_xlsx(ctx, args.out, _filter(args))
    emit(args, {"file": args.out, "rows": n}, f"已导出审计记录 {n} 条：{args.out}")
    return 0


def run_history(args) -> int:
    from dataclasses import asdict

    from desktop.core.services.audit import log as audit_log

    with context(args) as ctx:
        entries = audit_log.history(ctx, args.record)
    lines = []
    for e in entries:
        lines.append(_line(e))
        for k in (e.after or {}):
            if e.before is not None and k in e.before:
                lines.append(f"          {k}：{e.before[k]} → {e.after[k]}")
    emit(args, [asdict(e) for e in entries], lines or ["这条记录没有修改历史。"])
    return 0
