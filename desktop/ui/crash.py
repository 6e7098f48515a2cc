"""Last-resort handler: log the error to a rotating file and show a copyable report; the app keeps running."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

log = logging.getLogger("qingfeng")
_log_file: Path | None = None


def setup_logging(log_dir: Path) -> Path:
    """Log to <data>/logs/qingfeng.log, rotated at 1 MB, 5 files kept."""
    global _log_file
    log_dir.mkdir(parents=True, exist_ok=True)
    _log_file = log_dir / "qingfeng.log"
    handler = logging.handlers.RotatingFileHandler(_log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return _log_file


def install() -> None:
    sys.excepthook = report


def report(exc_type, exc, tb) -> None:
    """sys.excepthook: log, then show the report dialog (if a QApplication exists)."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("未处理的异常\n%s", text)
    if QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    CrashDialog(text).exec()


class CrashDialog(QDialog):
    def __init__(self, details: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("清风台账 — 程序错误")
        self.resize(640, 420)
        where = f"，已记录到日志：{_log_file}" if _log_file else ""
        label = QLabel(f"程序遇到了意外错误{where}。\n您的数据已保存。请复制下面的报告发给技术支持。")
        label.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("复制报告", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(label)
        lay.addWidget(self.details)
        lay.addWidget(buttons)
