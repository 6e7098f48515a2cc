"""回访 / 满意度测评 form: kind, unit, date, respondents, satisfied, surveyor, note."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from desktop.core.models.surveys import SURVEY_KINDS
from desktop.ui.dialogs.record import RecordDialog
from desktop.ui.widgets.ledger import OptionalDate


class SurveyDialog(RecordDialog):
    """`SurveyDialog(env, save, units=[(name, id)])`."""

    def __init__(self, env, save, *, units: list[tuple[str, str]], parent=None):
        self.units = units
        super().__init__(env, "登记回访 / 满意度测评", save, parent)

    def _build_form(self, form) -> None:
        self.kind = self.add("类型：", "kind", QComboBox())
        self.kind.addItems(SURVEY_KINDS)
        self.unit = self.add("村（社区）：", "unit_id", QComboBox())
        for name, uid in self.units:
            self.unit.addItem(name, uid)
        self.date = self.add("测评日期：", "survey_date", OptionalDate(None))
        self.date.set_today_if_empty(self.env.ctx.clock.today())
        self.respondents = self.add("受访人数：", "respondents", QSpinBox())
        self.respondents.setRange(0, 100000)
        self.respondents.setSuffix(" 人")
        self.satisfied = self.add("满意（合格）人数：", "satisfied", QSpinBox())
        self.satisfied.setRange(0, 100000)
        self.satisfied.setSuffix(" 人")
        self.surveyor = self.add("测评人：", "surveyor", QLineEdit(self.env.ctx.user_name))
        self.note = self.add("备注：", "note", QLineEdit())

    def data(self) -> dict:
        return {"kind": self.kind.currentText(), "unit_id": self.unit.currentData(), "survey_date": self.date.iso(),
                "respondents": self.respondents.value(), "satisfied": self.satisfied.value(),
                "surveyor": self.surveyor.text(), "note": self.note.text()}
