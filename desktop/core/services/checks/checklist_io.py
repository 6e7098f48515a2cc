"""Checklists to and from .xlsx with the DOMAIN §8.2 columns (the 两清单 as the district and townships exchange them).

Columns: 序号, 编号, 清单类型, 领域/类别, 监督内容, 检查要点, 依据, 检查方式, 频次, 适用对象, 下发单位/文号, 年度,
plus 清单名称, 权重 and 建议问题类型 (optional on import). Check points are one per line inside the cell.

Import is all-or-nothing: missing columns, duplicate codes or bad cells raise a Chinese error and write nothing.
A file whose rows are 共性化 becomes a read-only 共性 list (until district lists arrive through the exchange).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from desktop.core.errors import ImportFileError, ValidationError
from desktop.core.models.checks import KINDS, Checklist, ChecklistItem
from desktop.core.services import rows
from desktop.core.services.backups import backup as backups
from desktop.core.services.checks import checklists
from desktop.core.services.org import users
from desktop.core.store.ids import uuid7
from desktop.core.xlsx import FieldSpec, RowIssue, XlsxColumn, read_table, write_table

FIELDS = [
    FieldSpec("seq", "序号"),
    FieldSpec("code", "编号", ("事项编号", "清单编号", "代码")),
    FieldSpec("kind", "清单类型", ("类型",), required=True),
    FieldSpec("category", "领域/类别", ("领域", "类别", "监督领域", "权力类别"), required=True),
    FieldSpec("subject", "监督内容", ("检查事项", "检查内容", "监督事项"), required=True),
    FieldSpec("check_points", "检查要点", ("要点", "监督要点"), required=True),
    FieldSpec("basis", "依据", ("政策依据", "法规依据")),
    FieldSpec("method_hint", "检查方式", ("监督方式", "方式")),
    FieldSpec("frequency", "频次", ("检查频次", "监督频次")),
    FieldSpec("applies_to", "适用对象", ("适用单位",)),
    FieldSpec("issued_by", "下发单位/文号", ("下发单位", "文号", "来源文件")),
    FieldSpec("year", "年度", ("年份",), required=True),
    FieldSpec("title", "清单名称", ("清单",)),
    FieldSpec("weight", "权重", ("分值",)),
    FieldSpec("problem_type", "建议问题类型", ("问题类型",)),
]

EXPORT_COLUMNS = [
    XlsxColumn("序号", "seq", 6, "int"),
    XlsxColumn("编号", "code", 10),
    XlsxColumn("清单类型", "checklist_kind", 9),
    XlsxColumn("领域/类别", "category", 14),
    XlsxColumn("监督内容", "subject", 30),
    XlsxColumn("检查要点", "check_points", 50),
    XlsxColumn("依据", "basis", 30),
    XlsxColumn("检查方式", "method_hint", 10),
    XlsxColumn("频次", "frequency", 9),
    XlsxColumn("适用对象", "applies_to", 12),
    XlsxColumn("下发单位/文号", "issued_text", 24),
    XlsxColumn("年度", "checklist_year", 7, "int"),
    XlsxColumn("清单名称", "checklist_title", 26),
    XlsxColumn("权重", "weight", 6, "int"),
    XlsxColumn("建议问题类型", "problem_type", 14),
]

_DOC_NO = re.compile(r"\S*〔\d{4}〕\d+号")


@dataclass
class ImportedList:
    title: str
    kind: str
    year: int
    issued_by: str | None
    source_doc: str | None
    items: list[dict] = field(default_factory=list)

    def summary(self) -> dict:
        return {"title": self.title, "kind": self.kind, "year": self.year, "issued_by": self.issued_by,
                "source_doc": self.source_doc, "items": len(self.items), "read_only": self.kind == "共性化"}


@dataclass
class ImportResult:
    lists: list[ImportedList]
    written: bool
    unmatched_headers: list[str]

    def as_dict(self) -> dict:
        return {"written": self.written, "lists": [x.summary() for x in self.lists],
                "items": sum(len(x.items) for x in self.lists), "unmatched_headers": self.unmatched_headers}


def export_xlsx(ctx, path: Path, checklist_id: str | None = None) -> int:
    """Write current, in-use items (of one list or all lists) to `path`; returns the row count."""
    lists = {c["id"]: c for c in checklists.list_checklists(ctx)}
    items = checklists.list_items(ctx, checklist_id)
    out = []
    for n, it in enumerate(items, start=1):
        cl = lists[it["checklist_id"]]
        issued = " ".join(x for x in (cl["issued_by"], cl["source_doc"]) if x)
        out.append({**it, "seq": n, "issued_text": issued, "weight": it["weight"],
                    "applies_to": it["applies_to"] or "", "check_points": it["check_points"]})
    n = write_table(Path(path), "监督清单", EXPORT_COLUMNS, out, title="")
    from desktop.core.services.audit.log import record_export

    record_export(ctx, "监督清单", path, n)
    return n


def read_xlsx(ctx, path: Path) -> ImportResult:
    """Parse and validate a checklist file without writing. Raises ImportFileError/ValidationError in Chinese."""
    sheet = read_table(Path(path), FIELDS)
    if "code" not in sheet.mapping and "seq" not in sheet.mapping:
        raise ImportFileError("表头中找不到必需的列：编号（或序号）。", hint="请检查列名，每个检查事项需要一个编号")
    issues: list[RowIssue] = []
    groups: dict[tuple, ImportedList] = {}
    seen: dict[tuple, int] = {}
    for row_no, raw in sheet.rows:
        parsed = _parse_row(row_no, raw, issues, Path(path).stem)
        if parsed is None:
            continue
        head, item = parsed
        key = (head.kind, head.year, head.title)
        group = groups.setdefault(key, head)
        dup = (key, item["code"])
        if dup in seen:
            issues.append(RowIssue(row_no, "编号", f"编号“{item['code']}”与第 {seen[dup]} 行重复"))
            continue
        seen[dup] = row_no
        group.items.append(item)
    if issues:
        shown = "；".join(str(x) for x in issues[:8])
        more = f"；另有 {len(issues) - 8} 处问题" if len(issues) > 8 else ""
        raise ValidationError(f"清单文件有 {len(issues)} 处问题，未导入任何内容：{shown}{more}。")
    if not groups:
        raise ImportFileError("表格中没有检查事项。")
    with ctx.reader() as s:
        for g in groups.values():
            _refuse_existing(s, g)
    return ImportResult(list(groups.values()), False, sheet.unmatched_headers)


def _parse_row(row_no: int, raw: dict, issues: list[RowIssue], stem: str):
    def text(key):
        value = raw.get(key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    kind = text("kind")
    if kind in ("共性", "共性清单"):
        kind = "共性化"
    elif kind in ("个性", "个性清单"):
        kind = "个性化"
    if kind not in KINDS:
        issues.append(RowIssue(row_no, "清单类型", f"应为“共性化”或“个性化”，不能是“{kind or '空'}”"))
        return None
    try:
        year = int(float(text("year")))
        assert 2000 <= year <= 2100
    except (ValueError, AssertionError):
        issues.append(RowIssue(row_no, "年度", f"“{text('year') or '空'}”不是有效年度"))
        return None
    code = text("code") or text("seq")
    if not code:
        issues.append(RowIssue(row_no, "编号", "不能为空"))
        return None
    issued = text("issued_by")
    doc = _DOC_NO.search(issued)
    source_doc = doc.group(0) if doc else None
    issued_by = (issued.replace(source_doc, "").strip() if source_doc else issued) or None
    title = text("title") or f"{year}年{issued_by or ''}{'共性化' if kind == '共性化' else '个性化'}监督清单（{stem}）"
    item = {"code": code, "category": text("category"), "subject": text("subject"),
            "check_points": raw.get("check_points"), "basis": text("basis") or None,
            "method_hint": text("method_hint") or None, "frequency": text("frequency") or None,
            "applies_to": text("applies_to") or None, "weight": raw.get("weight"),
            "problem_type": text("problem_type") or None}
    try:
        item = checklists._clean_item(item)
    except ValidationError as exc:
        issues.append(RowIssue(row_no, "", exc.message.rstrip("。")))
        return None
    return ImportedList(title, kind, year, issued_by, source_doc), item


def _refuse_existing(s, group: ImportedList) -> None:
    t = Checklist.__table__
    q = select(t.c.id).where(t.c.deleted_at.is_(None), t.c.kind == group.kind, t.c.year == group.year,
                             t.c.title == group.title)
    if s.execute(q).first():
        raise ValidationError(f"已有同名清单“{group.title}”（{group.year} 年{group.kind}），未导入。",
                              hint="如需更新，请先废止旧清单，或在表格“清单名称”列改用新名称")


def import_xlsx(ctx, path: Path, *, dry_run: bool = False) -> ImportResult:
    """Import a checklist file: one list per (清单类型, 年度, 清单名称). 共性化 lists are stored read-only.

    With dry_run nothing is written. Errors leave the database unchanged.
    """
    result = read_xlsx(ctx, path)
    if dry_run:
        return result
    users.require_writer(ctx)
    backups.backup_before_import(ctx, "清单")
    with ctx.session() as s:
        for g in result.lists:
            _refuse_existing(s, g)
            cl = checklists.create_checklist_in(
                s, ctx, {"kind": g.kind, "year": g.year, "title": g.title, "issued_by": g.issued_by,
                         "source_doc": g.source_doc, "status": "执行中"}, read_only=g.kind == "共性化")
            batch = []
            for n, item in enumerate(g.items, start=1):
                row_id = uuid7()
                batch.append({**item, "sort_order": n, "id": row_id, "lineage_id": row_id, "version": 1,
                              "is_current": True, "status": "在用", "checklist_id": cl["id"]})
            rows.bulk_insert(s, ctx, ChecklistItem, batch, audit_summary=f"导入清单“{g.title}”")
    result.written = True
    return result
