"""监督事项 form: title, source, category, 文号, target units, lead, planned period, status, focus, method, summary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models.matters import MATTER_CATEGORIES, MATTER_METHODS, MATTER_SOURCES, MATTER_STATUSES
from desktop.ui.dialogs.record import RecordDialog
from desktop.ui.widgets.ledger import OptionalDate


def _combo(items, current=None) -> QComboBox:
    c = QComboBox()
    c.addItems(list(items))
    if current:
        c.setCurrentText(current)
    return c


def _text_edit(value: str | None, height: int = 56) -> QPlainTextEdit:
    edit = QPlainTextEdit(value or "")
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class MatterDialog(RecordDialog):
    """`MatterDialog(env, save, units=[...], users=[...], matter=None)`; data() → values for matters.create."""

    def __init__(self, env, save, *, units: list[dict], users: list[dict], matter: dict | None = None, parent=None):
        self.matter = matter or {}
        self.units = units
        self.users = users
        super().__init__(env, "编辑监督事项" if matter else "新增监督事项", save, parent)
        self.resize(640, self.sizeHint().height())

    def _build_form(self, form) -> None:
        m = self.matter
        self.title_edit = self.add("监督事项：", "title", QLineEdit(m.get("title") or ""))
        self.title_edit.setPlaceholderText("如：村级财务“白条入账”专项整治")
        row = QHBoxLayout()
        self.source = _combo(MATTER_SOURCES, m.get("source"))
        self.category = _combo(MATTER_CATEGORIES, m.get("category") or "日常")
        self.status = _combo(MATTER_STATUSES, m.get("status"))
        for w in (self.source, self.category, self.status):
            row.addWidget(w)
        box = QWidget()
        box.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow("来源 / 类别 / 状态：", box)
        self.fields.update(source=self.source, category=self.category, status=self.status)
        self.basis = self.add("依据文件（文号）：", "basis_doc", QLineEdit(m.get("basis_doc") or ""))
        self.source_ref = self.add("上级任务编号：", "source_ref", QLineEdit(m.get("source_ref") or ""))
        self.source_ref.setPlaceholderText("派单时填写区纪委的任务编号（可空）")
        self.lead = self.add("责任人（纪委）：", "lead_name", QComboBox())
        self.lead.setEditable(True)
        self.lead.addItems([u["display_name"] for u in self.users])
        self.lead.setCurrentText(m.get("lead_name") or (self.users[0]["display_name"] if self.users else ""))
        self._build_period(form)
        self._build_units(form)
        self.focus = self.add("监督重点：", "focus", _text_edit(m.get("focus")))
        self._build_methods(form)
        self.summary = self.add("开展情况：", "summary", _text_edit(m.get("summary")))
        self.note = self.add("备注：", "note", QLineEdit(m.get("note") or ""))

    def _build_period(self, form) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.plan_start = OptionalDate(self.matter.get("plan_start"))
        self.plan_due = OptionalDate(self.matter.get("plan_due"))
        if not self.matter:
            self.plan_start.set_today_if_empty(self.env.ctx.clock.today())
        for w in (self.plan_start, self.plan_due):
            w.setMinimumWidth(130)
        from PySide6.QtWidgets import QLabel

        row.addWidget(self.plan_start)
        row.addWidget(QLabel("至"))
        row.addWidget(self.plan_due)
        row.addStretch(1)
        box = QWidget()
        box.setLayout(row)
        form.addRow("计划时限：", box)
        self.fields.update(plan_start=self.plan_start, plan_due=self.plan_due)

    def _build_units(self, form) -> None:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.unit_list = QListWidget()
        self.unit_list.setFixedHeight(130)
        chosen = set(self.matter.get("unit_ids") or [])
        for u in self.units:
            item = QListWidgetItem(u["name"])
            item.setData(Qt.ItemDataRole.UserRole, u["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if u["id"] in chosen else Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)
        all_btn = QPushButton("全选村（社区）")
        all_btn.clicked.connect(self._check_villages)
        lay.addWidget(self.unit_list)
        lay.addWidget(all_btn, alignment=Qt.AlignmentFlag.AlignLeft)
        form.addRow("监督对象：", box)
        self.fields["unit_ids"] = self.unit_list

    def _check_villages(self) -> None:
        villages = {u["id"] for u in self.units if u.get("type") in ("行政村", "社区")}
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in villages:
                item.setCheckState(Qt.CheckState.Checked)

    def _build_methods(self, form) -> None:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        current = set((self.matter.get("method") or "").split("、"))
        self.method_boxes = []
        for i, name in enumerate(MATTER_METHODS):
            cb = QCheckBox(name)
            cb.setChecked(name in current)
            grid.addWidget(cb, i // 4, i % 4)
            self.method_boxes.append(cb)
        form.addRow("监督方式：", box)
        self.fields["method"] = box

    def check_units(self, names: list[str]) -> None:
        for i in range(self.unit_list.count()):
            item = self.unit_list.item(i)
            if item.text() in names:
                item.setCheckState(Qt.CheckState.Checked)

    def data(self) -> dict:
        lead = self.lead.currentText().strip()
        user = next((u for u in self.users if u["display_name"] == lead), None)
        units = [self.unit_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.unit_list.count())
                 if self.unit_list.item(i).checkState() == Qt.CheckState.Checked]
        return {
            "title": self.title_edit.text(), "source": self.source.currentText(),
            "category": self.category.currentText(), "status": self.status.currentText(),
            "basis_doc": self.basis.text(), "source_ref": self.source_ref.text(),
            "lead_user_id": user["id"] if user else None, "lead_name": lead,
            "plan_start": self.plan_start.iso(), "plan_due": self.plan_due.iso(), "unit_ids": units,
            "focus": self.focus.toPlainText(), "summary": self.summary.toPlainText(), "note": self.note.text(),
            "method": "、".join(cb.text() for cb in self.method_boxes if cb.isChecked()),
        }
