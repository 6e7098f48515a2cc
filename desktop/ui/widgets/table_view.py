"""The table view every list uses (through widgets.ledger.make_table): what users expect from WPS/Excel.

- Ctrl+C copies the selected rows, with the headers, as tab-separated text (pastes as cells in WPS/Excel);
- a right-click menu on rows: 打开, 复制 (the cell), 复制所选行, 导出所选行…;
- clicking a header sorts (in memory for RowsTableModel; pages that sort in the database pass db_sort=True);
- a cut cell shows its full text on hover;
- columns sized from their content once the first rows arrive, the description column stretching.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHeaderView,
    QMenu,
    QStyledItemDelegate,
    QTableView,
    QToolTip,
)

STRETCH_KEYS = ("description", "title", "content", "summary", "text", "reason", "note", "remark")
MAX_FIT = 280  # px: a fitted column never gets wider than this; hover shows the rest


class CutTextTooltip(QStyledItemDelegate):
    """Shows a cell's full text as tooltip when the cell is too narrow for it (or the model's own tooltip)."""

    def full_text_if_cut(self, view, index) -> str | None:
        own = index.data(Qt.ItemDataRole.ToolTipRole)
        if own:
            return str(own)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            return None
        text = str(text)
        width = view.visualRect(index).width() - 8
        return text if view.fontMetrics().horizontalAdvance(text) > width else None

    def helpEvent(self, event, view, option, index):  # noqa: N802 - Qt override
        if event.type() == event.Type.ToolTip and index.isValid():
            tip = self.full_text_if_cut(view, index)
            if tip:
                QToolTip.showText(event.globalPos(), tip, view)
            else:
                QToolTip.hideText()
            return True
        return super().helpEvent(event, view, option, index)


def _clean(value) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


class LedgerTableView(QTableView):
    def __init__(self, parent=None, *, db_sort: bool = False):
        super().__init__(parent)
        self.db_sort = db_sort
        self.fitted = False
        self.setItemDelegate(CutTextTooltip(self))
        hh = self.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setResizeContentsPrecision(200)  # fit from the first rows only: fast on 100k-row ledgers

    # --- model ------------------------------------------------------------------------------------------------
    def setModel(self, model) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        if model is None:
            return
        in_memory = not self.db_sort and getattr(model, "sorts_in_memory", False)
        if in_memory:
            self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep the service's order
            self.setSortingEnabled(True)
        model.modelReset.connect(self._fit_once)
        model.rowsInserted.connect(self._fit_once)
        self._stretch_description()

    def stretch_column(self) -> int | None:
        keys = [getattr(c, "key", "") for c in getattr(self.model(), "columns", [])]
        for want in STRETCH_KEYS:
            if want in keys:
                return keys.index(want)
        return None

    def _stretch_description(self) -> None:
        col = self.stretch_column()
        if col is not None:
            self.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        else:  # nothing to stretch: the last column fills the rest (after the columns were fitted)
            self.horizontalHeader().setStretchLastSection(True)

    def _fit_once(self, *_args) -> None:
        """Size the columns from their content the first time rows arrive (not again: the user's widths stay)."""
        model = self.model()
        if self.fitted or model is None or model.rowCount() == 0:
            return
        self.fitted = True
        self.fit_columns()

    def fit_columns(self) -> None:
        stretch = self.stretch_column()
        for col in range(self.model().columnCount()):
            if col == stretch or self.isColumnHidden(col):
                continue
            self.resizeColumnToContents(col)
            self.setColumnWidth(col, min(self.columnWidth(col), MAX_FIT))
        self._stretch_description()

    # --- copy -------------------------------------------------------------------------------------------------
    def selected_row_numbers(self) -> list[int]:
        sel = self.selectionModel()
        rows = {i.row() for i in sel.selectedRows()} or {i.row() for i in sel.selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return sorted(rows)

    def visible_columns(self) -> list[int]:
        hh = self.horizontalHeader()
        return [hh.logicalIndex(v) for v in range(hh.count()) if not hh.isSectionHidden(hh.logicalIndex(v))]

    def rows_as_table(self, rows: list[int]) -> list[list[str]]:
        """[headers, row, row …] as shown on screen (visible columns in their on-screen order)."""
        model, cols = self.model(), self.visible_columns()
        head = [_clean(model.headerData(c, Qt.Orientation.Horizontal)) for c in cols]
        body = [[_clean(model.index(r, c).data()) for c in cols] for r in rows]
        return [head, *body]

    def copy_rows(self) -> int:
        rows = self.selected_row_numbers()
        if not rows:
            return 0
        table = self.rows_as_table(rows)
        mime = QMimeData()
        mime.setText("\r\n".join("\t".join(cells) for cells in table) + "\r\n")
        QApplication.clipboard().setMimeData(mime)
        return len(rows)

    def copy_cell(self, index) -> None:
        QApplication.clipboard().setText(_clean(index.data()))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_rows()
            event.accept()
            return
        super().keyPressEvent(event)

    # --- right-click menu -------------------------------------------------------------------------------------
    def row_menu(self, index) -> QMenu:
        menu = QMenu(self)
        menu.addAction("打开", lambda: self.activated.emit(index))
        menu.addAction("复制", lambda: self.copy_cell(index))
        menu.addAction("复制所选行", self.copy_rows).setShortcut(QKeySequence.StandardKey.Copy)
        menu.addAction("导出所选行…", self.export_selected)
        return menu

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        if not self.selectionModel().isRowSelected(index.row(), index.parent()):
            self.setCurrentIndex(index)
            self.selectRow(index.row())
        self.row_menu(index).exec(event.globalPos())

    def export_selected(self, path: str | None = None) -> int:
        """Write the selected rows (as shown) to an .xlsx; returns the number of rows written."""
        from pathlib import Path

        rows = self.selected_row_numbers()
        if not rows:
            return 0
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "导出所选行", str(Path.home() / "所选行.xlsx"),
                                                  "Excel 文件 (*.xlsx)")
            if not path:
                return 0
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        from desktop.core.xlsx import XlsxColumn, write_table
        from desktop.ui import alerts

        head, *body = self.rows_as_table(rows)
        columns = [XlsxColumn(h, key=str(i), width=max(8, min(40, len(h) * 2 + 4))) for i, h in enumerate(head)]
        try:
            n = write_table(Path(path), "所选行", columns, [{str(i): v for i, v in enumerate(r)} for r in body])
        except Exception as exc:  # noqa: BLE001 - OutputError and the like: one message
            alerts.show_error(self, exc)
            return 0
        alerts.info(self, f"已导出所选 {n} 行到：\n{path}")
        return n
