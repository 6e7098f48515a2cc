"""A date field where Tab leaves the field (QDateEdit would step through year/month/day); ←/→ move sections."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget


class DateField(QDateEdit):
    def __init__(self, iso: str | None = None, parent=None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        if iso:
            self.set_iso(iso)

    def set_iso(self, iso: str) -> None:
        self.setDate(QDate.fromString(iso, "yyyy-MM-dd"))

    def iso(self) -> str:
        return self.date().toString("yyyy-MM-dd")

    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802 - Qt override
        return QWidget.focusNextPrevChild(self, next_)
