"""批量制发: one reminder letter per selected unit (e.g. a pre-holiday 廉洁提醒函 to every village)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from desktop.core.models.registry import VILLAGE_TYPES
from desktop.core.services import doc_kinds, units


@dataclass
class BatchData:
    kind: str
    unit_ids: list[str]
    fields: dict
    sign: bool


class BatchDialog(QDialog):
    def __init__(self, env, *, kind: str = "廉洁提醒函", parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("批量制发提醒函")
        self.kind = QComboBox()
        self.kind.addItems(list(doc_kinds.REMINDER_KINDS))
        self.kind.setCurrentText(kind)
        self.units = QListWidget()
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("事由，如“2027年元旦、春节将至”")
        self.reason.setMaximumHeight(70)
        self.signer = QLineEdit()
        self.sign = QCheckBox("直接签发（逐份编文号）")
        self.sign.setChecked(True)
        self.count = QLabel()
        self._build()
        self._fill_units()

    def _build(self) -> None:
        pick = QHBoxLayout()
        for text, slot in (("全选", self._on_all), ("只选村（社区）", self._on_villages), ("全不选", self._on_none)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            pick.addWidget(b)
        pick.addStretch(1)
        pick.addWidget(self.count)
        form = QFormLayout()
        form.addRow("文种：", self.kind)
        form.addRow("事由：", self.reason)
        form.addRow("签发人：", self.signer)
        form.addRow("", self.sign)
        box = QDialogButtonBox()
        self.ok = box.addButton("开始制发", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("发给哪些单位（每个单位一份）："))
        layout.addLayout(pick)
        layout.addWidget(self.units, 1)
        layout.addLayout(form)
        layout.addWidget(box)
        self.units.itemChanged.connect(self._update_count)
        self.resize(560, 600)

    def _fill_units(self) -> None:
        self.units.blockSignals(True)
        for u in units.list_units(self.env.ctx, active_only=True):
            if u["type"] == "村民小组":
                continue
            item = QListWidgetItem(f"{u['name']}（{u['type']}）")
            item.setData(Qt.ItemDataRole.UserRole, u["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, u["type"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            village = u["type"] in VILLAGE_TYPES
            item.setCheckState(Qt.CheckState.Checked if village else Qt.CheckState.Unchecked)
            self.units.addItem(item)
        self.units.blockSignals(False)
        self._update_count()

    def _items(self):
        return [self.units.item(i) for i in range(self.units.count())]

    def _set(self, pred) -> None:
        self.units.blockSignals(True)
        for it in self._items():
            it.setCheckState(Qt.CheckState.Checked if pred(it) else Qt.CheckState.Unchecked)
        self.units.blockSignals(False)
        self._update_count()

    @Slot()
    def _on_all(self) -> None:
        self._set(lambda it: True)

    @Slot()
    def _on_none(self) -> None:
        self._set(lambda it: False)

    @Slot()
    def _on_villages(self) -> None:
        self._set(lambda it: it.data(Qt.ItemDataRole.UserRole + 1) in VILLAGE_TYPES)

    @Slot()
    def _update_count(self) -> None:
        n = len(self.unit_ids())
        self.count.setText(f"已选 {n} 个单位")
        if hasattr(self, "ok"):
            self.ok.setEnabled(n > 0)

    def unit_ids(self) -> list[str]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in self._items() if it.checkState() == Qt.CheckState.Checked]

    def data(self) -> BatchData:
        fields = {"reason": self.reason.toPlainText().strip()}
        if self.signer.text().strip():
            fields["signer"] = self.signer.text().strip()
        return BatchData(kind=self.kind.currentText(), unit_ids=self.unit_ids(), fields=fields,
                         sign=self.sign.isChecked())
