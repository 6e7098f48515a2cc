"""Reading an .xlsx for import without crashing or misleading (issue 11 §3).

`read_grid(path)` opens the workbook in streaming (read-only) mode and returns the rows of the visible active
sheet as (Excel row number, values). Cells of a merged range spanning rows get the range's value (a merged
所属村 over several rows is filled down); text loses control characters; reading stops after `BLANK_RUN`
blank rows in a row (a stray cell at row 1,048,576 costs nothing); files too big to be a ledger, sheets with too
many rows, corrupt XML and anything openpyxl cannot read raise ImportFileError in Chinese, never a traceback.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from desktop.core.errors import ImportFileError

MAX_UNCOMPRESSED = 512 * 1024 * 1024  # all parts of the file, unpacked (a zip bomb is refused before reading)
MAX_ROWS = 200_000  # rows read from one sheet
MAX_COLUMNS = 256
BLANK_RUN = 1000  # this many blank rows in a row end the sheet
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|_x00[01][0-9a-fA-F]_")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)\"")


@dataclass(frozen=True)
class Merged:
    min_row: int
    min_col: int
    max_row: int
    max_col: int
    coord: str


@dataclass
class Grid:
    sheet: str
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # non-blank rows only
    merged: list[Merged] = field(default_factory=list)
    stopped_after: int | None = None  # the last row read when a long blank run ended the reading early


def _errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (ParseError, KeyError, ValueError, TypeError, IndexError, AttributeError,
                                               EOFError, OSError, zipfile.BadZipFile, zlib.error, UnicodeDecodeError)
    try:
        from lxml.etree import XMLSyntaxError

        errors += (XMLSyntaxError,)
    except ImportError:  # pragma: no cover
        pass
    return errors


def _check_archive(path: Path) -> None:
    if not path.is_file():
        raise ImportFileError(f"找不到文件：{path}")
    if not zipfile.is_zipfile(path):
        raise ImportFileError(
            f"“{path.name}”不是有效的 Excel（.xlsx）文件。",
            hint="如果是旧版 .xls 或 WPS 格式，请先在 Excel/WPS 中“另存为 .xlsx”再导入",
        )
    try:
        with zipfile.ZipFile(path) as z:
            size = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(f"“{path.name}”无法作为 Excel 文件读取（文件可能已损坏）：{exc}") from exc
    if size > MAX_UNCOMPRESSED:
        raise ImportFileError(f"“{path.name}”解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，不像是台账文件，未导入。",
                              hint="请只保留要导入的工作表，另存为新的 .xlsx 后再导入")


def _pick_sheet(wb, name: str):
    """The active sheet if it is a visible worksheet, else the first visible worksheet (hidden ones never)."""
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
    if not sheets:
        raise ImportFileError(f"“{name}”中没有可见的工作表。")
    active = wb.active
    return active if active in sheets else sheets[0]


def _merged(wb, ws) -> list[Merged]:
    """Merged ranges of the sheet, found by scanning its XML (read-only mode does not keep them)."""
    from openpyxl.utils.cell import range_boundaries

    out, tail = [], b""
    with wb._archive.open(ws._worksheet_path) as src:
        while chunk := src.read(1 << 20):
            data = tail + chunk
            for m in _MERGE.finditer(data):
                coord = m.group(1).decode()
                min_col, min_row, max_col, max_row = range_boundaries(coord)
                out.append(Merged(min_row, min_col, max_row, max_col, coord))
            tail = data[-200:]
    return sorted(set(out), key=lambda r: (r.min_row, r.min_col))


def clean_text(value: Any) -> Any:
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
    return value


def read_grid(path: Path | str, *, max_rows: int | None = None) -> Grid:
    """The visible active sheet's non-blank rows (at most `max_rows` rows scanned from the top when given)."""
    from openpyxl import load_workbook

    path = Path(path)
    _check_archive(path)
    errors = _errors()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except errors as exc:
        raise ImportFileError(f"“{path.name}”无法作为 Excel 文件读取（文件可能已损坏）。",
                              hint="请在 Excel/WPS 中打开该文件，另存为新的 .xlsx 后再导入") from exc
    try:
        ws = _pick_sheet(wb, path.name)
        grid = Grid(sheet=ws.title, merged=_merged(wb, ws))
        _read_rows(ws, grid, max_rows)
        return grid
    except errors as exc:
        raise ImportFileError(f"“{path.name}”的工作表内容已损坏，无法读取（{type(exc).__name__}）。",
                              hint="请在 Excel/WPS 中打开该文件，另存为新的 .xlsx 后再导入") from exc
    finally:
        wb.close()


def _read_rows(ws, grid: Grid, max_rows: int | None) -> None:
    ws.reset_dimensions()  # the stored dimension may be wrong (too small or A1:XFD1048576)
    pending = list(grid.merged)
    fills: dict[int, tuple[Any, int]] = {}  # column → (value, last row) of merged ranges spanning rows
    blank, last = 0, 0
    for row_no, raw in enumerate(ws.iter_rows(values_only=True), start=1):
        if max_rows is not None and row_no > max_rows:
            break
        if row_no > MAX_ROWS:
            raise ImportFileError(f"工作表“{ws.title}”超过 {MAX_ROWS} 行，不像是台账，未导入。")
        values = [clean_text(v) for v in raw[:MAX_COLUMNS]]
        while values and values[-1] in (None, ""):
            values.pop()
        while pending and pending[0].min_row == row_no:
            r = pending.pop(0)
            if r.max_row > r.min_row and r.min_col <= len(values):
                fills[r.min_col] = (values[r.min_col - 1], r.max_row)
        for col, (value, until) in list(fills.items()):
            if until < row_no:
                del fills[col]
            elif value not in (None, ""):
                values += [None] * (col - len(values))
                if values[col - 1] in (None, ""):
                    values[col - 1] = value
        if not values:
            blank += 1
            if blank >= BLANK_RUN and not fills:
                grid.stopped_after = last
                return
            continue
        blank, last = 0, row_no
        grid.rows.append((row_no, values))
