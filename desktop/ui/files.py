"""The one place that asks for file and folder names, so tests monkeypatch a single module."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

XLSX = "Excel 文件 (*.xlsx)"
DB = "清风台账备份 (*.db)"
BACKUP = "清风台账备份 (*.qfbak *.db)"


def open_file(parent: QWidget | None, title: str, filter: str = XLSX, start: str = "") -> Path | None:
    """A file to read, or None when the user cancels."""
    name, _ = QFileDialog.getOpenFileName(parent, title, start, filter)
    return Path(name) if name else None


def save_file(parent: QWidget | None, title: str, default: str, filter: str = XLSX) -> Path | None:
    """A file to write, or None when the user cancels."""
    name, _ = QFileDialog.getSaveFileName(parent, title, default, filter)
    return Path(name) if name else None


def folder(parent: QWidget | None, title: str, start: str = "") -> Path | None:
    """A folder, or None when the user cancels."""
    name = QFileDialog.getExistingDirectory(parent, title, start)
    return Path(name) if name else None
