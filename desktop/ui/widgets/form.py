"""Form helpers: a form layout with an error line under each field, and a date edit that may be empty."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #c0392b;"
_EMPTY = QDate(1900, 1, 1)


class FieldForm(QFormLayout):
    """`add(key, label, widget)`; `show_error(key, text)` puts the message under that field and focuses it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.general = QLabel()
        self.general.setObjectName("form_error")
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()

    def add(self, key: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        err = QLabel()
        err.setObjectName(f"error_{key}")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        err.hide()
        lay.addWidget(err)
        self.addRow(label, box)
        self.fields[key], self.errors[key] = widget, err
        return widget

    def clear_errors(self) -> None:
        for err in self.errors.values():
            err.clear()
            err.hide()
        self.general.clear()
        self.general.hide()

    def show_error(self, key: str, text: str) -> None:
        """Show `text` under field `key` (or at the top of the form when there is no such field)."""
        label = self.errors.get(key)
        if label is None:
            self.general.setText(text)
            self.general.show()
            if key in self.fields:  # a field without its own error line (e.g. part of a composite row)
                self.fields[key].setFocus()
            return
        label.setText(text)
        label.show()
        self.fields[key].setFocus()
        _grow_to_fit(label.window())

    def error_text(self, key: str) -> str:
        label = self.errors.get(key)
        return label.text() if label is not None else self.general.text()


def _grow_to_fit(window: QWidget | None) -> None:
    """Make a window taller when a message shown in it needs more room than it has (never narrower or shorter)."""
    lay = window.layout() if window is not None else None
    if lay is None:
        return
    lay.activate()
    need = lay.totalHeightForWidth(window.width()) if lay.hasHeightForWidth() else lay.totalSizeHint().height()
    if need > window.height():
        window.resize(window.width(), need)


class OptionalDateEdit(QDateEdit):
    """A date edit with a calendar that can also be empty ('未填', Delete empties it); `value()` is text or None."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(_EMPTY)
        self.setSpecialValueText("未填")
        self.setDate(_EMPTY)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        """An empty field opens its calendar at today, not at the 1900 placeholder."""
        if self.date() == _EMPTY:
            self.calendarWidget().setSelectedDate(QDate.currentDate())
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Delete empties the field ('未填')."""
        from PySide6.QtCore import Qt

        if event.key() == Qt.Key.Key_Delete:
            self.setDate(_EMPTY)
            return
        super().keyPressEvent(event)

    def value(self) -> str | None:
        d = self.date()
        return None if d == _EMPTY else d.toString("yyyy-MM-dd")

    def set_value(self, text: str | None) -> None:
        self.setDate(QDate.fromString(text, "yyyy-MM-dd") if text else _EMPTY)


class SavesThroughRunner:
    """Mixin for a QDialog with `env`, `form` (a FieldForm) and `saved`: run the save job in the background,
    close with the saved row, or show a ValidationError under its field and a refused step (GateRefused) at the
    top of the form, keeping the dialog open; other errors go to a message box. Used through RecordDialog."""

    def _save(self, job) -> None:
        self.env.runner.run(job, on_done=self._on_saved, on_error=self._on_failed, parent=self)

    def _on_saved(self, row) -> None:
        self.saved = row
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        from desktop.core.errors import GateRefused, ValidationError
        from desktop.ui import alerts

        if isinstance(exc, ValidationError | GateRefused):
            self.form.show_error(getattr(exc, "field", "") or "", str(exc))
        else:
            alerts.show_error(self, exc)
