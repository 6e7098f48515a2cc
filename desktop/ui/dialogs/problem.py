"""登记问题 / 修改问题 form (DOMAIN §3.1 Problem), with the 五见两清 hint on the description."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.core.models.problems import HANDLINGS, SEVERITIES, SOURCES
from desktop.ui.dialogs.problem_action import DeadlineField
from desktop.ui.dialogs.record import RecordDialog
from desktop.ui.widgets.ledger import OptionalDate

WUJIAN_HINT = ("按“五见两清”写清：见人、见事、见时间、见地点、见数额；问题性质清、责任清。\n"
               "例：2026年10月12日检查发现，青石村第三季度报账凭证中有白条3张，合计1200元，经手人为报账员张某。")


def _combo(items, current=None, *, editable=False, none_label: str | None = None) -> QComboBox:
    c = QComboBox()
    c.setEditable(editable)
    if none_label is not None:
        c.addItem(none_label, None)
    for item in items:
        label, value = item if isinstance(item, tuple) else (item, item)
        c.addItem(label, value)
    if current is not None:
        idx = c.findData(current)
        if idx >= 0:
            c.setCurrentIndex(idx)
        elif editable:
            c.setEditText(str(current))
    if editable:
        c.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        c.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return c


def _row(*widgets) -> QWidget:
    box = QWidget()
    lay = QHBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        lay.addWidget(w) if isinstance(w, QWidget) else lay.addWidget(QLabel(w))
    return box


class ProblemDialog(RecordDialog):
    """`ProblemDialog(env, save, choices={units, matters, categories, types}, problem=None)`; data() → values
    for problems.create_problem / update_problem."""

    def __init__(self, env, save, *, choices: dict, problem: dict | None = None, people_of=None, parent=None):
        self.problem = problem or {}
        self.choices = choices
        self.people_of = people_of or (lambda unit_id: [])
        super().__init__(env, f"修改问题 {problem['no']}" if problem else "登记问题", save, parent)
        self.resize(680, self.sizeHint().height())

    def _build_form(self, form) -> None:
        p = self.problem
        self.unit = self.add("所属村（单位）：", "unit_id", _combo(
            [(u["name"], u["id"]) for u in self.choices["units"]], p.get("unit_id"), none_label="（请选择）"))
        self.matter = self.add("监督事项：", "matter_id", _combo(
            [(m["title"], m["id"]) for m in self.choices["matters"]], p.get("matter_id"), none_label="（不关联）"))
        self.found = OptionalDate(p.get("found_date"))
        self.found.set_today_if_empty(self.env.ctx.clock.today())
        self.source = _combo(SOURCES, p.get("source") or "自主")
        self.handling = _combo(HANDLINGS, p.get("handling") or "限期整改")
        self.severity = _combo(SEVERITIES, p.get("severity") or "一般")
        form.addRow("发现日期：", _row(self.found, "来源", self.source, "处置", self.handling, "程度", self.severity))
        self.fields.update(found_date=self.found, source=self.source, handling=self.handling, severity=self.severity)
        self.category = _combo(self.choices["categories"], p.get("category"), none_label="（请选择）")
        self.ptype = _combo([(f"{n}（{g}）" if g else n, n) for g, n in self.choices["types"]], p.get("problem_type"),
                            editable=True, none_label="")
        form.addRow("问题类别：", _row(self.category, "问题类型", self.ptype))
        self.fields.update(category=self.category, problem_type=self.ptype)
        self.description = self.add("问题描述：", "description", QPlainTextEdit(p.get("description") or ""))
        self.description.setPlaceholderText(WUJIAN_HINT)
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(110)
        hint = QLabel("“五见两清”：见人、见事、见时间、见地点、见数额；问题性质清、责任清。")
        hint.setStyleSheet("color:#8a6d00")
        form.addRow("", hint)
        self.people = self.add("责任人：", "people", QLineEdit(p.get("people_names") or ""))
        self.people.setPlaceholderText("姓名，多人用“、”分隔")
        self.basis = self.add("违反规定：", "basis_violated", QLineEdit(p.get("basis_violated") or ""))
        self.amount = self.add("涉及金额（元）：", "amount_involved", QDoubleSpinBox())
        self.amount.setRange(0, 1e10)
        self.amount.setDecimals(2)
        self.amount.setSpecialValueText("—")
        self.amount.setValue(p.get("amount_involved") or 0)
        self.requirement = self.add("整改要求：", "requirement", QPlainTextEdit(p.get("requirement") or ""))
        self.requirement.setTabChangesFocus(True)
        self.requirement.setFixedHeight(56)
        if not p:
            self.deadline = self.add("整改时限：", "deadline", DeadlineField())
        self.note = self.add("备注：", "note", QLineEdit(p.get("note") or ""))
        self.unit.currentIndexChanged.connect(lambda _i: self._people_completer())
        self._people_completer()

    def _people_completer(self) -> None:
        names = [x["name"] for x in self.people_of(self.unit.currentData())]
        completer = QCompleter(names, self.people)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.people.setCompleter(completer)

    def choose_unit(self, name: str) -> None:
        self.unit.setCurrentIndex(self.unit.findText(name))

    def data(self) -> dict:
        ptype = self.ptype.currentData() if self.ptype.currentText() == self.ptype.itemText(self.ptype.currentIndex()) \
            else self.ptype.currentText()
        names = [n.strip() for n in self.people.text().replace(",", "、").replace("，", "、").split("、") if n.strip()]
        values = {
            "unit_id": self.unit.currentData(), "matter_id": self.matter.currentData(), "found_date": self.found.iso(),
            "source": self.source.currentText(), "handling": self.handling.currentText(),
            "severity": self.severity.currentText(), "category": self.category.currentData(),
            "problem_type": ptype or None, "description": self.description.toPlainText(),
            "people": names, "basis_violated": self.basis.text(), "amount_involved": self.amount.value() or None,
            "requirement": self.requirement.toPlainText(), "note": self.note.text(),
        }
        if not self.problem:
            values.update(self.deadline.payload())
        return values
