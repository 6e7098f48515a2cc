"""Helpers for the background-job tests: see every dialog that opens, let a job's delay run out on demand."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog


class ShownBoxes(QObject):
    """Every dialog that gets shown anywhere in the application, by its window title."""

    def __init__(self):
        super().__init__()
        self.titles: list[str] = []
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QDialog):
            self.titles.append(obj.windowTitle())
        return False

    def remove(self):
        QApplication.instance().removeEventFilter(self)


def run_out_delays(runner) -> int:
    """The progress boxes' delay runs out now (instead of waiting for wall-clock time); returns how many."""
    timers = runner.findChildren(QTimer)
    for t in timers:
        t.timeout.emit()
    return len(timers)
