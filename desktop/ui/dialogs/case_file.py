"""案件 forms: 立案 (CaseOpenDialog), one step with a date and a text (CaseStepDialog: 移送审理, 审理意见, 结案),
处理处分 / 问责 (OutcomeDialog)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from desktop.core.models.cases import DUTIES, TOPICS
from desktop.core.services.cases import four_forms
from desktop.ui.dialogs.lead import _combo, _text_edit
from desktop.ui.dialogs.record import RecordDialog
from desktop.ui.widgets.case_subjects import SubjectsEditor
from desktop.ui.widgets.ledger import OptionalDate


class CaseOpenDialog(RecordDialog):
    def __init__(self, env, save, *, people: list[dict], parent=None):
        self.people = people
        super().__init__(env, "立案", save, parent)
        self.resize(620, self.sizeHint().height())

    def _build_form(self, form) -> None:
        self.opened = self.add("立案日期：", "opened_date", OptionalDate(None))
        self.opened.set_today_if_empty(self.env.ctx.clock.today())
        self.decision = self.add("立案决定：", "open_decision", QLineEdit())
        self.decision.setPlaceholderText("如：清纪立〔2026〕3号")
        self.approver = self.add("立案审批人：", "approver", QLineEdit(self.env.ctx.user_name))
        self.subjects = self.add("审查调查对象：", "subjects", SubjectsEditor(self.people))
        self.summary = self.add("简要案情：", "summary", _text_edit(80))
        self.topic = self.add("专题：", "topic", _combo(TOPICS, blank="（不属于专题）"))
        from PySide6.QtWidgets import QCheckBox

        self.complex = self.add("案件性质：", "complex_case", QCheckBox("复杂案件（处分须报县（区）审批）"))

    def data(self) -> dict:
        return {"opened_date": self.opened.iso(), "open_decision": self.decision.text(),
                "complex_case": self.complex.isChecked(),
                "approver": self.approver.text(), "subjects": self.subjects.items(),
                "summary": self.summary.toPlainText(), "topic": self.topic.currentData()}


class CaseStepDialog(RecordDialog):
    """`CaseStepDialog(env, save, title, date_key, date_label, text_key, text_label, text_default="")`."""

    def __init__(self, env, save, *, title: str, date_key: str, date_label: str, text_key: str, text_label: str,
                 text_default: str = "", parent=None):
        self.spec = (date_key, date_label, text_key, text_label, text_default)
        super().__init__(env, title, save, parent)
        self.resize(480, self.sizeHint().height())

    def _build_form(self, form) -> None:
        date_key, date_label, text_key, text_label, default = self.spec
        self.day = self.add(f"{date_label}：", date_key, OptionalDate(None))
        self.day.set_today_if_empty(self.env.ctx.clock.today())
        self.text = self.add(f"{text_label}：", text_key, _text_edit(70))
        self.text.setPlainText(default)

    def data(self) -> dict:
        return {self.spec[0]: self.day.iso(), self.spec[2]: self.text.toPlainText()}


class OutcomeDialog(RecordDialog):
    """处理处分 for one subject of a case; with a duty it is a 问责."""

    def __init__(self, env, save, *, case, parent=None):
        self.case = case
        super().__init__(env, f"处理处分（{case.no}）", save, parent)
        self.resize(520, self.sizeHint().height())

    def _build_form(self, form) -> None:
        self.person = self.add("处理对象：", "case_person_id", QComboBox())
        for p in self.case.subjects:
            self.person.addItem(p["name"] + (f"（{p['unit_name']}）" if p.get("unit_name") else ""), p["id"])
        kinds = four_forms.families(self.env.ctx)
        self.family = self.add("处理类别：", "family", _combo(kinds))
        self.kind = self.add("种类：", "kind", QComboBox())
        self.day = self.add("处理日期：", "measure_date", OptionalDate(None))
        self.day.set_today_if_empty(self.env.ctx.clock.today())
        self.approver = self.add("批准机关：", "approving_body", _combo(four_forms.approving_bodies()))
        self.approval_date = self.add("批准日期：", "approval_date", OptionalDate(None))
        self.approval_ref = self.add("批复文号：", "approval_ref", QLineEdit())
        self.approval_ref.setPlaceholderText("县（区）审批的须填写")
        self.duty = self.add("问责：", "duty", _combo(DUTIES, blank="（不是问责）"))
        self.form_label = QLabel()
        self.form_label.setStyleSheet("color:#555")
        form.addRow("形态：", self.form_label)
        self.family.currentTextChanged.connect(self._fill_kinds)
        self.kind.currentTextChanged.connect(lambda _t: self._show_form())
        self._fill_kinds(self.family.currentText())

    def _fill_kinds(self, family: str) -> None:
        self.kind.clear()
        self.kind.addItems(four_forms.families(self.env.ctx).get(family, []))
        self._show_form()

    def _show_form(self) -> None:
        try:
            form = four_forms.form_of(self.family.currentText(), self.kind.currentText(),
                                      four_forms.table(self.env.ctx))
            self.form_label.setText(f"{four_forms.FORM_NAMES[form]}（按认定规则；移送司法机关的计入第四种形态）")
        except Exception:  # noqa: BLE001 - an incomplete choice just shows nothing
            self.form_label.setText("")

    def data(self) -> dict:
        return {"case_id": self.case.id, "case_person_id": self.person.currentData(),
                "family": self.family.currentText(), "kind": self.kind.currentText(),
                "measure_date": self.day.iso(), "approving_body": self.approver.currentText(),
                "approval_date": self.approval_date.iso(), "approval_ref": self.approval_ref.text(),
                "duty": self.duty.currentData()}


class BulletinDialog(RecordDialog):
    """通报: tick the cases (and problems) to publish, choose the topic and the wording of the title."""

    def __init__(self, env, save, *, cases: list[dict], problems: list[dict], parent=None):
        self.cases, self.problems = cases, problems
        super().__init__(env, "生成通报", save, parent)
        self.resize(640, 560)

    def _build_form(self, form) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QListWidget, QListWidgetItem

        self.topic = self.add("专题：", "topic", _combo(TOPICS, "群众身边腐败和不正之风"))
        self.subject = self.add("通报事由：", "subject", QLineEdit("侵害群众利益"))
        self.subject.setPlaceholderText("标题为“关于……典型问题的通报”")
        self.day = self.add("通报日期：", "issue_date", OptionalDate(None))
        self.day.set_today_if_empty(self.env.ctx.clock.today())
        self.list = self.add("选择案件和问题：", "case_ids", QListWidget())
        for kind, items, label in (("case", self.cases, lambda c: f"案件 {c['no']} {c['subjects_label']}：{c['summary']}"),
                                   ("problem", self.problems, lambda p: f"问题 {p['no']} {p.get('unit_name') or ''}："
                                                                       f"{p['description'][:30]}")):
            for x in items:
                entry = QListWidgetItem(label(x)[:70])
                entry.setData(Qt.ItemDataRole.UserRole, (kind, x["id"]))
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Unchecked)
                self.list.addItem(entry)

    def tick(self, row: int) -> None:
        """Tick row `row` of the case/problem list (as a user's click on its box)."""
        from PySide6.QtCore import Qt

        self.list.item(row).setCheckState(Qt.CheckState.Checked)

    def data(self) -> dict:
        from PySide6.QtCore import Qt

        chosen = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                  if self.list.item(i).checkState() == Qt.CheckState.Checked]
        return {"topic": self.topic.currentData(), "subject": self.subject.text(), "issue_date": self.day.iso(),
                "case_ids": [i for k, i in chosen if k == "case"], "problem_ids": [i for k, i in chosen if k == "problem"]}


