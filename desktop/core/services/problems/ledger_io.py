"""问题整改台账 in Excel: export in the columns users know (DOMAIN §8.3), import a legacy ledger.

Export (a progress job; streams, so 100,000 rows are fine):
    count = drain(ledger_io.export_problems(ctx, "台账.xlsx", filters))

Import (dry run first, nothing written; then the valid rows in one transaction; re-import adds nothing):
    report = ledger_io.import_problems(ctx, "旧台账.xlsx", dry_run=True,
                                       overrides={"description": "存在问题"}, category_map={"财务": "村级财务"})
    report["accepted"], report["rejected"] (row, column, reason), report["skipped"], report["possible_duplicates"],
    report["unknown_categories"]

Identity of a row (issue 11 §2, ledger_identity.py): the sheet's real ledger number where it has one, else
a fingerprint of (unit, date found, description); the number or 序号 is kept as 原编号 and the problem gets a number
in this township's own sequence. A row matching an existing problem only by fingerprint is a 可能重复 for the user.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select, union_all

from desktop.core.errors import QingfengError
from desktop.core.models.attachments import Attachment
from desktop.core.models.problems import HANDLINGS, SOURCES, STATUSES, ProblemFeedback
from desktop.core.models.registry import Unit
from desktop.core.progress import Progress
from desktop.core.services.backups import backup as backups
from desktop.core.services.org import settings, users
from desktop.core.services.problems import ledger_identity
from desktop.core.services.problems import query as problem_query
from desktop.core.services.problems import records as problems
from desktop.core.services.problems import rules as problem_rules
from desktop.core.services.problems.flow import add_months
from desktop.core.xlsx import FieldSpec, RowIssue, XlsxColumn, parse_date_cell, read_table
from desktop.core.xlsx_stream import write_table_job

# ---------------------------------------------------------------- export


def _revisit_text(r: dict) -> str | None:
    if r.get("revisit_date"):
        return f"{r['revisit_date']} {r.get('revisit_result') or ''}".strip()
    if r.get("revisit_due"):
        return f"应于 {r['revisit_due']} 回头看"
    return None


def _status_text(r: dict) -> str:
    return f"{r['status']}（{problem_rules.COLOUR_SHORT[r['colour']]}）"


def problem_columns(evidence: dict[str, int]) -> list[XlsxColumn]:
    """The §8.3 columns (plus 问题类型), `evidence` = problem id → number of evidence attachments."""
    return [
        XlsxColumn("序号", "_row", 6, "int"),
        XlsxColumn("问题编号", "no", 11),
        XlsxColumn("发现时间", "found_date", 11, "date"),
        XlsxColumn("问题来源", "source", 10),
        XlsxColumn("所属村(单位)", "unit_name", 13),
        XlsxColumn("问题类别", "category", 13),
        XlsxColumn("问题类型", "problem_type", 14),
        XlsxColumn("问题描述", "description", 46),
        XlsxColumn("责任人", "people_names", 12),
        XlsxColumn("处置方式", "handling", 10),
        XlsxColumn("整改要求", "requirement", 28),
        XlsxColumn("整改时限", "deadline", 11, "date"),
        XlsxColumn("文书编号", "doc_no", 16),
        XlsxColumn("整改措施", "measures", 30),
        XlsxColumn("整改进展", "progress_note", 20),
        XlsxColumn("反馈日期", "feedback_date", 11, "date"),
        XlsxColumn("佐证材料", lambda r: f"{evidence[r['id']]} 份" if evidence.get(r["id"]) else None, 9),
        XlsxColumn("审核意见", "review_opinion", 20),
        XlsxColumn("销号日期", "closed_date", 11, "date"),
        XlsxColumn("回头看日期/结果", _revisit_text, 18),
        XlsxColumn("追回资金(元)", "money_recovered", 12, "money"),
        XlsxColumn("建章立制(项)", "rules_made", 9, "int"),
        XlsxColumn("状态", _status_text, 13),
        XlsxColumn("备注", "note", 18),
    ]


def evidence_counts(ctx) -> dict[str, int]:
    """problem id → evidence attachments (on the problem and on its feedback entries), in one query."""
    a, f = Attachment.__table__, ProblemFeedback.__table__
    own = select(a.c.owner_id.label("pid")).where(a.c.deleted_at.is_(None), a.c.owner_entity == "problem")
    fb = (select(f.c.problem_id.label("pid")).join(a, (a.c.owner_id == f.c.id) & (a.c.owner_entity == "problem_feedback"))
          .where(a.c.deleted_at.is_(None)))
    u = union_all(own, fb).subquery()
    with ctx.reader() as s:
        return dict(s.execute(select(u.c.pid, func.count()).group_by(u.c.pid)).all())


def export_problems(ctx, path: Path | str, filters: dict | None = None, sort=("no", "asc")) -> Iterator[Progress]:
    """Export the problem ledger (DOMAIN §8.3) to .xlsx; a progress job returning the number of rows."""
    total = problem_query.count_problems(ctx, filters)
    yield Progress(0, total, "正在读取问题台账")
    evidence = evidence_counts(ctx)

    def numbered():
        for i, r in enumerate(problem_query.iter_problems(ctx, filters, sort), start=1):
            r["_row"] = i
            yield r

    count = yield from write_table_job(Path(path), "问题整改台账", problem_columns(evidence), numbered(), total,
                                       fill=lambda r: None if r["colour"] == "white" else r["colour"],
                                       fill_columns=("状态",), label="导出问题整改台账")
    from desktop.core.services.audit.log import record_export

    record_export(ctx, "问题整改台账", path, count)
    return count


# ---------------------------------------------------------------- import

FIELDS = [
    FieldSpec("no", "问题编号", ("编号", "台账编号", "问题序号")),
    FieldSpec("seq_no", "序号", ("序列号",)),
    FieldSpec("found_date", "发现时间", ("发现日期", "检查时间", "检查日期", "发现问题时间"), required=True),
    FieldSpec("source", "问题来源", ("来源", "线索来源")),
    FieldSpec("unit", "所属村(单位)", ("所属村", "所属单位", "村(社区)", "村别", "被检查单位", "村居", "单位名称"),
              required=True),
    FieldSpec("category", "问题类别", ("类别", "问题领域", "领域")),
    FieldSpec("problem_type", "问题类型", ("问题性质",)),
    FieldSpec("description", "问题描述", ("存在问题", "问题表现", "具体问题", "问题内容", "发现问题"), required=True),
    FieldSpec("people", "责任人", ("责任人员", "相关责任人", "责任人姓名")),
    FieldSpec("handling", "处置方式", ("处理方式", "处置方法")),
    FieldSpec("requirement", "整改要求", ("整改意见",)),
    FieldSpec("deadline", "整改时限", ("整改期限", "完成时限", "整改截止时间")),
    FieldSpec("doc_no", "文书编号", ("通知书编号", "文号", "整改通知书")),
    FieldSpec("measures", "整改措施", ("整改情况", "已采取措施")),
    FieldSpec("progress_note", "整改进展", ("进展情况", "整改进度")),
    FieldSpec("feedback_date", "反馈日期", ("反馈时间", "回复日期")),
    FieldSpec("evidence", "佐证材料", ("佐证资料", "证明材料")),
    FieldSpec("review_opinion", "审核意见", ("审核情况",)),
    FieldSpec("closed_date", "销号日期", ("销号时间", "整改完成时间", "完成时间")),
    FieldSpec("revisit", "回头看日期/结果", ("回头看", "回头看情况")),
    FieldSpec("money_recovered", "追回资金(元)", ("追回资金", "挽回损失", "清退资金")),
    FieldSpec("rules_made", "建章立制(项)", ("建章立制", "完善制度")),
    FieldSpec("amount_involved", "涉及金额(元)", ("涉及金额", "涉案金额")),
    FieldSpec("severity", "严重程度", ("问题等级",)),
    FieldSpec("basis_violated", "违反规定", ("违反依据", "依据")),
    FieldSpec("status", "状态", ("整改状态", "是否整改", "完成情况", "是否销号")),
    FieldSpec("note", "备注", ("说明",)),
]
LABEL = {f.key: f.label for f in FIELDS}
_FIELD_OF = {"unit_id": "unit", "people": "people"}
_STATUS_WORDS = [
    (("回头看通过", "已归档", "归档"), "已归档"),
    (("不予认定", "不属实", "撤销"), "不予认定"),
    (("移交",), "已移交"),
    (("持续整改", "长期整改"), "持续整改"),
    (("待审核", "已反馈"), "待审核"),
    (("待核实",), "待核实"),
    (("已交办", "待整改"), "已交办"),
    (("未整改", "未完成", "整改中", "正在整改", "红", "黄", "否"), "整改中"),
    (("已销号", "已整改", "已完成", "完成", "销号", "是", "蓝", "绿"), "已销号"),
]
_SOURCE_WORDS = [("信访", "信访"), ("巡察", "巡察/审计移交"), ("审计", "巡察/审计移交"), ("专项", "专项"),
                 ("派单", "派单"), ("上级", "上级部署"), ("共性", "共性清单"), ("个性", "个性清单"), ("自主", "自主"),
                 ("日常", "自主")]


class _RowError(Exception):
    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field, self.reason = field, reason


class _DryRun(Exception):
    pass


def _date(value, key: str) -> str | None:
    if isinstance(value, (int, float)) and 20000 < value < 80000:  # an Excel serial number typed as General
        return (date(1899, 12, 30) + timedelta(days=int(value))).isoformat()
    try:
        return parse_date_cell(value)
    except ValueError as exc:
        raise _RowError(key, str(exc)) from None


def _status(text, values: dict) -> str:
    t = str(text or "").strip()
    if not t:
        if values.get("closed_date"):
            return "已销号"
        return "整改中" if values.get("deadline") else "待核实"
    if t in STATUSES:
        return t
    for words, status in _STATUS_WORDS:
        if any(w in t for w in words):
            return status
    raise _RowError("status", f"状态“{t}”无法识别")


def _pick(text, allowed: tuple, words: list, default: str, what: str, warnings: list) -> str:
    t = str(text or "").strip()
    if not t:
        return default
    if t in allowed:
        return t
    for word, value in words:
        if word in t:
            return value
    warnings.append(f"{what}“{t}”无法识别，按“{default}”导入")
    return default


class _Lookup:
    """Units and categories of this site, for matching the names typed in a legacy ledger."""

    def __init__(self, s):
        u = Unit.__table__
        self.units = [dict(r) for r in s.execute(select(u.c.id, u.c.name, u.c.short_name)
                                                  .where(u.c.deleted_at.is_(None))).mappings()]
        self.categories = problems.category_names_in(s)

    def unit(self, name: str) -> str:
        name = str(name or "").strip()
        if not name:
            raise _RowError("unit", "没有填写所属村（单位）")
        exact = [u for u in self.units if name in (u["name"], u["short_name"])]
        loose = [u for u in self.units if u["name"].startswith(name) or name.startswith(u["name"])]
        found = exact or loose
        if len(found) != 1:
            raise _RowError("unit", f"单位“{name}”{'不在名册中' if not found else '对应多个单位'}")
        return found[0]["id"]

    def suggest(self, category: str) -> list[str]:
        return sorted(c for c in self.categories if category in c or c in category)


def _row_values(raw: dict, look: _Lookup) -> tuple[dict, list[str]]:
    """Every cell checked except the category (see _category): raises _RowError with the field and reason."""
    warnings: list[str] = []
    v = {k: raw.get(k) for k in ("problem_type", "description", "basis_violated", "requirement", "doc_no",
                                 "measures", "progress_note", "review_opinion", "note", "severity")}
    v = {k: (str(x).strip() if x not in (None, "") else None) for k, x in v.items()}
    no_text = _number_cell(raw, "no")
    seq_text = _number_cell(raw, "seq_no")
    v["unit_id"] = look.unit(raw.get("unit"))
    for key in ("found_date", "deadline", "feedback_date", "closed_date"):
        v[key] = _date(raw.get(key), key)
    if not v["found_date"]:
        raise _RowError("found_date", "没有填写发现时间")
    if not v["description"]:
        raise _RowError("description", "没有填写问题描述")
    v["identity"] = ledger_identity.identify(no_text, seq_text, v["found_date"], v["unit_id"], v["description"])
    v["source"] = _pick(raw.get("source"), SOURCES, _SOURCE_WORDS, "自主", "问题来源", warnings)
    v["handling"] = _pick(raw.get("handling"), HANDLINGS, [(h[:2], h) for h in HANDLINGS], "限期整改", "处置方式",
                          warnings)
    v["status"] = _status(raw.get("status"), v)
    for key in ("money_recovered", "amount_involved", "rules_made"):
        if raw.get(key) not in (None, ""):
            v[key] = str(raw[key]).replace("项", "").strip() if key == "rules_made" else raw[key]
    v["people"] = [n for n in _split_names(raw.get("people"))]
    revisit = str(raw.get("revisit") or "").strip()
    if revisit:
        v["revisit_result"] = revisit
    if raw.get("evidence"):
        v["note"] = "；".join(x for x in (v.get("note"), f"佐证材料：{raw['evidence']}") if x)
    return v, warnings


def _number_cell(raw: dict, key: str) -> str | None:
    try:
        return ledger_identity.number_text(raw.get(key), LABEL[key])
    except ledger_identity.BadNumber as exc:
        raise _RowError(key, str(exc)) from None


def _category(raw: dict, look: _Lookup, category_map: dict) -> str | None:
    cat = str(raw.get("category") or "").strip() or None
    if cat and cat not in look.categories:
        if cat not in category_map:
            raise _RowError("category", f"问题类别“{cat}”不在目录中")
        cat = category_map[cat] or None
    return cat


def _split_names(value) -> list[str]:
    import re

    return [n for n in re.split(r"[、,，;；/\s]+", str(value or "")) if n]


DUPLICATE_CHOICES = ("skip", "import")


def import_problems(ctx, path: Path | str, *, dry_run: bool = True, overrides: dict | None = None,
                    category_map: dict | None = None, duplicates: str = "skip",
                    duplicate_choices: dict[int, str] | None = None) -> dict:
    """Check (dry run) or import a legacy problem ledger.

    Returns {"file", "dry_run", "header_row", "mapping" (field → header), "fields" (field → label),
    "unmatched_headers", "data_rows", "accepted" [{row, no (the number it gets here), original_no, unit_id, status,
    warnings, possible_duplicate_of}], "rejected" [{row, column, reason, message}], "skipped" [{row, no,
    original_no, reason}] (already imported, or a 可能重复 the user chose to skip), "possible_duplicates" [{row,
    original_no, existing_no, reason, decision}], "unknown_categories" {name: [rows]}, "category_suggestions"
    {name: [catalogue names]}, "written", and "backup" (the file taken before a real import).
    accepted + rejected + skipped = data_rows, always; each 可能重复 is in accepted or skipped by its decision:
    `duplicate_choices` {row: "import"|"skip"} (the preview), else `duplicates` for all of them.
    Structural problems (not xlsx, empty sheet, merged header cells, no header) raise ImportFileError.
    With dry_run=False the accepted rows are written in one transaction; nothing is written on a dry run.
    """
    if duplicates not in DUPLICATE_CHOICES:
        raise ValueError(duplicates)
    if not dry_run:
        users.require_writer(ctx)
    sheet = read_table(Path(path), FIELDS, overrides=overrides)
    report = {"file": Path(path).name, "dry_run": dry_run, "header_row": sheet.header_row, "mapping": sheet.mapping,
              "fields": LABEL, "unmatched_headers": sheet.unmatched_headers, "data_rows": len(sheet.rows),
              "sheet": sheet.sheet, "stopped_after": sheet.stopped_after,
              "accepted": [], "rejected": [], "skipped": [], "possible_duplicates": [], "unknown_categories": {},
              "category_suggestions": {}, "written": 0}
    if not dry_run:
        report["backup"] = str(backups.backup_before_import(ctx, "问题台账"))
    choices = {int(k): v for k, v in (duplicate_choices or {}).items()}
    try:
        with ctx.session() as s:
            _run_rows(s, ctx, sheet, report, category_map or {}, lambda row: choices.get(row, duplicates))
            if dry_run:
                raise _DryRun
            report["written"] = len(report["accepted"])
    except _DryRun:
        pass
    return report


def _run_rows(s, ctx, sheet, report: dict, category_map: dict, decide) -> None:
    look = _Lookup(s)
    existing = ledger_identity.Existing(s, ctx.site_code)
    seen: dict[str, int] = {}
    months = settings.get_in(s, "revisit_months") or 3
    for row_no, raw in sheet.rows:
        try:
            values, warnings = _row_values(raw, look)
        except _RowError as exc:
            _reject(report, sheet, row_no, exc.field, exc.reason, _shown_no(raw))
            continue
        ident = values.pop("identity")
        if ident.key in seen:
            field = "no" if ident.number else "description"
            what = f"编号 {ident.original_no}" if ident.number else "单位、发现时间和问题描述"
            _reject(report, sheet, row_no, field, f"{what}与第 {seen[ident.key]} 行重复", ident.original_no)
            continue
        seen[ident.key] = row_no
        match = existing.match(ident)
        if match and match.kind == "imported":  # checked before the category: it was mapped at the first import
            report["skipped"].append({"row": row_no, "no": match.existing_no, "original_no": ident.original_no,
                                      "reason": match.reason})
            continue
        try:
            values["category"] = _category(raw, look, category_map)
        except _RowError as exc:
            _reject(report, sheet, row_no, exc.field, exc.reason, ident.original_no)
            cat = str(raw.get("category")).strip()
            report["unknown_categories"].setdefault(cat, []).append(row_no)
            report["category_suggestions"][cat] = look.suggest(cat)
            continue
        if match:
            decision = decide(row_no)
            report["possible_duplicates"].append({"row": row_no, "original_no": ident.original_no,
                                                  "existing_no": match.existing_no, "reason": match.reason,
                                                  "decision": decision})
            if decision != "import":
                report["skipped"].append({"row": row_no, "no": match.existing_no, "original_no": ident.original_no,
                                          "reason": f"可能重复：{match.reason}，按选择跳过"})
                continue
        values["original_no"], values["import_key"] = ident.original_no, ident.key
        if values["status"] in ("已销号", "已归档") and values.get("closed_date"):
            values["revisit_due"] = add_months(date.fromisoformat(values["closed_date"]), int(months)).isoformat()
        try:
            with s.begin_nested():
                row = problems.create_problems_in(s, ctx, [values], imported=True,
                                                  event_reason=f"从“{report['file']}”第 {row_no} 行导入")[0]
        except QingfengError as exc:
            field = _FIELD_OF.get(getattr(exc, "field", ""), getattr(exc, "field", ""))
            _reject(report, sheet, row_no, field, exc.message, ident.original_no)
            continue
        existing.add(row["no"], ident.key, ident.fingerprint)
        report["accepted"].append({"row": row_no, "no": row["no"], "original_no": ident.original_no,
                                   "unit_id": values["unit_id"], "status": values["status"], "warnings": warnings,
                                   "possible_duplicate_of": match.existing_no if match else None})


def _shown_no(raw: dict) -> str | None:
    """The row's number or 序号 as typed, for showing beside a rejected row (never validated here)."""
    for key, prefix in (("no", ""), ("seq_no", "序号 ")):
        value = raw.get(key)
        if value not in (None, ""):
            text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
            return prefix + text[:40]
    return None


def _reject(report: dict, sheet, row_no: int, field: str, reason: str, original_no: str | None = None) -> None:
    column = sheet.mapping.get(field) or LABEL.get(field, "")
    issue = RowIssue(row_no, column, reason)
    report["rejected"].append({"row": issue.row, "column": issue.column, "reason": issue.reason,
                               "message": str(issue), "original_no": original_no})
