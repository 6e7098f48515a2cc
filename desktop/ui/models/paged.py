"""A DB-free table model that pages rows in on demand (Qt "fetch more" pattern, keyset pagination).

    model = PagedTableModel(COLUMNS, page_size=200)
    model.reset(loader)          # loader(cursor, limit) -> (rows, next_cursor or None); first page loads now

The view calls canFetchMore()/fetchMore() as the user scrolls; each call asks the loader for the next page
after the last cursor, so the database does `WHERE (sort_key, id) > (?, ?) ORDER BY … LIMIT n` (no OFFSET).
Sorting and filtering are the page's business: it builds a new loader and calls reset().
`data()` is a dict lookup plus the column's formatter: no database access.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from desktop.ui.models.rows_model import Column, RowsTableModel

Loader = Callable[[Any, int], tuple[list[dict], Any]]


class PagedTableModel(RowsTableModel):
    """RowsTableModel (columns, data, headers) whose rows arrive page by page from a loader."""

    TOOLTIP_KEYS = ("description", "title", "reason")
    sorts_in_memory = False  # only part of the rows is here: the page sorts in the database

    def __init__(self, columns: list[Column], *, page_size: int = 200, parent=None):
        super().__init__(columns, parent)
        self.page_size = page_size
        self._loader: Loader | None = None
        self._cursor: Any = None
        self._more = False

    # --- paging -----------------------------------------------------------------------------------------------
    def reset(self, loader: Loader | None, first: tuple[list[dict], Any] | None = None) -> None:
        """Start over with a new loader (new filter or sort). `first` is the first page (rows, cursor) when it
        was already loaded off the GUI thread; otherwise the first page is loaded now."""
        self.beginResetModel()
        self._loader, self._rows, self._cursor = loader, [], None
        self._more = loader is not None
        if first is not None:
            self._rows, self._cursor = list(first[0]), first[1]
            self._more = loader is not None and first[1] is not None and bool(first[0])
        self.endResetModel()
        if self._more and first is None:
            self.fetchMore(QModelIndex())

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 - Qt override
        if parent.isValid() or not self._more or self._loader is None:
            return
        rows, cursor = self._loader(self._cursor, self.page_size)
        self._cursor = cursor
        self._more = cursor is not None and bool(rows)
        self.append_rows(rows)

    def fetch_all(self) -> None:
        while self._more:
            self.fetchMore()

    # --- access -----------------------------------------------------------------------------------------------
    def find(self, record_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.get("id") == record_id), -1)

    def replace_row(self, i: int, row: dict) -> None:
        """Refresh one loaded row in place (after a transition) without reloading the page."""
        self._rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            key = self.columns[index.column()].key
            return self._rows[index.row()].get(key) if key in self.TOOLTIP_KEYS else None
        return super().data(index, role)
