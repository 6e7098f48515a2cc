"""Start a check: units, date, inspectors, methods, people contacted and the items chosen from the checklists.

Keyboard: Tab through the fields; in the lists Space ticks the current entry; in the item tree Space on a category
ticks all its items. `data()` returns the values for inspections.create_inspection.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)

from desktop.core.models.checks import METHODS
from desktop.core.models.registry import VILLAGE_TYPES
from desktop.core.services.registry import units
from desktop.ui import alerts
from desktop.ui.widgets.date_field import DateField
from desktop.ui.widgets.item_picker import ItemPicker

ITEM_ROLE = Qt.ItemDataRole.UserRole


def _checkable(text: str, data, checked: bool = False) -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    item.setData(ITEM_ROLE, data)
    return item


class NewInspectionDialog(QDialog):
    def __init__(self, env, parent=None, *, unit_id: str | None = None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("新建检查")
        self.resize(900, 620)
        self._build(unit_id)
        self.unit_list.setFocus()
        if self.unit_list.count():
            self.unit_list.setCurrentRow(0)

    def _build(self, unit_id: str | None) -> None:
        v = QVBoxLayout(self)
        h = QHBoxLayout()
        h.addLayout(self._build_head(unit_id), 2)
        h.addLayout(self._build_items(), 3)
        v.addLayout(h, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("开始检查")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        v.addWidget(self.buttons)

    def _build_head(self, unit_id: str | None) -> QFormLayout:
        form = QFormLayout()
        self.unit_list = QListWidget()
        for u in units.list_units(self.env.ctx, types=(*VILLAGE_TYPES, "村民小组", "镇直站所", "村集体经济组织"),
                                  active_only=True):
            label = u["name"] if not u.get("parent_name") else f"{u['parent_name']}／{u['name']}"
            label += "（重点村）" if u["is_key_village"] else ""
            self.unit_list.addItem(_checkable(label, u["id"], u["id"] == unit_id))
        self.date_edit = DateField(self.env.ctx.clock.today().isoformat())
        self.inspectors_edit = QLineEdit(getattr(self.env.ctx, "user_name", ""))
        self.inspectors_edit.setPlaceholderText("多人用“、”分隔")
        self.method_list = QListWidget()
        self.method_list.setMaximumHeight(120)
        for m in METHODS:
            self.method_list.addItem(_checkable(m, m, m == "查阅资料"))
        self.people_spin = QSpinBox()
        self.people_spin.setRange(0, 100000)
        self.people_spin.setSuffix(" 人次")
        self.households_spin = QSpinBox()
        self.households_spin.setRange(0, 100000)
        self.households_spin.setSuffix(" 户")
        self.contacted_edit = QLineEdit()
        self.contacted_edit.setPlaceholderText("如：走访群众 30 户")
        form.addRow("被检查单位", self.unit_list)
        form.addRow("检查日期", self.date_edit)
        form.addRow("检查人员", self.inspectors_edit)
        form.addRow("检查方式", self.method_list)
        form.addRow("走访/入户户数", self.households_spin)
        form.addRow("走访群众人次", self.people_spin)
        form.addRow("走访说明", self.contacted_edit)
        return form

    def _build_items(self) -> QVBoxLayout:
        v = QVBoxLayout()
        v.addWidget(QLabel("检查事项（空格勾选；勾选类别即选中其下全部事项）"))
        self.item_tree = ItemPicker(self.env.ctx)
        self.item_tree.picked_changed.connect(lambda n: self.items_label.setText(f"已选 {n} 项"))
        v.addWidget(self.item_tree, 1)
        self.items_label = QLabel("已选 0 项")
        v.addWidget(self.items_label)
        return v

    def item_ids(self) -> list[str]:
        return self.item_tree.item_ids()

    @staticmethod
    def _checked(lst: QListWidget) -> list:
        return [lst.item(i).data(ITEM_ROLE) for i in range(lst.count())
                if lst.item(i).checkState() == Qt.CheckState.Checked]

    def data(self) -> dict:
        return {
            "unit_ids": self._checked(self.unit_list),
            "date": self.date_edit.iso(),
            "inspectors": self.inspectors_edit.text(),
            "methods": self._checked(self.method_list),
            "people_contacted": self.people_spin.value() or None,
            "households_contacted": self.households_spin.value() or None,
            "contacted_note": self.contacted_edit.text(),
            "item_ids": self.item_ids(),
        }

    def accept(self) -> None:
        d = self.data()
        if not d["unit_ids"]:
            alerts.warn(self, "请勾选被检查的单位。")
            self.unit_list.setFocus()
            return
        if not d["item_ids"]:
            alerts.warn(self, "请至少勾选一个检查事项。")
            self.item_tree.setFocus()
            return
        super().accept()