class MoneyDialog(RecordDialog):
    """涉案资金 of a case: 追缴 / 退缴 / 挽回损失 / 上交资金, in whole 元."""

    def __init__(self, env, save, *, case, parent=None):
        self.case = case
        super().__init__(env, f"登记涉案资金（{case.no}）", save, parent)

    def _build_form(self, form) -> None:
        from desktop.core.models.cases import MONEY_KINDS

        self.kind = self.add("类型：", "kind", _combo(MONEY_KINDS))
        self.amount = self.add("金额（元）：", "amount", QLineEdit())
        self.amount.setPlaceholderText("整数，如 12800")
        self.day = self.add("到账日期：", "money_date", OptionalDate(None))
        self.day.set_today_if_empty(self.env.ctx.clock.today())
        self.payer = self.add("缴款人：", "payer", QLineEdit())

    def data(self) -> dict:
        return {"case_id": self.case.id, "kind": self.kind.currentData(), "amount": self.amount.text(),
                "money_date": self.day.iso(), "payer": self.payer.text()}


class RuleDialog(RecordDialog):
    """建章立制: a rule adopted by a unit as a result of the case."""

    def __init__(self, env, save, *, case, units: list[tuple[str, str]], parent=None):
        self.case, self.units = case, units
        super().__init__(env, f"登记建章立制（{case.no}）", save, parent)
        self.resize(480, self.sizeHint().height())

    def _build_form(self, form) -> None:
        self.title = self.add("制度名称：", "title", QLineEdit())
        self.unit = self.add("建立单位：", "unit_id", QComboBox())
        self.unit.addItem("（不选）", None)
        for label, uid in self.units:
            self.unit.addItem(label, uid)
        self.day = self.add("建立日期：", "adopted_date", OptionalDate(None))
        self.day.set_today_if_empty(self.env.ctx.clock.today())

    def data(self) -> dict:
        return {"case_id": self.case.id, "title": self.title.text(), "unit_id": self.unit.currentData(),
                "adopted_date": self.day.iso()}
