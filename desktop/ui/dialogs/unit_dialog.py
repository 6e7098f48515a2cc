"""Add or edit a unit (村/社区/村民小组/站所/集体经济组织). Validation messages appear under the field."""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.core.services.registry.units import UNIT_TYPES
from desktop.ui.widgets.form import FieldForm, SavesThroughRunner

NEEDS_PARENT = ("村民小组", "村集体经济组织")


class UnitDialog(SavesThroughRunner, QDialog):
    """`UnitDialog(env, unit=None)`; on OK it saves through the services and stays open on errors.

    After `exec()` returns Accepted, `saved` holds the stored row.
    """

    def __init__(self, env, unit: dict | None = None, parent=None):
        super().__init__(parent)
        self.env, self.unit, self.saved = env, unit, None
        self.setWindowTitle("修改单位" if unit else "新增单位")
        self.setMinimumWidth(460)
        self._build()
        self._load(unit or {"type": "行政村", "active": True})

    def _build(self) -> None:
        self.form = FieldForm()
        self.name = self.form.add("name", "单位名称 *", QLineEdit())
        self.short_name = self.form.add("short_name", "简称", QLineEdit())
        self.type = self.form.add("type", "类型 *", QComboBox())
        self.type.addItems(UNIT_TYPES)
        self.parent_box = self.form.add("parent_id", "上级村（社区）", QComboBox())
        self.admin_code = self.form.add("admin_code", "区划代码", QLineEdit())
        self.admin_code.setPlaceholderText("12 位统计用区划代码，可不填")
        self.population = self.form.add("population", "人口", QLineEdit())
        self.households = self.form.add("households", "户数", QLineEdit())
        for w in (self.population, self.households):
            w.setValidator(QIntValidator(0, 10_000_000, w))
        flags = QHBoxLayout()
        self.is_key = QCheckBox("重点村")
        self.active = QCheckBox("在用")
        flags.addWidget(self.is_key)
        flags.addWidget(self.active)
        flags.addStretch(1)
        self.form.addRow("标记", flags)
        self.note = self.form.add("note", "备注", QPlainTextEdit())
        self.note.setFixedHeight(60)
        self.note.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form.general)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)
        self.type.currentTextChanged.connect(self._on_type)

    def _load(self, u: dict) -> None:
        from desktop.core.services.registry import units

        self.parent_box.addItem("（无）", None)
        for v in units.villages(self.env.ctx, active_only=False):
            if not self.unit or v["id"] != self.unit["id"]:
                self.parent_box.addItem(v["name"], v["id"])
        self.name.setText(u.get("name") or "")
        self.short_name.setText(u.get("short_name") or "")
        self.type.setCurrentText(u.get("type") or "行政村")
        self.parent_box.setCurrentIndex(max(self.parent_box.findData(u.get("parent_id")), 0))
        self.admin_code.setText(u.get("admin_code") or "")
        self.population.setText("" if u.get("population") is None else str(u["population"]))
        self.households.setText("" if u.get("households") is None else str(u["households"]))
        self.is_key.setChecked(bool(u.get("is_key_village")))
        self.active.setChecked(bool(u.get("active", True)))
        self.note.setPlainText(u.get("note") or "")
        self._on_type(self.type.currentText())

    def _on_type(self, kind: str) -> None:
        self.parent_box.setEnabled(kind in NEEDS_PARENT)
        self.is_key.setEnabled(kind in ("行政村", "社区"))

    def data(self) -> dict:
        """The form's values as the units service takes them."""
        kind = self.type.currentText()
        return {
            "name": self.name.text().strip(),
            "short_name": self.short_name.text().strip() or None,
            "type": kind,
            "parent_id": self.parent_box.currentData() if kind in NEEDS_PARENT else None,
            "admin_code": self.admin_code.text().strip() or None,
            "population": self.population.text() or None,
            "households": self.households.text() or None,
            "is_key_village": self.is_key.isChecked() and kind in ("行政村", "社区"),
            "active": self.active.isChecked(),
            "note": self.note.toPlainText().strip() or None,
        }

    def _on_ok(self) -> None:
        from desktop.core.services.registry import units

        self.form.clear_errors()
        values, ctx = self.data(), self.env.ctx
        if not values["name"]:
            self.form.show_error("name", "请填写单位名称。")
            return
        if self.unit:
            job = lambda: units.update(ctx, self.unit["id"], values)  # noqa: E731
        else:
            job = lambda: units.create(ctx, values)  # noqa: E731
        self._save(job)


