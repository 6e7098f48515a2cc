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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models.registry import VILLAGE_TYPES
from desktop.core.services.documents import kinds as doc_kinds
from desktop.core.services.registry import people, units

LEADER_POSTS = ("一肩挑", "村党组织书记", "村委会主任", "站所负责人")


@dataclass
class BatchData:
    kind: str
    unit_ids: list[str]
    person_ids: list[str]
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
        self.people = QListWidget()
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("节日或事由，如：2027年元旦、春节（可不填）")
        self.reason.setMaximumHeight(70)
        self.signer = QLineEdit(str(env.settings.value("documents/signer", "") or ""))
        self.sign = QCheckBox("直接签发（逐份编文号）")
        self.sign.setChecked(True)
        self.count = QLabel()
        self._build()
        self._fill_units()
        self._fill_people()

    def _build(self) -> None:
        pick = QHBoxLayout()
        for text, slot in (("全选", self._on_all), ("只选村（社区）", self._on_villages), ("全不选", self._on_none)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            pick.addWidget(b)
        pick.addStretch(1)
        pick.addWidget(self.count)
        top = QFormLayout()
        top.addRow("文种：", self.kind)
        form = QFormLayout()
        form.addRow("节日/事由：", self.reason)
        form.addRow("签发人：", self.signer)
        form.addRow("", self.sign)
        box = QDialogButtonBox()
        self.ok = box.addButton("开始制发", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        unit_page = QWidget()
        unit_layout = QVBoxLayout(unit_page)
        unit_layout.addLayout(pick)
        unit_layout.addWidget(self.units, 1)
        person_page = QWidget()
        person_layout = QVBoxLayout(person_page)
        leaders = QPushButton("只选村（站所）主要负责人")
        leaders.clicked.connect(self._on_leaders)
        person_layout.addWidget(leaders)
        person_layout.addWidget(self.people, 1)
        self.targets = QTabWidget()
        self.targets.addTab(unit_page, "单位")
        self.targets.addTab(person_page, "人员")
        layout.addWidget(QLabel("发给哪些单位、哪些同志（每个对象一份）："))
        layout.addWidget(self.targets, 1)
        layout.addLayout(form)
        layout.addWidget(box)
        self.units.itemChanged.connect(self._update_count)
        self.people.itemChanged.connect(self._update_count)
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

    def _fill_people(self) -> None:
        self.people.blockSignals(True)
        for p in people.list_people(self.env.ctx):
            if not p.get("active", True):
                continue
            item = QListWidgetItem(f"{p['name']}　{p.get('unit_name') or ''}　{p.get('position') or ''}")
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, p.get("position"))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        self.people.blockSignals(False)

    @Slot()
    def _on_leaders(self) -> None:
        self.people.blockSignals(True)
        for it in (self.people.item(i) for i in range(self.people.count())):
            lead = it.data(Qt.ItemDataRole.UserRole + 1) in LEADER_POSTS
            it.setCheckState(Qt.CheckState.Checked if lead else Qt.CheckState.Unchecked)
        self.people.blockSignals(False)
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
        units_n, people_n = len(self.unit_ids()), len(self.person_ids())
        n = units_n + people_n
        self.count.setText(f"已选 {units_n} 个单位" + (f"、{people_n} 位同志" if people_n else ""))
        if hasattr(self, "ok"):
            self.ok.setEnabled(n > 0)

    def unit_ids(self) -> list[str]:
        return [it.data(Qt.ItemDataRole.UserRole) for it in self._items() if it.checkState() == Qt.CheckState.Checked]

    def person_ids(self) -> list[str]:
        items = (self.people.item(i) for i in range(self.people.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    def data(self) -> BatchData:
        fields = {"reason": self.reason.toPlainText().strip()}
        if self.signer.text().strip():
            fields["signer"] = self.signer.text().strip()
        return BatchData(kind=self.kind.currentText(), unit_ids=self.unit_ids(), person_ids=self.person_ids(),
                         fields=fields,
                         sign=self.sign.isChecked())
