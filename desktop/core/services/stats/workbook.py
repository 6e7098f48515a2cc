"""The report workbook (.xlsx): one sheet per table in the layout district forms use — title, 填报单位 and period,
the header row (repeated on every printed page), the table, then 制表人 / 审核人 / 报送日期; A4 landscape, fitted to
the page width — and native Excel charts (openpyxl.chart) that Excel and WPS open and edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.core.services.stats.figures import registry
from desktop.core.services.stats.report import ReportData


def _put(ws, row: int, col: int, value):
    """Write one cell as the exports do: text that looks like a formula stays text (desktop/core/xlsx.as_text)."""
    from desktop.core.xlsx import as_text

    return as_text(ws.cell(row, col, value))


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    side = Side(style="thin", color="000000")
    return {"border": Border(left=side, right=side, top=side, bottom=side),
            "title": Font(name="宋体", size=16, bold=True), "head": Font(name="黑体", size=11, bold=True),
            "body": Font(name="宋体", size=11), "meta": Font(name="宋体", size=11),
            "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "left": Alignment(horizontal="left", vertical="center", wrap_text=True),
            "right": Alignment(horizontal="right", vertical="center"),
            "fill": PatternFill("solid", fgColor="DDEBF7")}


def _cn_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.year}年{d.month}月{d.day}日"


def _sheet(wb, data: ReportData, name: str, title: str, headers: list[str], rows: list[list], widths: list[int],
           *, first: bool = False):
    """A district-form sheet; returns (worksheet, first data row, last data row)."""
    st = _styles()
    ws = wb.active if first else wb.create_sheet()
    ws.title = name
    n = len(headers)
    from openpyxl.utils import get_column_letter

    last_col = get_column_letter(n)
    ws.merge_cells(f"A1:{last_col}1")
    c = _put(ws, 1, 1, title)
    c.font, c.alignment = st["title"], st["center"]
    ws.row_dimensions[1].height = 30
    half = max(1, n // 2)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    _put(ws, 2, 1, f"填报单位：{data.org.get('full_name') or data.site_name}（盖章）").font = st["meta"]
    ws.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=n)
    c = _put(ws, 2, half + 1, f"统计期间：{data.result.label}（{_cn_date(data.result.start)}至{_cn_date(data.result.end)}）")
    c.font, c.alignment = st["meta"], st["right"]
    for j, h in enumerate(headers, 1):
        cell = _put(ws, 3, j, h)
        cell.font, cell.alignment, cell.border, cell.fill = st["head"], st["center"], st["border"], st["fill"]
    ws.row_dimensions[3].height = 32
    for i, row in enumerate(rows, 4):
        for j, v in enumerate(row, 1):
            cell = _put(ws, i, j, v)
            cell.font, cell.border = st["body"], st["border"]
            cell.alignment = st["left"] if isinstance(v, str) and len(v) > 8 else st["center"]
            if isinstance(v, float):
                cell.number_format = "0.00" if "万元" in headers[j - 1] else "0.0"
    end = 3 + len(rows)
    foot = end + 2
    ws.merge_cells(start_row=foot, start_column=1, end_row=foot, end_column=n)
    _put(ws, foot, 1, f"制表人：{data.maker}　　　　审核人：{data.checker or '　　　　'}　　　　"
                     f"报送日期：{_cn_date(data.report_date)}").font = st["meta"]
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = "A4"
    ws.print_title_rows = "1:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return ws, 4, end


def _v(value):
    return "—" if value is None else value


def _change(v):
    return "—" if v is None else v


def _main_sheet(wb, data: ReportData) -> None:
    rows = []
    for i, f in enumerate([f for f in data.result.figures if not f.pending], 1):
        rows.append([i, f.code, f.name, f.unit, _v(f.value), _v(f.mom_value), _change(f.mom), _v(f.yoy_value),
                     _change(f.yoy), f.rule])
    pending = [f for f in data.result.figures if f.pending]
    headers = ["序号", "代码", "指标", "单位", "本期", "上期", "环比(%)", "去年同期", "同比(%)", "统计口径"]
    ws, _, end = _sheet(wb, data, "主要指标", data.title, headers, rows, [6, 7, 24, 7, 10, 10, 9, 10, 9, 60],
                        first=True)
    if pending:
        _put(ws, end + 1, 1, "注：" + "、".join(f.name for f in pending) + "的数据来源尚未接入，本表未列。")


def _breakdown_sheet(wb, data: ReportData, by: str, name: str, title: str):
    bd = data.breakdowns.get(by)
    if bd is None or not bd.codes:
        return None
    reg = registry()
    codes = bd.codes
    headers = [bd.label] + [f"{reg[c].name}({reg[c].unit})" for c in codes]
    if by == "township":
        headers.append("报送情况")
    rows = []
    for key, label in bd.keys:
        row = [label] + [_v(bd.cells[c].get(key, 0 if reg[c].agg != "ratio" else None)) for c in codes]
        if by == "township":
            row.append(data.submissions.get(key, ""))
        rows.append(row)
    total = ["合计"] + [_v(data.result.figure(c).value) for c in codes] + ([""] if by == "township" else [])
    rows.append(total)
    widths = [18] + [12] * len(codes) + ([22] if by == "township" else [])
    return _sheet(wb, data, name, title, headers, rows, widths)


def _bar(ws, title: str, col: int, first: int, last: int, anchor: str, *, horizontal: bool = False, y: str = ""):
    from openpyxl.chart import BarChart, Reference

    ch = BarChart()
    ch.type = "bar" if horizontal else "col"
    ch.title, ch.y_axis.title, ch.legend = title, y, None
    ch.add_data(Reference(ws, min_col=col, min_row=first - 1, max_row=last), titles_from_data=True)
    ch.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    ch.height, ch.width = 9, 18
    ws.add_chart(ch, anchor)


def write(data: ReportData, path: Path) -> Path:
    from openpyxl.chart import LineChart, PieChart, Reference

    from desktop.core.xlsx import _save_atomic, new_workbook

    wb = new_workbook()
    _main_sheet(wb, data)
    name = data.site_name
    out = _breakdown_sheet(wb, data, "village", "分村统计", f"{name}{data.result.label}分村（社区）统计表")
    if out:
        ws, a, b = out
        if b - 1 > a and "S4" in data.breakdowns["village"].codes:
            _bar(ws, "各村（社区）发现问题", 1 + data.breakdowns["village"].codes.index("S4") + 1, a, b - 1,
                 f"A{b + 5}", y="个")
    out = _breakdown_sheet(wb, data, "category", "分类统计", f"{name}{data.result.label}分类别统计表")
    if out:
        ws, a, b = out
        if b - 1 > a and "S4" in data.breakdowns["category"].codes:
            _bar(ws, "问题类别分布", 2, a, b - 1, f"A{b + 5}", horizontal=True, y="个")
    _breakdown_sheet(wb, data, "topic", "专题统计", f"{name}{data.result.label}分专题统计表")
    if data.is_district:
        out = _breakdown_sheet(wb, data, "township", "分乡镇统计", f"{name}{data.result.label}分乡镇（街道）统计表")
        if out:
            ws, a, b = out
            if b - 1 >= a and "S4" in data.breakdowns["township"].codes:
                _bar(ws, "各乡镇（街道）发现问题", 1 + data.breakdowns["township"].codes.index("S4") + 1, a, b - 1,
                     f"A{b + 5}", y="个")
    # 月度趋势
    reg = registry()
    codes = list(data.trend[0][1]) if data.trend else []
    rows = [[label] + [_v(vals[c]) for c in codes] for label, vals in data.trend]
    ws, a, b = _sheet(wb, data, "月度趋势", f"{name}{data.result.label}各月主要指标", ["月份"] +
                      [f"{reg[c].name}({reg[c].unit})" for c in codes], rows, [14] + [14] * len(codes))
    if rows and "S4" in codes and "S5" in codes:
        ch = LineChart()
        ch.title, ch.y_axis.title, ch.height, ch.width = "各月发现问题与整改销号", "个", 9, 18
        for c in ("S4", "S5"):
            col = 2 + codes.index(c)
            ch.add_data(Reference(ws, min_col=col, min_row=a - 1, max_row=b), titles_from_data=True)
        ch.set_categories(Reference(ws, min_col=1, min_row=a, max_row=b))
        for series in ch.series:
            series.smooth = False  # straight segments between the months
        ws.add_chart(ch, f"A{b + 5}")
    # 四种形态
    forms = [(c, reg[c].name) for c in ("F1_1", "F1_2", "F1_3", "F1_4")]
    total = data.result.figure("F1").value
    rows = []
    for c, label in forms:
        v = data.result.figure(c).value
        share = data.result.figure(c + "S").value
        rows.append([label, _v(v), _v(share)])
    rows.append(["合计", _v(total), 100.0 if total else "—"])
    ws, a, b = _sheet(wb, data, "四种形态", f"{name}{data.result.label}运用“四种形态”情况统计表",
                      ["形态", "人次", "占比(%)"], rows, [20, 14, 14])
    if total:
        pie = PieChart()
        pie.title, pie.height, pie.width = "运用“四种形态”构成", 9, 14
        pie.add_data(Reference(ws, min_col=2, min_row=a - 1, max_row=b - 1), titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=a, max_row=b - 1))
        ws.add_chart(pie, f"E{a}")
    path.parent.mkdir(parents=True, exist_ok=True)
    _save_atomic(wb, path)
    return path
