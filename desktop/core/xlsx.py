"""Excel in and out (openpyxl), shared by every import and export.

Export: `write_table(path, sheet, columns, rows)` — Chinese headers, frozen header row, sensible widths, real dates,
optional fill colour per row; written to a temp file then renamed, so no half-written file is left.

Import: `read_table(path, fields)` — finds the header row (first rows), matches headers to fields automatically
(aliases, spaces, full-width brackets ignored), reports what it could not match, and returns data rows with their
Excel row numbers. Structural problems (not an .xlsx, empty sheet, merged header cells, no recognisable header)
raise ImportFileError in Chinese. Cell problems are collected per row by the caller as `RowIssue`s.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.core.errors import ImportFileError, OutputError


@dataclass(frozen=True)
class XlsxColumn:
    """One exported column. kind: text | int | money | date | bool."""

    header: str
    key: str | Callable[[dict], Any]
    width: int = 14
    kind: str = "text"


@dataclass(frozen=True)
class FieldSpec:
    """One importable field: the key, its display name and header aliases; `required` fields must be matched."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class RowIssue:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行" + (f"“{self.column}”列" if self.column else "") + f"：{self.reason}"


@dataclass
class SheetData:
    """What read_table found: header mapping (field key → header text), unmatched headers, data rows."""

    mapping: dict[str, str]
    unmatched_headers: list[str]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    header_row: int = 1
    sheet: str = ""  # the worksheet read (the visible active one)
    stopped_after: int | None = None  # reading ended after this row: a long run of blank rows followed


_FILL = {"red": "FFF4CCCC", "yellow": "FFFFF2CC", "blue": "FFDDEBF7", "green": "FFE2EFDA", "grey": "FFE7E6E6"}


