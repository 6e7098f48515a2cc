"""问题线索处置台账 in Excel: export in the legacy ledger's columns, import a legacy ledger (header matching, dry
run, row-level reasons; a row is never dropped because of its 序号 — only a 线索编号 already held skips it).

    report = io.import_leads(ctx, "线索台账.xlsx", dry_run=True)     → ImportReport
    io.export_leads(ctx, "线索台账.xlsx")                            → row count

The 反映人 column is exported as its kind only (实名/匿名), never the identity. Roles that may not see leads can
neither export nor import; a file with a 反映人 column is refused for them with its own message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from desktop.core.errors import PermissionDenied, QingfengError
from desktop.core.models.cases import OPEN_ROUTES, R_END, R_OPEN, ROUTES, Lead
from desktop.core.services.cases import access, disposal, leads, subjects
from desktop.core.xlsx import FieldSpec, RowIssue, XlsxColumn, parse_date_cell, read_table

LEGACY = "（旧台账未记载）"
FIELDS = [
    FieldSpec("no", "线索编号", ("编号", "线索号")),
    FieldSpec("received_date", "受理时间", ("受理日期", "收到时间", "登记时间", "受理时间")),
    FieldSpec("source", "线索来源", ("来源", "线索来源", "反映方式")),
    FieldSpec("reporter", "反映人", ("举报人", "信访人", "反映人")),
    FieldSpec("subject", "被反映人", ("被举报人", "被反映人姓名", "反映对象")),
    FieldSpec("subject_unit", "单位", ("所在单位", "被反映人单位", "工作单位", "单位")),
    FieldSpec("subject_position", "职务", ("职务", "被反映人职务")),
    FieldSpec("summary", "反映问题摘要", ("反映问题", "主要问题", "反映的主要问题", "问题摘要"), required=True),
    FieldSpec("category", "问题类别", ("类别", "问题类型")),
    FieldSpec("topic", "专题", ("所属专题",)),
    FieldSpec("route", "处置方式", ("处置方式", "处置意见", "拟处置方式")),
    FieldSpec("decision_date", "集体排查时间", ("排查时间", "处置时间", "研究时间")),
    FieldSpec("participants", "参加人员", ("排查人员", "参加集体排查人员")),
    FieldSpec("approver", "审批人", ("批准人", "审批领导")),
    FieldSpec("due_date", "办理期限", ("期限", "办结期限")),
    FieldSpec("result", "办理结果", ("核实结果", "处置结果", "办理情况")),
    FieldSpec("result_date", "办结时间", ("办结日期", "完成时间")),
    FieldSpec("documents", "形成文书", ("文书",)),
    FieldSpec("forwarded_to", "移送单位", ("移送至",)),
    FieldSpec("note", "备注", ()),
]
LABEL = {f.key: f.label for f in FIELDS}
SOURCE_ALIASES = {"信访": "来信", "信访举报": "来信", "来电": "电话", "网络举报": "网络", "12388": "网络",
                  "巡察": "巡察移交", "审计": "审计移交", "上级转办": "上级交办", "监督检查": "监督检查发现",
                  "廉情信息员": "村监委/廉情信息员报告", "村监委": "村监委/廉情信息员报告"}
_SPLIT = re.compile(r"[、，,；;\s]+")


@dataclass
class ImportReport:
    file: str
    dry_run: bool
    header_row: int
    mapping: dict[str, str]
    unmatched_headers: list[str]
    accepted: list[dict] = field(default_factory=list)   # {row, no}
    rejected: list[dict] = field(default_factory=list)   # {row, column, reason, message}
    skipped: list[dict] = field(default_factory=list)    # {row, no, reason}
    written: int = 0
    backup: str | None = None


class _DryRun(Exception):
    pass


def _text(v) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _date(v, label: str) -> str | None:
    if v in (None, ""):
        return None
    try:
        return parse_date_cell(v)
    except ValueError as exc:
        raise _RowError(label, str(exc) or f"“{v}”不是有效日期") from None


class _RowError(Exception):
    def __init__(self, key: str, reason: str):
        super().__init__(reason)
        self.key, self.reason = key, reason


def _reporter(raw: dict) -> dict:
    who = _text(raw.get("reporter"))
    if not who or who in ("无", "-", "—"):
        return {"kind": "无反映人"}
    if "匿名" in who:
        return {"kind": "匿名"}
    return {"kind": "实名", "name": who}


def _subjects(s, raw: dict) -> list[dict]:
    names = [n for n in _SPLIT.split(_text(raw.get("subject")) or "") if n]
    if not names:
        raise _RowError("subject", "缺少被反映人")
    unit, position = _text(raw.get("subject_unit")), _text(raw.get("subject_position"))
    out = []
    for name in names:
        pid = subjects.resolve_name_in(s, name, unit)
        out.append({"person_id": pid} if pid else {"name": name, "unit_name": unit, "position": position})
    return out


def _lead_values(s, raw: dict) -> dict:
    received = _date(raw.get("received_date"), "received_date")
    if not received:
        raise _RowError("received_date", "缺少受理时间")
    return {"received_date": received, "source": SOURCE_ALIASES.get(_text(raw.get("source")) or "", _text(raw.get("source")) or "来信"), "summary": _text(raw.get("summary")),
            "category": _text(raw.get("category")), "topic": _text(raw.get("topic")), "note": _text(raw.get("note")),
            "reporter": _reporter(raw), "subjects": _subjects(s, raw)}


def _dispose(s, ctx, lead_id: str, raw: dict) -> None:
    route = _text(raw.get("route"))
    if not route:
        return
    if route not in ROUTES:
        raise _RowError("route", f"处置方式“{route}”不是：{'、'.join(ROUTES)}")
    day = _date(raw.get("decision_date"), "decision_date")
    if not day:
        raise _RowError("decision_date", "有处置方式但缺少集体排查时间")
    result = _text(raw.get("result"))
    result = next((r for r in ("部分属实", "不属实", "属实") if result and r in result), None)
    pl = {"route": route, "decision_date": day, "participants": _text(raw.get("participants")) or LEGACY,
          "approver": _text(raw.get("approver")) or LEGACY, "documents": _text(raw.get("documents")),
          "forwarded_to": _text(raw.get("forwarded_to")), "due_date": _date(raw.get("due_date"), "due_date"),
          "result": result if route in (R_END, R_OPEN) else None, "open_decision": "（旧台账导入）"}
    disposal.dispose_in(s, ctx, lead_id, pl)
    done = _date(raw.get("result_date"), "result_date")
    if route in OPEN_ROUTES and result and done:
        from desktop.core.models.cases import Disposal
        from desktop.core.services import rows

        last = disposal.of_lead_in(s, lead_id)[-1]
        if done < day or done > ctx.clock.today().isoformat():
            raise _RowError("result_date", f"办结时间应在 {day} 至今天之间")
        rows.update(s, ctx, Disposal, last["id"], {"result": result, "result_date": done}, reason="旧台账导入")
        rows.update(s, ctx, Lead, lead_id, {"due_date": None}, reason="旧台账导入")


def _check_role(ctx, mapping: dict) -> None:
    if access.can_see(ctx):
        return
    if "reporter" in mapping:
        raise PermissionDenied(f"导入文件含“{mapping['reporter']}”列（反映人信息），当前用户（{ctx.user_name}，"
                               f"{ctx.user_role}）无权查看反映人信息，未导入任何数据。")
    access.require_see(ctx)


def import_leads(ctx, path: Path | str, *, dry_run: bool = True, overrides: dict | None = None) -> ImportReport:
    """Check (dry run: nothing written) or import a legacy 问题线索处置台账. Structural problems raise
    ImportFileError; row problems are listed with their row, column and reason."""
    sheet = read_table(Path(path), FIELDS, overrides=overrides)
    _check_role(ctx, sheet.mapping)
    if not dry_run:
        access.require_write(ctx)
    report = ImportReport(Path(path).name, dry_run, sheet.header_row, sheet.mapping, sheet.unmatched_headers)
    if not dry_run:
        from desktop.core.services.backups import backup as backups

        report.backup = str(backups.backup_before_import(ctx, "线索台账"))
    try:
        with ctx.session() as s:
            _rows(s, ctx, sheet, report)
            if dry_run:
                raise _DryRun
            report.written = len(report.accepted)
    except _DryRun:
        pass
    return report


def _rows(s, ctx, sheet, report: ImportReport) -> None:
    t = Lead.__table__
    held = set(s.execute(select(t.c.no).where(t.c.origin_site == ctx.site_code, t.c.deleted_at.is_(None))).scalars())
    seen: dict[str, int] = {}
    for row_no, raw in sheet.rows:
        no = _text(raw.get("no"))
        if no and no in held:
            report.skipped.append({"row": row_no, "no": no, "reason": f"线索编号 {no} 已在台账中（已导入过），跳过"})
            continue
        if no and no in seen:
            _reject(report, sheet, row_no, "no", f"线索编号 {no} 与第 {seen[no]} 行重复")
            continue
        try:
            with s.begin_nested():
                values = _lead_values(s, raw)
                row = leads.register_in(s, ctx, values)
                if no:
                    from desktop.core.services import rows

                    rows.update(s, ctx, Lead, row["id"], {"no": no}, reason="沿用旧台账线索编号")
                _dispose(s, ctx, row["id"], raw)
        except _RowError as exc:
            _reject(report, sheet, row_no, exc.key, exc.reason)
            continue
        except QingfengError as exc:
            _reject(report, sheet, row_no, _FIELD_OF.get(getattr(exc, "field", ""), ""), exc.message)
            continue
        if no:
            seen[no] = row_no
        report.accepted.append({"row": row_no, "no": no or row["no"]})


_FIELD_OF = {"received_date": "received_date", "source": "source", "summary": "summary", "subjects": "subject",
             "topic": "topic", "route": "route", "decision_date": "decision_date", "due_date": "due_date",
             "result": "result", "forwarded_to": "forwarded_to", "reporter": "reporter", "clarified": "result"}


def _reject(report: ImportReport, sheet, row_no: int, key: str, reason: str) -> None:
    column = sheet.mapping.get(key) or LABEL.get(key, "")
    issue = RowIssue(row_no, column, reason)
    report.rejected.append({"row": row_no, "column": column, "reason": reason, "message": str(issue)})


# --- export -------------------------------------------------------------------------------------------------


def export_columns() -> list[XlsxColumn]:
    def last(key):
        return lambda r: (r["disposals"][-1].get(key) if r["disposals"] else None)

    return [
        XlsxColumn("序号", "_row", 6, "int"), XlsxColumn("线索编号", "no", 13),
        XlsxColumn("受理时间", "received_date", 11, "date"), XlsxColumn("线索来源", "source", 12),
        XlsxColumn("反映人", "reporter_kind", 8),  # the kind only, never the identity
        XlsxColumn("被反映人", lambda r: "、".join(p["name"] for p in r["subjects"]), 14),
        XlsxColumn("单位", lambda r: "、".join(dict.fromkeys(p["unit_name"] or "" for p in r["subjects"])), 14),
        XlsxColumn("职务", lambda r: "、".join(p["position"] or "" for p in r["subjects"]), 12),
        XlsxColumn("反映问题摘要", "summary", 40), XlsxColumn("问题类别", "category", 12),
        XlsxColumn("专题", "topic", 14), XlsxColumn("处置方式", "route", 10),
        XlsxColumn("集体排查时间", last("decision_date"), 12, "date"), XlsxColumn("参加人员", last("participants"), 16),
        XlsxColumn("审批人", last("approver"), 10), XlsxColumn("办理期限", last("due_date"), 11, "date"),
        XlsxColumn("办理结果", last("result"), 10), XlsxColumn("办结时间", last("result_date"), 11, "date"),
        XlsxColumn("形成文书", last("documents"), 16), XlsxColumn("移送单位", last("forwarded_to"), 14),
        XlsxColumn("状态", "status", 10), XlsxColumn("备注", "note", 16),
    ]


def export_leads(ctx, path: Path | str, **filters) -> int:
    """Write the lead ledger (filters as leads.list_leads) to `path`; audited; returns the row count."""
    from desktop.core.xlsx import write_table

    access.require_see(ctx)
    items = list(reversed(leads.list_leads(ctx, audit=False, **filters)))
    with ctx.reader() as s:
        for i, r in enumerate(items, start=1):
            rep = leads.reporter_in(s, r["id"])
            r.update(_row=i, reporter_kind=rep["kind"] if rep else "无反映人", disposals=disposal.of_lead_in(s, r["id"]))
    n = write_table(Path(path), "问题线索处置台账", export_columns(), items)
    access.audit_view(ctx, leads.ENTITY, None, f"导出问题线索处置台账（{n} 条，不含反映人身份）")
    return n

