"""Streaming .xlsx export for big ledgers (openpyxl write-only mode), as a progress job.

Same look as xlsx.write_table (Chinese bold header, frozen header row, widths, real dates, colour fill) but
rows are written as they come, so 100,000 rows need little memory. The file is written to a temp name and
renamed, so no half-written file is left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from desktop.core.progress import Progress
from desktop.core.xlsx import _FILL, XlsxColumn, _cell_value, _save_atomic, as_text


def write_table_job(path: Path, sheet: str, columns: list[XlsxColumn], rows: Iterable[dict], total: int, *,
                    fill: Callable[[dict], str | None] | None = None, fill_columns: tuple[str, ...] = (),
                    every: int = 2000, label: str = "导出") -> Iterator[Progress]:
    """Write `rows` to one sheet, yielding Progress every `every` rows; returns the row count.

    `fill` gives a row's colour name (red/yellow/blue/green/grey); it fills the cells of the headers named in
    `fill_columns` (all cells if empty).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    for c, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = col.width
    ws.freeze_panes = "A2"
    head_font, head_fill = Font(name="宋体", bold=True), PatternFill("solid", fgColor="FFD9D9D9")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header = []
    for col in columns:
        cell = as_text(WriteOnlyCell(ws, value=col.header))
        cell.font, cell.fill, cell.alignment = head_font, head_fill, centre
        header.append(cell)
    ws.append(header)
    fills = {name: PatternFill("solid", fgColor=argb) for name, argb in _FILL.items()}
    filled = [not fill_columns or col.header in fill_columns for col in columns]
    count = 0
    for row in rows:
        colour = fill(row) if fill else None
        row_fill = fills.get(colour)
        out = []
        for col, do_fill in zip(columns, filled, strict=True):
            value = _cell_value(col.key(row) if callable(col.key) else row.get(col.key), col.kind)
            needs_cell = isinstance(value, str) and value.startswith("=")  # text, never a formula (xlsx.as_text)
            if needs_cell or (col.kind in ("date", "money") and value is not None) or (row_fill is not None and do_fill):
                cell = as_text(WriteOnlyCell(ws, value=value))
                if col.kind == "date" and not isinstance(value, str):
                    cell.number_format = "yyyy-mm-dd"
                elif col.kind == "money":
                    cell.number_format = "#,##0.00"
                if row_fill is not None and do_fill:
                    cell.fill = row_fill
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
        count += 1
        if count % every == 0:
            yield Progress(count, total, f"{label}：已写入 {count} 行")
    yield Progress(count, total, f"{label}：正在保存文件")
    _save_atomic(wb, Path(path))
    return count
