"""谈话记录 form: kind, person, date, place, talker, recorder, reason, summary, 表态, follow-up, linked problem,
approval (诫勉 needs an approver)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop.core.models.talks import NEEDS_APPROVAL, TALK_KINDS
from desktop.ui.dialogs.record import RecordDialog
from desktop.ui.widgets.ledger import OptionalDate


def person_label(p: dict) -> str:
    extra = "·".join(x for x in (p.get("unit_name"), p.get("position")) if x)
    return f"{p['name']}（{extra}）" if extra else p["name"]


def _text_edit(value: str | None, height: int = 60) -> QPlainTextEdit:
    edit = QPlainTextEdit(value or "")
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class TalkDialog(RecordDialog):
    """`TalkDialog(env, save, people=[...], problems_of=fn(unit_id) → [(label, id)], talk=None)`."""

    def __init__(self, env, save, *, people: list[dict], problems_of: Callable[[str | None], list], talk=None,
                 parent=None):
        self.talk = talk or {}
        self.people = people
        self.problems_of = problems_of
        super().__init__(env, "编辑谈话记录" if talk else "新增谈话记录", save, parent)
        self.resize(600, self.sizeHint().height())

    def _build_form(self, form) -> None:
        t = self.talk
        self.kind = self.add("谈话类型：", "kind", QComboBox())
        self.kind.addItems(TALK_KINDS)
        self.kind.setCurrentText(t.get("kind") or "谈话提醒")
        self.person = self.add("谈话对象：", "person_id", self._person_combo())
        self.date = self.add("谈话日期：", "talk_date", OptionalDate(t.get("talk_date")))
        if not t:
            self.date.set_today_if_empty(self.env.ctx.clock.today())
        self.place = self.add("地点：", "place", QLineEdit(t.get("place") or "镇纪委谈话室"))
        self.talker = self.add("谈话人：", "talker", QLineEdit(t.get("talker") or self.env.ctx.user_name))
        self.recorder = self.add("记录人：", "recorder", QLineEdit(t.get("recorder") or ""))
        self.reason = self.add("事由：", "reason", _text_edit(t.get("reason"), 48))
        self.summary = self.add("谈话内容：", "summary", _text_edit(t.get("summary"), 80))
        self.response = self.add("本人表态：", "response", _text_edit(t.get("response"), 48))
        self.follow_up = self.add("后续情况：", "follow_up", _text_edit(t.get("follow_up"), 48))
        self.problem = self.add("关联问题：", "problem_id", QComboBox())
        self._build_approval(form)
        self.form_label = QLabel("第一种形态（谈话提醒、约谈、批评教育、诫勉等均计入）")
        self.form_label.setStyleSheet("color:#555")
        form.addRow("形态：", self.form_label)
        self.person.currentIndexChanged.connect(lambda _i: self._fill_problems())
        self.kind.currentTextChanged.connect(lambda _t: self._update_approval())
        self._fill_problems()
        self._update_approval()

    def _person_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.addItem("", None)
        for p in self.people:
            combo.addItem(person_label(p), p["id"])
        completer = combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        idx = combo.findData(self.talk.get("person_id")) if self.talk else 0
        combo.setCurrentIndex(max(idx, 0))
        combo.lineEdit().setPlaceholderText("输入姓名或村名筛选")
        return combo

    def _build_approval(self, form) -> None:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.approver = QLineEdit(self.talk.get("approver") or "")
        self.approver.setPlaceholderText("如：镇党委书记 赵德华")
        self.approval_date = OptionalDate(self.talk.get("approval_date"))
        row.addWidget(self.approver, 2)
        row.addWidget(QLabel("审批日期："))
        row.addWidget(self.approval_date, 1)
        form.addRow("审批人：", box)
        self.fields.update(approver=self.approver, approval_date=self.approval_date)

    def _update_approval(self) -> None:
        needed = self.kind.currentText() in NEEDS_APPROVAL
        self.approver.setPlaceholderText("诫勉须填写审批人" if needed else "如：镇党委书记 赵德华（可空）")

    def person_id(self) -> str | None:
        idx = self.person.findText(self.person.currentText())
        return self.person.itemData(idx) if idx >= 0 else None

    def _fill_problems(self) -> None:
        pid = self.person_id()
        unit_id = next((p.get("unit_id") for p in self.people if p["id"] == pid), None)
        current = self.problem.currentData() or self.talk.get("problem_id")
        self.problem.clear()
        self.problem.addItem("（不关联问题）", None)
        for label, problem_id in self.problems_of(unit_id):
            self.problem.addItem(label, problem_id)
        self.problem.setCurrentIndex(max(self.problem.findData(current), 0) if current else 0)

    def choose_person(self, name: str) -> None:
        idx = next(i for i in range(self.person.count()) if self.person.itemText(i).startswith(name))
        self.person.setCurrentIndex(idx)

    def data(self) -> dict:
        return {
            "kind": self.kind.currentText(), "person_id": self.person_id(), "talk_date": self.date.iso(),
            "place": self.place.text(), "talker": self.talker.text(), "recorder": self.recorder.text(),
            "reason": self.reason.toPlainText(), "summary": self.summary.toPlainText(),
            "response": self.response.toPlainText(), "follow_up": self.follow_up.toPlainText(),
            "problem_id": self.problem.currentData(), "approver": self.approver.text(),
            "approval_date": self.approval_date.iso(),
        }
