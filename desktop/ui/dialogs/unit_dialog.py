"""Add or edit a unit (村/社区/村民小组/站所/集体经济组织). Validation messages appear under the field."""

from __future__ import annotations

from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit

from desktop.core.services.registry.units import UNIT_TYPES
from desktop.ui.dialogs.record import RecordDialog

NEEDS_PARENT = ("村民小组", "村集体经济组织")


class UnitDialog(RecordDialog):
    """`UnitDialog(env, unit=None)`; on OK it saves through the services and stays open on errors.

    After `exec()` returns Accepted, `saved` holds the stored row.
    """

    def __init__(self, env, unit: dict | None = None, parent=None):
        self.unit = unit
        super().__init__(env, "修改单位" if unit else "新增单位", parent=parent)
        self.setMinimumWidth(460)
        self._load(unit or {"type": "行政村", "active": True})

    def _build_form(self, form) -> None:
        self.name = self.add("单位名称 *", "name", QLineEdit())
        self.short_name = self.add("简称", "short_name", QLineEdit())
        self.type = self.add("类型 *", "type", QComboBox())
        self.type.addItems(UNIT_TYPES)
        self.parent_box = self.add("上级村（社区）", "parent_id", QComboBox())
        self.admin_code = self.add("区划代码", "admin_code", QLineEdit())
        self.admin_code.setPlaceholderText("12 位统计用区划代码，可不填")
        self.population = self.add("人口", "population", QLineEdit())
        self.households = self.add("户数", "households", QLineEdit())
        for w in (self.population, self.households):
            w.setValidator(QIntValidator(0, 10_000_000, w))
        flags = QHBoxLayout()
        self.is_key = QCheckBox("重点村")
        self.active = QCheckBox("在用")
        flags.addWidget(self.is_key)
        flags.addWidget(self.active)
        flags.addStretch(1)
        form.addRow("标记", flags)
        self.note = self.add("备注", "note", QPlainTextEdit())
        self.note.setFixedHeight(60)
        self.note.setTabChangesFocus(True)
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

    def check(self, values: dict):
        return None if values["name"] else ("name", "请填写单位名称。")

    def save(self, values: dict) -> dict:
        from desktop.core.services.registry import units

        if self.unit:
            return units.update(self.env.ctx, self.unit["id"], values)
        return units.create(self.env.ctx, values)
