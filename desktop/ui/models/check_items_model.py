"""Table model of the items of one inspection (the check form). DB-free: rows are the service's item dicts.

Results and notes are edited in the model and marked dirty; the form saves them with inspections.save_results.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

COL_SEQ, COL_CODE, COL_CATEGORY, COL_SUBJECT, COL_RESULT, COL_NOTE, COL_PHOTOS = range(7)
HEADERS = ("序号", "编号", "类别", "检查内容", "结果", "情况说明", "照片")
RESULT_KEYS = {"1": "符合", "2": "不符合", "3": "不适用"}
RESULT_COLOURS = {"符合": "#e2efda", "不符合": "#f4cccc", "不适用": "#e7e6e6"}


class CheckItemsTableModel(QAbstractTableModel):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._dirty: set[str] = set()
        self.editable = True

    def set_rows(self, rows: list[dict], *, editable: bool = True) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self._dirty.clear()
        self.editable = editable
        self.endResetModel()

    def row(self, i: int) -> dict:
        return self._rows[i]

    def rows(self) -> list[dict]:
        return list(self._rows)

    def dirty_answers(self) -> list[dict]:
        return [{"id": r["id"], "result": r["result"], "note": r["note"]} for r in self._rows if r["id"] in self._dirty]

    def mark_clean(self) -> None:
        self._dirty.clear()

    def is_dirty(self) -> bool:
        return bool(self._dirty)

    def unanswered(self) -> int:
        return sum(1 for r in self._rows if not r["result"])

    def set_result(self, i: int, result: str | None) -> None:
        if not self.editable or not 0 <= i < len(self._rows) or self._rows[i]["result"] == result:
            return
        self._rows[i]["result"] = result
        self._touch(i, COL_RESULT)

    def set_note(self, i: int, note: str) -> None:
        if self.editable and (self._rows[i]["note"] or "") != note:
            self._rows[i]["note"] = note or None
            self._touch(i, COL_NOTE)

    def set_photos(self, i: int, photos: list[dict]) -> None:
        self._rows[i]["photos"] = photos
        idx = self.index(i, COL_PHOTOS)
        self.dataChanged.emit(idx, idx)

    def _touch(self, i: int, col: int) -> None:
        self._dirty.add(self._rows[i]["id"])
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(HEADERS) - 1))
        self.changed.emit()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(HEADERS)

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_NOTE and self.editable:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(r, col, index.row())
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_RESULT and r["result"]:
            return QBrush(QColor(RESULT_COLOURS[r["result"]]))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_SUBJECT:
            return r["subject"] + "\n" + r["check_points"]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_SEQ, COL_RESULT, COL_PHOTOS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _text(self, r: dict, col: int, i: int) -> str:
        if col == COL_SEQ:
            return str(i + 1)
        if col == COL_CODE:
            return r["code"]
        if col == COL_CATEGORY:
            return r["category"]
        if col == COL_SUBJECT:
            return r["subject"]
        if col == COL_RESULT:
            return r["result"] or "（未填）"
        if col == COL_NOTE:
            return r["note"] or ""
        return str(len(r.get("photos") or [])) if r.get("photos") else ""

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):  # noqa: N802 - Qt override
        if index.column() == COL_NOTE and role == Qt.ItemDataRole.EditRole:
            self.set_note(index.row(), str(value or "").strip())
            return True
        return False

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None
