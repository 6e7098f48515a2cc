"""`qingfeng doc issue|render|batch|list`: issue formal documents from the records, re-render, the register."""

from __future__ import annotations

import argparse

from desktop.cli._common import add_json, context, emit, progress


def register(sub) -> None:
    p = sub.add_parser("doc", help="文书：制发、重新生成、批量制发、登记簿")
    cmds = p.add_subparsers(dest="doc_command", metavar="操作", required=True)

    i = cmds.add_parser("issue", help="制发一份文书（可直接签发）")
    i.add_argument("--kind", required=True, metavar="文种", help="如 整改通知书、廉洁提醒函、监察建议书")
    i.add_argument("--unit", metavar="ID", help="主送单位（ID、区划代码或单位全称）")
    i.add_argument("--problems", metavar="ID,...", help="列入的问题 ID（须属同一单位），逗号分隔")
    i.add_argument("--person", metavar="ID", help="发给的人员 ID")
    _common_issue_args(i)
    i.set_defaults(func=run_issue)

    r = cmds.add_parser("render", help="重新生成文书文件（已签发的文号、日期、正文不变）")
    r.add_argument("--doc", required=True, metavar="ID", help="文书 ID 或文号")
    r.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")
    r.add_argument("--format", default="docx,pdf", metavar="docx,pdf", help="文件格式，逗号分隔")
    add_json(r)
    r.set_defaults(func=run_render)

    b = cmds.add_parser("batch", help="批量制发（如节前廉洁提醒函发各村）")
    b.add_argument("--kind", required=True, metavar="文种")
    b.add_argument("--units", required=True, metavar="all|ID,...", help="all = 全部行政村和社区；或单位 ID 列表")
    _common_issue_args(b)
    b.set_defaults(func=run_batch)

    f = cmds.add_parser("fonts", help="本机文书所用字体，以及缺少公文标准字体时的替代说明")
    add_json(f)
    f.set_defaults(func=run_fonts)

    ls = cmds.add_parser("list", help="文书登记簿")
    ls.add_argument("--kind", metavar="文种")
    ls.add_argument("--status", metavar="状态", help="如 待回复、逾期未复、作废")
    ls.add_argument("--year", type=int, metavar="年份")
    add_json(ls)
    ls.set_defaults(func=run_list)
    for command in cmds.choices.values():  # global options after the nested subcommand too
        command.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help="数据目录")
        command.add_argument("--user", metavar="LOGIN", default=argparse.SUPPRESS, help="以指定用户身份操作")


def _common_issue_args(p) -> None:
    p.add_argument("--sign", action="store_true", help="直接签发（编文号）")
    p.add_argument("--signer", metavar="姓名", help="签发人（默认：单位信息中的纪委书记）")
    p.add_argument("--reason", metavar="文字", help="事由（写入正文）")
    p.add_argument("--out", metavar="DIR", help="输出文件夹（不填则只登记不出文件）")
    p.add_argument("--format", default="docx,pdf", metavar="docx,pdf")
    p.add_argument("--allow-missing-chars", action="store_true",
                   help="文书中有任何字体都没有的字时仍然签发（这些字在 PDF 中为空白）")
    add_json(p)


def _fields(args) -> dict:
    fields = {}
    if args.signer:
        fields["signer"] = args.signer
    if args.reason:
        fields["reason"] = args.reason
    return fields


def _split(text: str | None) -> list[str]:
    return [x.strip() for x in (text or "").replace("，", ",").split(",") if x.strip()]


def _unit_id(ctx, key: str | None) -> str | None:
    from desktop.core.errors import NotFound
    from desktop.core.services.registry import units

    if not key:
        return None
    if units.get(ctx, key):
        return key
    for u in units.list_units(ctx):
        if key in (u["name"], u.get("admin_code")):
            return u["id"]
    raise NotFound(f"找不到单位“{key}”。", hint="可用 ID、区划代码或单位全称")


def _result_lines(r: dict) -> list[str]:
    head = f"{r['doc_no'] or '（未编号）'}  {r['title']}  [{r['status']}]"
    return [head] + [f"  文件：{f}" for f in r["files"]] + [f"  注意：{n}" for n in r["notes"]]


def run_issue(args) -> int:
    from desktop.core.services.documents import records as documents

    with context(args) as ctx:
        result = documents.issue(ctx, args.kind, unit_id=_unit_id(ctx, args.unit), person_id=args.person,
                                 problem_ids=_split(args.problems), fields=_fields(args), sign=args.sign,
                                 out_dir=args.out, formats=args.format,
                                 allow_missing_chars=args.allow_missing_chars)
    emit(args, result, _result_lines(result))
    return 0


def run_render(args) -> int:
    from desktop.core.services.documents import records as documents

    with context(args) as ctx:
        doc_id = documents.find_id(ctx, args.doc)
        paths = documents.render_to(ctx, doc_id, args.out, args.format)
        doc = documents.get_document(ctx, doc_id)
    data = {"id": doc_id, "doc_no": doc["doc_no"], "files": [str(p) for p in paths]}
    emit(args, data, [f"{doc['doc_no'] or doc['title']}"] + [f"  文件：{p}" for p in paths])
    return 0


def run_batch(args) -> int:
    from desktop.core.services.documents import records as documents
    from desktop.core.services.registry import units

    with context(args) as ctx:
        if args.units.strip().lower() == "all":
            ids = [u["id"] for u in units.villages(ctx)]
        else:
            ids = [_unit_id(ctx, k) for k in _split(args.units)]
        job = documents.batch_job(ctx, args.kind, unit_ids=ids, fields=_fields(args), sign=args.sign,
                                  out_dir=args.out, formats=args.format,
                                  allow_missing_chars=args.allow_missing_chars)
        results = _drain(args, job)
    lines = [f"共制发 {len(results)} 份。"] + [line for r in results for line in _result_lines(r)]
    emit(args, {"count": len(results), "documents": results}, lines)
    return 0


def _drain(args, job):
    out: list = []

    def steps():
        try:
            while True:
                yield next(job)
        except StopIteration as stop:
            out.append(stop.value)

    progress(args, steps())
    return out[0]


def run_fonts(args) -> int:
    from desktop.core.services.documents import layer

    faces, notes = layer.font_lines(), layer.font_notes()
    lines = faces + ([f"注意：{n}" for n in notes] or ["公文标准字体齐全。"])
    emit(args, {"faces": faces, "notes": notes}, lines)
    return 0


def run_list(args) -> int:
    from desktop.core.services.documents import records as documents
    from desktop.core.services.documents.kinds import resolve_kind

    with context(args) as ctx:
        kind = resolve_kind(args.kind).name if args.kind else None
        found = documents.list_documents(ctx, kind=kind, status=args.status, year=args.year)
    keys = ("id", "doc_no", "kind", "title", "addressee", "cc", "signer", "sign_date", "delivered_date",
            "delivered_to", "reply_required", "reply_due", "reply_date", "problem_nos", "display_status",
            "void_reason")
    data = [{k: d.get(k) for k in keys} for d in found]
    lines = [f"{d['doc_no'] or '（未编号）':<18} {d['kind']:<8} {d['display_status']:<5} {d['title']}" for d in data]
    emit(args, data, lines or ["（登记簿为空）"])
    return 0
