"""The printable check sheet (村级小微权力监督检查记录表), built as the documents layer's content model and rendered
by its docx and PDF writers.

    doc = check_sheet.build_sheet(ctx, inspection_id=ins_id)               # filled after the check
    doc = check_sheet.build_sheet(ctx, inspection_id=ins_id, blank=True)   # head filled, results blank (field use)
    doc = check_sheet.build_sheet(ctx, checklist_id=cl_id, blank=True)     # a fully blank sheet of a list
    paths = check_sheet.render_sheet(ctx, out_dir, inspection_id=ins_id)   # {"docx": Path, "pdf": Path}
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.core.documents.content import Cell, Column, Document, Paragraph, Table
from desktop.core.errors import ValidationError
from desktop.core.models.checks import METHODS, RESULTS
from desktop.core.services.checks import checklists, inspections
from desktop.core.services.org import profile as org

TITLE = "村级小微权力监督检查记录表"
BLANK_DATE = "　　年　　月　　日"
SIGN_DATE = "年　月　日"
BOX, TICK = "□", "■"  # ■ exists in every CJK face we may use; ☑ does not


def _cn_date(iso: str | None) -> str:
    if not iso:
        return BLANK_DATE
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def _choices(options, chosen: set[str]) -> str:
    return "　".join(f"{TICK if o in chosen else BOX}{o}" for o in options)


def _points(text: str) -> str:
    pts = checklists.points_list(text)
    return "\n".join(f"{i}.{p}" for i, p in enumerate(pts, start=1))


def _head_table(ins: dict | None, org_name: str) -> Table:
    units = "、".join(u["name"] for u in ins["units"]) if ins else ""
    methods = set(inspections.split(ins["methods"])) if ins else set()
    parts = [f"{ins[k]} {u}" for k, u in (("households_contacted", "户"), ("people_contacted", "人次"))
             if ins and ins.get(k) is not None]
    people = "、".join(parts)
    cols = [Column("项目", 2.1), Column("内容", 3.1), Column("项目", 1.9), Column("内容", 2.9)]
    rows = [
        [Cell("被检查单位", label=True), Cell(units, colspan=3, align="left")],
        [Cell("检查日期", label=True), Cell(_cn_date(ins["date"]) if ins else BLANK_DATE),
         Cell("检查单位", label=True), Cell(org_name)],
        [Cell("检查人员", label=True), Cell(ins["inspectors"] if ins else "", colspan=3, align="left")],
        [Cell("检查方式", label=True), Cell(_choices(METHODS, methods), colspan=3, align="left")],
        [Cell("走访户（人）数", label=True), Cell(people), Cell("走访说明", label=True),
         Cell((ins or {}).get("contacted_note") or "", align="left")],
    ]
    return Table(columns=cols, rows=rows, header_rows=[], font_size=12)


def _items_table(items: list[dict], blank: bool) -> Table:
    cols = [Column("序号", 0.7), Column("类别", 1.5), Column("检查内容及要点", 4.6), Column("检查结果", 1.5),
            Column("情况说明", 2.4)]
    rows = []
    for n, it in enumerate(items, start=1):
        result = None if blank else it.get("result")
        marks = "\n".join(f"{TICK if r == result else BOX}{r}" for r in RESULTS)
        rows.append([
            Cell(str(n)), Cell(it["category"]),
            Cell(f"{it['code']} {it['subject']}\n{_points(it['check_points'])}", align="left"),
            Cell(marks, align="left"),
            Cell("" if blank else (it.get("note") or ""), align="left", lines=1 if not blank else 2),
        ])
    return Table(columns=cols, rows=rows, font_size=10.5)


def _closing_table(ins: dict | None, blank: bool) -> Table:
    failed = [] if blank or not ins else [i for i in ins["items"] if i["result"] == "不符合"]
    found = "\n".join(f"{n}. {i['code']} {i['subject']}" + (f"：{i['note']}" if i.get("note") else "")
                      for n, i in enumerate(failed, start=1))
    if ins and not blank and not failed:
        found = "未发现不符合项。"
    summary = "" if blank or not ins else (ins.get("summary") or "")
    cols = [Column("项目", 2.2), Column("内容", 2.8), Column("项目", 2.4), Column("内容", 2.6)]
    rows = [
        [Cell("发现的主要问题", label=True), Cell(found, colspan=3, align="left", lines=4)],
        [Cell("检查小结", label=True), Cell(summary, colspan=3, align="left", lines=3)],
        [Cell("被检查单位意见", label=True), Cell("", colspan=3, lines=3)],
        [Cell("检查人员（签字）", label=True), Cell(f"\n{SIGN_DATE}", align="right", lines=2),
         Cell("被检查单位负责人（签字）", label=True), Cell(f"\n{SIGN_DATE}", align="right", lines=2)],
    ]
    return Table(columns=cols, rows=rows, header_rows=[], font_size=12)


def build_sheet(ctx, *, inspection_id: str | None = None, checklist_id: str | None = None,
                blank: bool = False) -> Document:
    """The check sheet as a content.Document. With an inspection: its head and items (results unless blank);
    with only a checklist: every in-use item of it, everything else blank for handwriting."""
    if not inspection_id and not checklist_id:
        raise ValidationError("请选择一次检查或一份清单。")
    profile = org.get_profile(ctx) or {}
    ins = inspections.get_inspection(ctx, inspection_id) if inspection_id else None
    items = ins["items"] if ins else checklists.list_items(ctx, checklist_id)
    if not items:
        raise ValidationError("没有可打印的检查事项。")
    state = "（空白）" if blank and not ins else ""
    body = [
        Paragraph(f"检查名称：{ins['title']}" if ins else "检查名称：", align="left", role="fangsong"),
        _head_table(ins, profile.get("full_name") or ""),
        Paragraph("检查事项及结果（在“□”内打“√”）" if blank else "检查事项及结果（“■”为检查结果）", align="left"),
        _items_table(items, blank),
        _closing_table(ins, blank),
    ]
    return Document(kind="检查记录表", layout="plain", title=[TITLE + state], body=body, page_numbers=True,
                    draft=False)


def render_sheet(ctx, out_dir: Path, *, inspection_id: str | None = None, checklist_id: str | None = None,
                 blank: bool = False, formats=("docx", "pdf")) -> dict[str, Path]:
    """Render the sheet as .docx and .pdf into out_dir; returns {"docx": Path, "pdf": Path}."""
    from desktop.core import documents

    doc = build_sheet(ctx, inspection_id=inspection_id, checklist_id=checklist_id, blank=blank)
    if inspection_id:
        ins = inspections.get_inspection(ctx, inspection_id)
        names = "、".join(u["name"] for u in ins["units"][:2])
        stem = f"检查记录表_{names}_{ins['date']}" + ("_空白" if blank else "")
    else:
        stem = f"检查记录表_空白_{ctx.clock.today().isoformat()}"
    return documents.render(doc, Path(out_dir), stem, formats)
