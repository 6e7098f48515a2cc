"""Add or edit a person. The ID number is never shown in full; leaving it empty keeps the stored one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
)

from desktop.core.services.registry.people import POSITIONS
from desktop.ui.dialogs.record import RecordDialog
from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.widgets.form import OptionalDateEdit

HISTORY_COLUMNS = [Column("unit_name", "单位", 140), Column("position", "职务", 110),
                   Column("start_date", "起", 90), Column("end_date", "止", 90)]


def unit_choices(ctx) -> list[tuple[str, str]]:
    """(label, id) of every unit; village groups as '青石村/第一村民小组'."""
    from desktop.core.services.registry import units

    return [(f"{u['parent_name']}/{u['name']}" if u["parent_id"] else u["name"], u["id"])
            for u in units.list_units(ctx)]


class PersonDialog(RecordDialog):
    """`PersonDialog(env, person=None, unit_id=None)`; after Accepted, `saved` holds the stored row."""

    def __init__(self, env, person: dict | None = None, parent=None, *, unit_id: str | None = None):
        self.person = person
        super().__init__(env, "修改人员" if person else "新增人员", parent=parent)
        self.setMinimumWidth(480)
        self._load(person or {"unit_id": unit_id, "active": True})

    def _build_form(self, form) -> None:
        self.name = self.add("姓名 *", "name", QLineEdit())
        self.gender = self.add("性别", "gender", QComboBox())
        self.gender.addItems(["", "男", "女"])
        self.unit = self.add("所在单位", "unit_id", QComboBox())
        self.position = self.add("职务", "position", QComboBox())
        self.position.setEditable(True)
        self.position.addItems(["", *POSITIONS])
        flags = QHBoxLayout()
        self.party = QCheckBox("中共党员")
        self.target = QCheckBox("监察对象")
        self.active = QCheckBox("在职")
        for w in (self.party, self.target, self.active):
            flags.addWidget(w)
        flags.addStretch(1)
        form.addRow("身份", flags)
        self.term_start = self.add("任期开始", "term_start", OptionalDateEdit())
        self.term_end = self.add("任期结束", "term_end", OptionalDateEdit())
        self.phone = self.add("联系电话", "phone", QLineEdit())
        self.phone.setPlaceholderText("手机 11 位，或座机如 0574-65123456")
        self.id_no = self.add("身份证号", "id_no", QLineEdit())
        self.note = self.add("备注", "note", QPlainTextEdit())
        self.note.setFixedHeight(52)
        self.note.setTabChangesFocus(True)
        self._build_history(self.body)

    def _build_history(self, lay) -> None:
        self.history_model = RowsTableModel(HISTORY_COLUMNS, self)
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history.setMaximumHeight(110)
        self.history_label = QLabel("历任岗位")
        lay.addWidget(self.history_label)
        lay.addWidget(self.history)

    def _load(self, p: dict) -> None:
        from desktop.core.services.registry import people

        self.unit.addItem("（未指定）", None)
        for label, uid in unit_choices(self.env.ctx):
            self.unit.addItem(label, uid)
        self.name.setText(p.get("name") or "")
        self.gender.setCurrentText(p.get("gender") or "")
        self.unit.setCurrentIndex(max(self.unit.findData(p.get("unit_id")), 0))
        self.position.setCurrentText(p.get("position") or "")
        self.party.setChecked(bool(p.get("party_member")))
        self.target.setChecked(bool(p.get("is_supervision_target")))
        self.active.setChecked(bool(p.get("active", True)))
        self.term_start.set_value(p.get("term_start"))
        self.term_end.set_value(p.get("term_end"))
        self.phone.setText(p.get("phone") or "")
        masked = people.mask_id(p.get("id_no")) if p.get("id_no") and "*" not in p["id_no"] else p.get("id_no")
        self.id_no.setPlaceholderText(f"已登记：{masked}（留空则不修改）" if masked else "可不填；屏幕上只显示部分号码")
        self.note.setPlainText(p.get("note") or "")
        rows = people.history(self.env.ctx, p["id"]) if p.get("id") else []
        self.history_model.set_rows(rows)
        self.history_label.setText(f"历任岗位（{len(rows)}）" if rows else "历任岗位：暂无（调整单位或职务后自动记录）")
        self.history_label.setVisible(bool(p.get("id")))
        self.history.setVisible(bool(rows))

    def data(self) -> dict:
        """The form's values as the people service takes them (no `id_no` key when left empty)."""
        values = {
            "name": self.name.text().strip(), "gender": self.gender.currentText() or None,
            "unit_id": self.unit.currentData(), "position": self.position.currentText().strip() or None,
            "party_member": self.party.isChecked(), "is_supervision_target": self.target.isChecked(),
            "active": self.active.isChecked(), "term_start": self.term_start.value(),
            "term_end": self.term_end.value(), "phone": self.phone.text().strip() or None,
            "note": self.note.toPlainText().strip() or None,
        }
        if self.id_no.text().strip():
            values["id_no"] = self.id_no.text().strip()
        return values

    def check(self, values: dict):
        return None if values["name"] else ("name", "请填写姓名。")

    def save(self, values: dict) -> dict:
        from desktop.core.services.registry import people

        if self.person:
            return people.update(self.env.ctx, self.person["id"], values)
        return people.create(self.env.ctx, values)
