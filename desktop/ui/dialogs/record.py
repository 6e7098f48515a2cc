"""Base of the record forms (监督事项, 谈话记录, 问题 …): a form layout, OK/Cancel, and saving through the runner.

A subclass builds its fields in `_build_form(form)`, registers each under its service field name in
`self.fields` (so a ValidationError can focus the wrong field) and returns the values from `data()`.
OK runs `save(data)` through env.runner; on success the dialog closes with the saved row in `self.saved`,
on a QingfengError the Chinese message is shown and the dialog stays open with the offending field focused.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui import alerts


class RecordDialog(QDialog):
    def __init__(self, env, title: str, save: Callable[[dict], dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.env = env
        self.save = save
        self.saved: dict | None = None
        self.fields: dict[str, QWidget] = {}
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self._build_form(self.form)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color:#b00020")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _build_form(self, form: QFormLayout) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def data(self) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def add(self, label: str, key: str, widget: QWidget) -> QWidget:
        self.form.addRow(label, widget)
        self.fields[key] = widget
        return widget

    def _on_ok(self) -> None:
        values = self.data()
        self.buttons.setEnabled(False)
        self.env.runner.run(lambda: self.save(values), on_done=self._on_saved, on_error=self._on_failed, parent=self)

    def _on_saved(self, row) -> None:
        self.buttons.setEnabled(True)
        self.saved = row
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        from desktop.core.errors import QingfengError

        if isinstance(exc, QingfengError):
            self.error_label.setText(str(exc))
            self.error_label.show()
            widget = self.fields.get(getattr(exc, "field", ""))
            if widget is not None:
                widget.setFocus()
        alerts.show_error(self, exc)
