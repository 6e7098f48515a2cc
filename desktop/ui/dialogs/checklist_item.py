"""Add or edit a checklist item (editing saves a new version; past inspections keep the old one)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.core.models.checks import FREQUENCIES, METHODS
from desktop.core.services.checks import checklists
from desktop.ui import alerts


class ChecklistItemDialog(QDialog):
    def __init__(self, item: dict | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("修改检查事项（保存为新版本）" if item else "新增检查事项")
        self.resize(620, 520)
        item = item or {}
        form = QFormLayout()
        self.code_edit = QLineEdit(item.get("code", ""))
        self.category_combo = QComboBox()
        self.category_combo.setEditable(True)
        self.category_combo.addItems([c.name for c in checklists.categories()])
        self.category_combo.setCurrentText(item.get("category", ""))
        self.subject_edit = QLineEdit(item.get("subject", ""))
        self.points_edit = QPlainTextEdit(item.get("check_points", ""))
        self.points_edit.setTabChangesFocus(True)
        self.points_edit.setPlaceholderText("每行一个检查要点")
        self.basis_edit = QLineEdit(item.get("basis") or "")
        self.method_combo = QComboBox()
        self.method_combo.setEditable(True)
        self.method_combo.addItems(["", *METHODS])
        self.method_combo.setCurrentText(item.get("method_hint") or "")
        self.freq_combo = QComboBox()
        self.freq_combo.setEditable(True)
        self.freq_combo.addItems(["", *FREQUENCIES])
        self.freq_combo.setCurrentText(item.get("frequency") or "")
        self.applies_edit = QLineEdit(item.get("applies_to") or "行政村、社区")
        self.weight_spin = QDoubleSpinBox()
        self.weight_spin.setRange(0, 100)
        self.weight_spin.setSpecialValueText("（默认 1）")
        self.weight_spin.setValue(item.get("weight") or 0)
        self.type_edit = QLineEdit(item.get("problem_type") or "")
        self.type_edit.setPlaceholderText("不符合时建议的问题类型，如：白条入账")
        for label, w in (("编号", self.code_edit), ("类别", self.category_combo), ("监督内容", self.subject_edit),
                         ("检查要点", self.points_edit), ("依据", self.basis_edit), ("检查方式", self.method_combo),
                         ("频次", self.freq_combo), ("适用对象", self.applies_edit), ("权重", self.weight_spin),
                         ("建议问题类型", self.type_edit)):
            form.addRow(label, w)
        v = QVBoxLayout(self)
        v.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)

    def data(self) -> dict:
        return {
            "code": self.code_edit.text().strip(), "category": self.category_combo.currentText().strip(),
            "subject": self.subject_edit.text().strip(), "check_points": self.points_edit.toPlainText(),
            "basis": self.basis_edit.text(), "method_hint": self.method_combo.currentText(),
            "frequency": self.freq_combo.currentText(), "applies_to": self.applies_edit.text(),
            "weight": self.weight_spin.value() or None, "problem_type": self.type_edit.text(),
        }

    def accept(self) -> None:
        d = self.data()
        for key, label in (("code", "编号"), ("category", "类别"), ("subject", "监督内容")):
            if not d[key]:
                alerts.warn(self, f"请填写{label}。")
                return
        super().accept()
