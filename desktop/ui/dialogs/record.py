"""Base of every record form (单位, 人员, 监督事项, 谈话记录, 问题, 检查事项 …): one style for all of them.

A subclass builds its fields in `_build_form(form)` with `self.add(label, key, widget)` (key = the service's field
name; the form keeps an error line under each such field) and returns the values from `data()`. Extra widgets
below the form go into `self.body`. OK (保存) first asks `check(values)` for a quick local refusal, then runs
`save(values)` through env.runner; on success the dialog closes with the saved row in `self.saved`. A
ValidationError is shown under its field (or at the top of the form) and the dialog stays open with that field
focused; any other error is shown in a message box (desktop.ui.widgets.form.SavesThroughRunner).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.ui.widgets.form import FieldForm, SavesThroughRunner


class RecordDialog(SavesThroughRunner, QDialog):
    def __init__(self, env, title: str, save: Callable[[dict], dict] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        if save is not None:
            self.save = save
        self.saved: dict | None = None
        self.setWindowTitle(title)
        self.setModal(True)
        self.body = QVBoxLayout(self)
        self.form = FieldForm()
        self.fields = self.form.fields
        self.error_label = self.form.general  # messages that belong to no single field, at the top of the form
        self.body.addWidget(self.form.general)
        self.body.addLayout(self.form)
        self._build_form(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.body.addWidget(self.buttons)

    def _build_form(self, form: FieldForm) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def data(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def save(self, values: dict):  # pragma: no cover - given to __init__ or overridden
        raise NotImplementedError

    def check(self, values: dict) -> tuple[str, str] | None:
        """A quick local refusal before saving: (field key, Chinese message), or None to go on."""
        return None

    def add(self, label: str, key: str, widget: QWidget) -> QWidget:
        return self.form.add(key, label, widget)

    def _on_ok(self) -> None:
        self.form.clear_errors()
        values = self.data()
        refused = self.check(values)
        if refused:
            self.form.show_error(*refused)
            return
        self.buttons.setEnabled(False)
        self._save(lambda: self.save(values))

    def _on_saved(self, row) -> None:
        self.buttons.setEnabled(True)
        super()._on_saved(row)

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        super()._on_failed(exc)
