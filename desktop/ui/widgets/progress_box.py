"""The progress box of a long job (desktop.ui.workers): message, bar, and 取消 for jobs that can stop.

A plain QDialog on purpose: QProgressDialog shows itself from its own timer (setValue at the minimum starts it),
which let a finished job's box come back over its result box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.core.progress import Progress


class ProgressBox(QDialog):
    cancel_clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("清风台账")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.label = QLabel(title)
        self.label.setMinimumWidth(320)
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the job says how far it is
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_clicked)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addLayout(buttons)

    def step(self, p) -> None:
        if isinstance(p, Progress):
            if p.total:
                self.bar.setRange(0, p.total)
                self.bar.setValue(min(p.done, p.total))
            if p.message:
                self.label.setText(p.message)
        else:
            self.label.setText(str(p))

    def allow_cancel(self) -> None:
        if self.cancel_button.isEnabled():
            self.cancel_button.setVisible(True)

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText("正在取消……")

    def reject(self) -> None:
        """Escape or the window's close: cancel if the job can stop; a running job's box never just vanishes."""
        if not self.cancel_button.isHidden() and self.cancel_button.isEnabled():
            self.cancel_clicked.emit()
