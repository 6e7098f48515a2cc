"""Last-resort handler: log the error to a rotating file and show a copyable report; the app keeps running."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout

log = logging.getLogger("qingfeng")
_log_file: Path | None = None
_handler: logging.Handler | None = None


def setup_logging(log_dir: Path, *, max_bytes: int = 1_000_000, backups: int = 5) -> Path:
    """Log to <data>/logs/qingfeng.log, rotated at `max_bytes`, `backups` old files kept. Idempotent."""
    import logging.handlers

    global _log_file, _handler
    log_dir = Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    teardown_logging()
    _log_file = log_dir / "qingfeng.log"
    _handler = logging.handlers.RotatingFileHandler(_log_file, maxBytes=max_bytes, backupCount=backups,
                                                    encoding="utf-8")
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(_handler)
    root.setLevel(logging.INFO)
    return _log_file


def teardown_logging() -> None:
    """Remove our file handler (switching data dirs, tests)."""
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def install() -> None:
    """Route uncaught exceptions (GUI thread and other threads) to the log and the report dialog."""
    sys.excepthook = report
    threading.excepthook = lambda a: log.error("线程中未处理的异常", exc_info=(a.exc_type, a.exc_value, a.exc_traceback))


def report(exc_type, exc, tb) -> None:
    """sys.excepthook: log, then show the report dialog (if a QApplication exists)."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("未处理的异常\n%s", text)
    if QApplication.instance() is None:
        sys.__excepthook__(exc_type, exc, tb)
        return
    CrashDialog(text).exec()


class CrashDialog(QDialog):
    """The error report: what happened, where the log is, the details, and a 复制报告 button."""

    def __init__(self, details: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("清风台账 — 程序错误")
        self.resize(640, 420)
        where = f"，已记录到日志：{_log_file}" if _log_file else ""
        self.message = QLabel(f"程序遇到了意外错误{where}。\n您的数据已保存。请复制下面的报告发给技术支持。")
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton("复制报告", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(details))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.message)
        lay.addWidget(self.details)
        lay.addWidget(buttons)
