"""Shown for a page whose module does not exist yet: says plainly that it is not available."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        label = QLabel(f"“{title}”功能尚未开放。\n\n后续版本将提供此功能。")
        label.setObjectName("placeholder")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: #666; font-size: 16px;")
        QVBoxLayout(self).addWidget(label)
