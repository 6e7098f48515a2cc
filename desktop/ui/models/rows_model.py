"""A DB-free table model over a list of dict rows, with named columns (STYLE §8).

    COLUMNS = [Column("no", "编号", width=90), Column("unit_name", "单位"), Column("status", "状态", fmt=str)]
    model = RowsTableModel(COLUMNS)
    model.set_rows(rows)                       # inside a model reset
    model.row(index.row())                     # the dict behind a row

`Column.color` may return a QColor-compatible name for the background (e.g. overdue red).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

RowRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int = 120
    fmt: Callable[[Any], str] | None = None
    color: Callable[[dict], str | None] | None = None
    align_right: bool = False


def _default_fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _sort_key(value: Any) -> tuple:
    if isinstance(value, bool | int | float):
        return (0, value, "")
    return (1, 0, str(value))


class RowsTableModel(QAbstractTableModel):
    sorts_in_memory = True  # a header click sorts the rows held here (PagedTableModel: the page sorts)

    def __init__(self, columns: list[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[dict] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the column's value (numbers as numbers, empty last); -1 keeps the rows as they came."""
        if not self.sorts_in_memory or not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order) -> None:
        key = self.columns[column].key
        full = [r for r in self._rows if r.get(key) not in (None, "")]
        empty = [r for r in self._rows if r.get(key) in (None, "")]
        full.sort(key=lambda r: _sort_key(r.get(key)), reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = full + empty

    def append_rows(self, rows: list[dict]) -> None:
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def row(self, i: int) -> dict:
        return self._rows[i]

    def rows(self) -> list[dict]:
        return list(self._rows)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self._rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(col.key)
            return (col.fmt or _default_fmt)(value)
        if role == Qt.ItemDataRole.BackgroundRole and col.color:
            name = col.color(row)
            return QBrush(QColor(name)) if name else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RowRole:
            return row
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None