def write_table(path: Path, sheet: str, columns: list[XlsxColumn], rows: Iterable[dict], *,
                fill: Callable[[dict], str | None] | None = None, title: str = "") -> int:
    """Write one sheet; returns the number of data rows. Raises OutputError if the file cannot be written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = sheet[:31]
    thin = Side(style="thin", color="FF999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    start = 1
    if title:
        as_text(ws.cell(row=1, column=1, value=title)).font = Font(name="宋体", size=14, bold=True)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        start = 2
    head_fill = PatternFill("solid", fgColor="FFD9D9D9")
    for c, col in enumerate(columns, start=1):
        cell = as_text(ws.cell(row=start, column=c, value=col.header))
        cell.font = Font(name="宋体", bold=True)
        cell.fill = head_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = col.width
    count = 0
    body_font = Font(name="宋体")
    for r, row in enumerate(rows, start=start + 1):
        colour = fill(row) if fill else None
        row_fill = PatternFill("solid", fgColor=_FILL[colour]) if colour in _FILL else None
        for c, col in enumerate(columns, start=1):
            value = col.key(row) if callable(col.key) else row.get(col.key)
            cell = as_text(ws.cell(row=r, column=c, value=_cell_value(value, col.kind)))
            cell.font = body_font
            cell.border = border
            if col.kind == "date" and cell.value is not None:
                cell.number_format = "yyyy-mm-dd"
            elif col.kind == "money":
                cell.number_format = "#,##0.00"
            if col.kind == "text":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row_fill is not None:
                cell.fill = row_fill
        count += 1
    ws.freeze_panes = ws.cell(row=start + 1, column=1)
    _save_atomic(wb, Path(path))
    return count


def new_workbook():
    """A fresh openpyxl Workbook for a writer with its own layout (the statistics report workbook). Every cell it
    writes must still go through `as_text`."""
    from openpyxl import Workbook

    return Workbook()


def as_text(cell):
    """Every cell the program writes goes through here: text stays text. openpyxl turns a string starting with '='
    into a live formula (a description `=HYPERLINK("http://…")` from a legacy ledger would run in Excel/WPS);
    the cell is stored as a plain string instead. Returns the cell."""
    if isinstance(cell.value, str) and cell.data_type != "s":
        cell.data_type = "s"
    return cell


def _cell_value(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind == "date":
        if isinstance(value, (date, datetime)):
            return value
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    if kind == "bool":
        return "是" if value else "否"
    if kind in ("int", "money"):
        return value
    return str(value)


def _save_atomic(wb, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=".xlsx")
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"无法写入文件夹“{path.parent}”：{exc.strerror or exc}") from exc
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    except PermissionError as exc:
        raise OutputError(f"无法写入“{path.name}”：文件可能正在被 Excel 或 WPS 打开，请关闭后重试。") from exc
    except OSError as exc:
        raise OutputError(f"无法写入“{path.name}”：{exc.strerror or exc}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


_PUNCT = re.compile(r"[\s\u3000（）()【】\[\]：:、/／\\*＊·.\-—_]+")


def norm_header(text: Any) -> str:
    """Header text reduced for matching: no spaces, brackets, punctuation; full-width ASCII folded."""
    s = "" if text is None else str(text)
    s = "".join(chr(ord(ch) - 0xFEE0) if 0xFF01 <= ord(ch) <= 0xFF5E else ch for ch in s)
    return _PUNCT.sub("", s).lower()


def read_table(path: Path, fields: list[FieldSpec], *, overrides: dict[str, str] | None = None,
               max_header_scan: int = 6) -> SheetData:
    """Read the visible active sheet of an .xlsx into dict rows keyed by field key (streaming: xlsx_read).

    `overrides` maps field key → header text chosen by the user (manual override of the automatic match).
    """
    from desktop.core.xlsx_read import read_grid

    grid = read_grid(Path(path))
    if not grid.rows:
        raise ImportFileError(f"“{Path(path).name}”的工作表是空的，没有可导入的内容。")
    head = [(n, v) for n, v in grid.rows if n <= max_header_scan] or grid.rows[:1]
    header_idx, mapping = _find_header([v for _n, v in head], fields, overrides or {})
    header_row, header_values = head[header_idx]
    for rng in grid.merged:
        if rng.min_row <= header_row <= rng.max_row and rng.max_col > rng.min_col:
            raise ImportFileError(
                f"表头第 {header_row} 行有合并单元格（{rng.coord}），无法确定各列含义。",
                hint="请取消表头的合并单元格，让每一列有自己的列名后再导入",
            )
    headers = [str(h).strip() if h is not None else "" for h in header_values]
    missing = [f.label for f in fields if f.required and f.key not in mapping]
    if missing:
        raise ImportFileError(
            f"表头中找不到必需的列：{'、'.join(missing)}。",
            hint="请检查列名，或在导入界面手动指定对应列",
        )
    col_of = {key: headers.index(h) for key, h in mapping.items()}
    used = set(mapping.values())
    data = SheetData(mapping=mapping, unmatched_headers=[h for h in headers if h and h not in used],
                     header_row=header_row, sheet=grid.sheet, stopped_after=grid.stopped_after)
    for offset, values in grid.rows:
        if offset <= header_row:
            continue
        row = {key: (values[i] if i < len(values) else None) for key, i in col_of.items()}
        data.rows.append((offset, {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}))
    return data


def header_candidates(path: Path, max_header_scan: int = 6) -> list[str]:
    """The texts of the likeliest header row (most filled text cells among the first rows), for letting the
    user match columns by hand. Raises ImportFileError like read_table for unusable files."""
    from desktop.core.xlsx_read import read_grid

    best: list[str] = []
    for _n, values in read_grid(Path(path), max_rows=max_header_scan).rows:
        texts = [str(v).strip() for v in values if isinstance(v, str) and v.strip()]
        if len(texts) > len(best):
            best = texts
    return best


def _find_header(rows: list[list[Any]], fields: list[FieldSpec], overrides: dict[str, str]):
    best = (-1, 0, {})
    for idx, values in enumerate(rows):
        headers = [str(v).strip() for v in values if v not in (None, "")]
        mapping = match_headers(headers, fields, overrides)
        if len(mapping) > best[1]:
            best = (idx, len(mapping), mapping)
    if best[0] < 0 or best[1] == 0:
        raise ImportFileError(
            "在表格前几行中找不到可识别的表头。",
            hint="请确认选择了正确的文件，且第一行（或标题下的一行）是列名",
        )
    return best[0], best[2]


def match_headers(headers: list[str], fields: list[FieldSpec], overrides: dict[str, str] | None = None) -> dict:
    """Field key → header text, exact-normalised matches first, then 'contains' matches; overrides win."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for key, header in (overrides or {}).items():
        if header in headers:
            mapping[key] = header
            taken.add(header)
    normed = {h: norm_header(h) for h in headers}
    for exact in (True, False):
        for f in fields:
            if f.key in mapping:
                continue
            names = [norm_header(n) for n in (f.label, *f.aliases)]
            for h in headers:
                if h in taken or not normed[h]:
                    continue
                hit = normed[h] in names if exact else any(n and (n in normed[h]) for n in names)
                if hit:
                    mapping[f.key] = h
                    taken.add(h)
                    break
    return mapping


def parse_date_cell(value: Any) -> str | None:
    """An Excel cell as 'YYYY-MM-DD': real dates, or text like 2026-3-5, 2026/3/5, 2026.3.5, 2026年3月5日, with or
    without a time of day (2023-3-5 10:00).

    Raises ValueError with a Chinese reason for anything else.
    """
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                     r"(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?", text)
    if not m:
        raise ValueError(f"“{text}”不是可识别的日期")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        raise ValueError(f"“{text}”不是有效日期") from None
