"""Add or edit a checklist item (editing saves a new version; past inspections keep the old one)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLineEdit, QPlainTextEdit

from desktop.core.models.checks import FREQUENCIES, METHODS
from desktop.core.services.checks import checklists
from desktop.ui.dialogs.record import RecordDialog

REQUIRED = (("code", "编号"), ("category", "类别"), ("subject", "监督内容"))


class ChecklistItemDialog(RecordDialog):
    """`ChecklistItemDialog(env, save, item=None)`: `save(values)` adds or updates the item through the service;
    the dialog stays open with the message under the field until it succeeds."""

    def __init__(self, env, save: Callable[[dict], dict], item: dict | None = None, parent=None):
        self.item = item or {}
        super().__init__(env, "修改检查事项（保存为新版本）" if item else "新增检查事项", save, parent)
        self.resize(620, 520)

    def _build_form(self, form) -> None:
        item = self.item
        self.code_edit = self.add("编号", "code", QLineEdit(item.get("code", "")))
        self.category_combo = self.add("类别", "category", QComboBox())
        self.category_combo.setEditable(True)
        self.category_combo.addItems([c.name for c in checklists.categories()])
        self.category_combo.setCurrentText(item.get("category", ""))
        self.subject_edit = self.add("监督内容", "subject", QLineEdit(item.get("subject", "")))
        self.points_edit = self.add("检查要点", "check_points", QPlainTextEdit(item.get("check_points", "")))
        self.points_edit.setTabChangesFocus(True)
        self.points_edit.setPlaceholderText("每行一个检查要点")
        self.basis_edit = self.add("依据", "basis", QLineEdit(item.get("basis") or ""))
        self.method_combo = self.add("检查方式", "method_hint", QComboBox())
        self.method_combo.setEditable(True)
        self.method_combo.addItems(["", *METHODS])
        self.method_combo.setCurrentText(item.get("method_hint") or "")
        self.freq_combo = self.add("频次", "frequency", QComboBox())
        self.freq_combo.setEditable(True)
        self.freq_combo.addItems(["", *FREQUENCIES])
        self.freq_combo.setCurrentText(item.get("frequency") or "")
        self.applies_edit = self.add("适用对象", "applies_to", QLineEdit(item.get("applies_to") or "行政村、社区"))
        self.weight_spin = self.add("权重", "weight", QDoubleSpinBox())
        self.weight_spin.setRange(0, 100)
        self.weight_spin.setSpecialValueText("（默认 1）")
        self.weight_spin.setValue(item.get("weight") or 0)
        self.type_edit = self.add("建议问题类型", "problem_type", QLineEdit(item.get("problem_type") or ""))
        self.type_edit.setPlaceholderText("不符合时建议的问题类型，如：白条入账")

    def data(self) -> dict:
        return {
            "code": self.code_edit.text().strip(), "category": self.category_combo.currentText().strip(),
            "subject": self.subject_edit.text().strip(), "check_points": self.points_edit.toPlainText(),
            "basis": self.basis_edit.text(), "method_hint": self.method_combo.currentText(),
            "frequency": self.freq_combo.currentText(), "applies_to": self.applies_edit.text(),
            "weight": self.weight_spin.value() or None, "problem_type": self.type_edit.text(),
        }

    def check(self, values: dict):
        missing = next(((key, label) for key, label in REQUIRED if not values[key]), None)
        return (missing[0], f"请填写{missing[1]}。") if missing else None
