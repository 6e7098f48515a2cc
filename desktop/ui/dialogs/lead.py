"""问题线索 forms: 登记线索 (LeadDialog) and 处置 (DisposeDialog)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit

from desktop.core.models.cases import LEAD_SOURCES, REPORTER_KINDS, RESULTS, ROUTES, TOPICS
from desktop.ui.dialogs.record import RecordDialog
from desktop.ui.widgets.case_subjects import SubjectsEditor
from desktop.ui.widgets.ledger import OptionalDate


def _text_edit(height: int = 60) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def _combo(items, current: str | None = None, blank: str | None = None) -> QComboBox:
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, None)
    for x in items:
        combo.addItem(x, x)
    if current:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


class LeadDialog(RecordDialog):
    """`LeadDialog(env, save, people=[...])`: save(values) registers the lead."""

    def __init__(self, env, save, *, people: list[dict], lead=None, parent=None):
        self.people = people
        self.lead = lead  # a LeadDetail when correcting a registration (the reporter is not edited then)
        super().__init__(env, "更正问题线索" if lead else "登记问题线索", save, parent)
        self.resize(640, self.sizeHint().height())

    def _build_form(self, form) -> None:
        self.received = self.add("受理日期：", "received_date", OptionalDate(None))
        self.received.set_today_if_empty(self.env.ctx.clock.today())
        self.source = self.add("线索来源：", "source", _combo(LEAD_SOURCES))
        self.reporter_kind = self.add("反映人：", "reporter", _combo(REPORTER_KINDS, "匿名"))
        self.reporter_name = QLineEdit()
        self.reporter_name.setPlaceholderText("实名反映人姓名（严格保密，不进入任何文书和导出）")
        self.reporter_contact = QLineEdit()
        self.reporter_contact.setPlaceholderText("联系方式（可空）")
        form.addRow("反映人姓名：", self.reporter_name)
        form.addRow("联系方式：", self.reporter_contact)
        self.subjects = self.add("被反映人：", "subjects", SubjectsEditor(self.people))
        self.summary = self.add("反映问题摘要：", "summary", _text_edit(80))
        self.category = self.add("问题类别：", "category", QLineEdit())
        self.category.setPlaceholderText("如：惠民资金 / 优亲厚友")
        self.topic = self.add("专题：", "topic", _combo(TOPICS, blank="（不属于专题）"))
        self.reporter_kind.currentTextChanged.connect(self._on_kind)
        self._on_kind(self.reporter_kind.currentText())
        if self.lead:
            self._fill(self.lead)

    def _fill(self, d) -> None:
        self.received.set_iso(d.received_date)
        self.source.setCurrentIndex(max(self.source.findData(d.source), 0))
        self.summary.setPlainText(d.summary)
        self.category.setText(d.category or "")
        self.topic.setCurrentIndex(max(self.topic.findData(d.topic), 0))
        for p in d.subjects:
            keep = ("person_id", "rank") if p["person_id"] else ("name", "unit_name", "position", "rank")
            self.subjects._append({k: p[k] for k in keep})
        self.reporter_kind.setCurrentIndex(max(self.reporter_kind.findData(d.reporter_kind), 0))
        self.reporter_name.setPlaceholderText("（保密，不在此显示或修改）")
        for w in (self.reporter_kind, self.reporter_name, self.reporter_contact):
            w.setEnabled(False)
        self.reporter_kind.setToolTip("反映人信息登记后不在此修改")

    def _on_kind(self, kind: str) -> None:
        for w in (self.reporter_name, self.reporter_contact):
            w.setEnabled(kind == "实名")

    def data(self) -> dict:
        if self.lead:
            return {"received_date": self.received.iso(), "source": self.source.currentData(),
                    "subjects": self.subjects.items(), "summary": self.summary.toPlainText(),
                    "category": self.category.text(), "topic": self.topic.currentData()}
        return {"received_date": self.received.iso(), "source": self.source.currentData(),
                "reporter": {"kind": self.reporter_kind.currentData(), "name": self.reporter_name.text(),
                             "contact": self.reporter_contact.text()},
                "subjects": self.subjects.items(), "summary": self.summary.toPlainText(),
                "category": self.category.text(), "topic": self.topic.currentData()}


class DisposeDialog(RecordDialog):
    """`DisposeDialog(env, save, lead=LeadDetail)`: route, 集体排查 (date, participants, approver), due date,
    result, documents; 立案 also asks for the 立案决定."""

    def __init__(self, env, save, *, lead, parent=None):
        self.lead = lead
        super().__init__(env, f"处置问题线索 {lead.no}", save, parent)
        self.resize(560, self.sizeHint().height())

    def _build_form(self, form) -> None:
        form.addRow("当前状态：", QLabel(f"{self.lead.status}（受理 {self.lead.received_date}）"))
        self.route = self.add("处置方式：", "route", _combo(ROUTES))
        self.decision = self.add("集体排查日期：", "decision_date", OptionalDate(None))
        self.decision.set_today_if_empty(self.env.ctx.clock.today())
        self.participants = self.add("参加人员：", "participants", QLineEdit())
        self.participants.setPlaceholderText("如：王晓燕、李明、周强")
        self.approver = self.add("审批人：", "approver", QLineEdit(self.env.ctx.user_name))
        self.due = self.add("办理期限：", "due_date", OptionalDate(None))
        self.due.setToolTip("不填则按设置自动计算（函询 15 个工作日、初核 3 个月……）")
        self.result = self.add("核实结果：", "result", _combo(RESULTS, blank="（未出结果）"))
        self.clarified = self.add("澄清正名：", "clarified", QCheckBox("反映不属实，已为被反映人澄清正名"))
        self.documents = self.add("形成的文书：", "documents", QLineEdit())
        self.forwarded = self.add("移送单位：", "forwarded_to", QLineEdit())
        self.open_decision = self.add("立案决定：", "open_decision", QLineEdit())
        self.open_decision.setPlaceholderText("立案时填写，如：清纪立〔2026〕3号")

    def data(self) -> dict:
        return {"route": self.route.currentData(), "decision_date": self.decision.iso(),
                "participants": self.participants.text(), "approver": self.approver.text(),
                "due_date": self.due.iso(), "result": self.result.currentData(),
                "clarified": self.clarified.isChecked(), "documents": self.documents.text(),
                "forwarded_to": self.forwarded.text(), "open_decision": self.open_decision.text()}
