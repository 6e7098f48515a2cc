"""The keyboard-driven table of a check form.

Keys: ↑/↓ (or Tab / Shift+Tab) move between items; 1 = 符合, 2 = 不符合, 3 = 不适用 (then the next item);
0 or Delete clears the result; Enter or F2 edits the note (Enter again saves it and returns to the table).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.ui.models.check_items_model import (
    COL_CATEGORY,
    COL_CODE,
    COL_NOTE,
    COL_PHOTOS,
    COL_RESULT,
    COL_SEQ,
    COL_SUBJECT,
    RESULT_KEYS,
)

WIDTHS = {COL_SEQ: 44, COL_CODE: 70, COL_CATEGORY: 110, COL_SUBJECT: 300, COL_RESULT: 70, COL_NOTE: 260,
          COL_PHOTOS: 44}


class CheckItemsView(QTableView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(26)
        self.setTabKeyNavigation(False)

    def setModel(self, model) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        header = self.horizontalHeader()
        for col, width in WIDTHS.items():
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)

    def current_row(self) -> int:
        idx = self.currentIndex()
        return idx.row() if idx.isValid() else -1

    def go_to(self, row: int) -> None:
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        row = max(0, min(row, model.rowCount() - 1))
        self.setCurrentIndex(model.index(row, COL_RESULT))
        self.scrollTo(model.index(row, COL_SUBJECT))

    def edit_note(self) -> None:
        row = self.current_row()
        if row >= 0 and self.model().editable:
            idx = self.model().index(row, COL_NOTE)
            self.setCurrentIndex(idx)
            self.edit(idx)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key, text, row = event.key(), event.text(), self.current_row()
        if text in RESULT_KEYS and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if row < 0:
                row = 0
            self.model().set_result(row, RESULT_KEYS[text])
            self.go_to(row + 1)
            return
        if key in (Qt.Key.Key_0, Qt.Key.Key_Delete) and row >= 0:
            self.model().set_result(row, None)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and not event.modifiers():
            self.edit_note()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802 - Qt override
        """Tab / Shift+Tab walk the items; past the last (or first) item the focus leaves the table."""
        row, model = self.current_row(), self.model()
        if model is not None and self.hasFocus() and self.state() != QAbstractItemView.State.EditingState:
            target = row + (1 if next_ else -1)
            if 0 <= target < model.rowCount():
                self.go_to(target)
                return True
        return super().focusNextPrevChild(next_)

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().focusInEvent(event)
        if not self.currentIndex().isValid():
            self.go_to(0)
