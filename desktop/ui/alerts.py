"""The one place that shows message boxes, so tests monkeypatch a single module."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "清风台账"


def info(parent: QWidget | None, text: str, title: str = TITLE) -> None:
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, text: str, title: str = TITLE) -> None:
    QMessageBox.warning(parent, title, text)


def error(parent: QWidget | None, text: str, title: str = TITLE) -> None:
    QMessageBox.critical(parent, title, text)


def question(parent: QWidget | None, text: str, title: str = TITLE, *, default_no: bool = False) -> bool:
    """是/否; `default_no` where one Enter must not say yes to something risky (trusting an unchecked key)."""
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    box = QMessageBox(QMessageBox.Icon.Question, title, text, yes | no, parent)
    box.setDefaultButton(no if default_no else yes)
    box.setEscapeButton(no)
    return box.exec() == yes


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show an expected error (QingfengError) as a warning; anything else goes to the crash handler."""
    from desktop.core.errors import QingfengError

    if isinstance(exc, QingfengError):
        warn(parent, str(exc))
    else:
        from desktop.ui.crash import report

        report(type(exc), exc, exc.__traceback__)
