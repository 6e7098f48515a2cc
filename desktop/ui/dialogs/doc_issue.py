"""制发文书: pick the kind, the unit (or person) and — for notices and proposals — the unit's problems; the title,
主送, 抄送 and reply deadline are pre-filled from the records and can be edited before saving or signing."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
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

from desktop.core.errors import QingfengError
from desktop.core.services.documents import kinds as doc_kinds
from desktop.core.services.documents import records as documents
from desktop.core.services.documents import values as doc_values
from desktop.core.services.registry import people, units


@dataclass
class IssueData:
    kind: str
    unit_id: str | None
    person_id: str | None
    problem_ids: list[str]
    fields: dict = field(default_factory=dict)
    sign: bool = False


class IssueDialog(QDialog):
    """`IssueDialog(env, kind=..., unit_id=..., problem_ids=[...])`; after exec(), `data()` says what to issue."""

    def __init__(self, env, *, kind: str = "整改通知书", unit_id: str | None = None, person_id: str | None = None,
                 problem_ids=(), parent=None):
        super().__init__(parent)
        self.env = env
        self.setWindowTitle("制发文书")
        self.sign = False
        self._preselected = set(problem_ids or ())
        self._build()
        self._fill_units(unit_id)
        self._select(self.kind, kind)
        self._fill_people(person_id)
        self._fill_problems()
        self._refresh_defaults()
        self.resize(760, 680)

    # ── building ──
    def _build(self) -> None:
        self.kind = QComboBox()
        self.kind.addItems([k for k in doc_kinds.available_kinds(self.env.ctx) if k != "谈话记录"])
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person = QComboBox()
        self.to_person = QCheckBox("发给个人（主送写“××同志”）")
        self.problems = QListWidget()
        self.problems_label = QLabel("列入的问题（只能选同一单位的问题）：")
        self.title_edit, self.addressee, self.cc, self.signer = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.title_edit.setReadOnly(True)
        self.title_edit.setToolTip("标题由文书模板生成（可在“设置 → 文书”中修改模板）")
        self.texts = {key: (QLabel(), QLineEdit() if key != "causes" else QPlainTextEdit())
                      for key in doc_values.TEXT_KEYS}
        self.texts["causes"][1].setMaximumHeight(60)
        self.reply_required = QCheckBox("需要回复")
        self.reply_due = QDateEdit()
        self.reply_due.setCalendarPopup(True)
        self.reply_due.setDisplayFormat("yyyy-MM-dd")
        self.next_no = QLabel()
        self._build_layout()
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.unit.currentIndexChanged.connect(self._on_unit)
        self.person.currentIndexChanged.connect(self._refresh_defaults)
        self.to_person.toggled.connect(self._refresh_defaults)
        self.problems.itemChanged.connect(self._refresh_defaults)
        self.reply_required.toggled.connect(self.reply_due.setEnabled)

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow("文种：", self.kind)
        form.addRow("单位：", self.unit)
        person_row = QHBoxLayout()
        person_row.addWidget(self.person, 1)
        person_row.addWidget(self.to_person)
        form.addRow("人员：", person_row)
        reply_row = QHBoxLayout()
        reply_row.addWidget(self.reply_required)
        reply_row.addWidget(QLabel("回复期限："))
        reply_row.addWidget(self.reply_due)
        reply_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 1)
        form2 = QFormLayout()
        form2.addRow("标题：", self.title_edit)
        form2.addRow("主送：", self.addressee)
        form2.addRow("抄送：", self.cc)
        for label, edit in self.texts.values():
            form2.addRow(label, edit)
        form2.addRow("", reply_row)
        form2.addRow("签发人：", self.signer)
        form2.addRow("", self.next_no)
        layout.addLayout(form2)
        layout.addWidget(self._build_buttons())

    def _build_buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        self.save_button = QPushButton("保存草稿")
        self.sign_button = QPushButton("保存并签发")
        self.sign_button.setDefault(True)
        box.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(lambda: self._finish(False))
        self.sign_button.clicked.connect(lambda: self._finish(True))
        box.rejected.connect(self.reject)
        return box

    # ── filling ──
    def _fill_units(self, unit_id: str | None) -> None:
        self.unit.blockSignals(True)
        self.unit.addItem("（不指定单位）", None)
        for u in units.list_units(self.env.ctx, active_only=True):
            label = f"{u['name']}（{u['parent_name']}）" if u.get("parent_name") else u["name"]
            self.unit.addItem(label, u["id"])
        self._select_data(self.unit, unit_id)
        self.unit.blockSignals(False)

    def _fill_people(self, person_id: str | None = None) -> None:
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem("（不指定人员）", None)
        unit_id = self.unit.currentData()
        for p in people.list_people(self.env.ctx, unit_id=unit_id) if unit_id else []:
            self.person.addItem(f"{p['name']}　{p.get('position') or ''}", p["id"])
        self._select_data(self.person, person_id)
        self.person.blockSignals(False)

    def _fill_problems(self) -> None:
        wanted = doc_kinds.BY_NAME[self.kind.currentText()].name in doc_kinds.FROM_PROBLEMS_KINDS
        self._problems_wanted = wanted
        self.problems.setVisible(wanted)
        self.problems_label.setVisible(wanted)
        self.problems.blockSignals(True)
        self.problems.clear()
        unit_id = self.unit.currentData()
        for p in documents.open_problems(self.env.ctx, unit_id) if (wanted and unit_id) else []:
            item = QListWidgetItem(f"{p['no']}　[{p['status']}]　{p['category'] or ''}　{p['description']}")
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = p["id"] in self._preselected
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.problems.addItem(item)
        self.problems.blockSignals(False)

    def problem_ids(self) -> list[str]:
        if not self._problems_wanted:
            return []
        items = (self.problems.item(i) for i in range(self.problems.count()))
        return [it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked]

    @Slot()
    def _refresh_defaults(self) -> None:
        spec = doc_kinds.BY_NAME[self.kind.currentText()]
        self.to_person.setVisible(spec.target == "either")
        try:
            d = documents.draft_defaults(self.env.ctx, spec.name, unit_id=self.unit.currentData(),
                                         person_id=self.person.currentData(), problem_ids=self.problem_ids(),
                                         to_person=self.to_person.isChecked())
        except QingfengError as exc:
            self.next_no.setText(str(exc))
            return
        self.title_edit.setText(d["title"])
        self.addressee.setText(d["addressee"])
        self.cc.setText(d["cc"])
        if not self.signer.text():
            self.signer.setText(d["signer"] or str(self.env.settings.value("documents/signer", "") or ""))
        self._show_texts(spec.name)
        self.reply_required.setChecked(bool(d["reply_required"]))
        self.reply_due.setEnabled(bool(d["reply_required"]))
        due = QDate.fromString(d["reply_due"] or "", "yyyy-MM-dd")
        self.reply_due.setDate(due if due.isValid() else QDate.currentDate().addDays(30))
        self.next_no.setText(f"签发后文号将为：{d['next_no']}" if d["next_no"] else "此类文书不编文号。")

    def _show_texts(self, kind: str) -> None:
        """Only the wording fields this kind's template uses (节日, 事由, 检查来源, 原因分析)."""
        wanted = {key: (label, hint) for key, label, hint in doc_values.text_fields(kind)}
        for key, (label, edit) in self.texts.items():
            label.setVisible(key in wanted)
            edit.setVisible(key in wanted)
            if key in wanted:
                label.setText(f"{wanted[key][0]}：")
                edit.setPlaceholderText(wanted[key][1])

    def _text(self, key: str) -> str:
        label, edit = self.texts[key]
        if not edit.isVisibleTo(self):
            return ""
        return (edit.toPlainText() if isinstance(edit, QPlainTextEdit) else edit.text()).strip()

    @Slot()
    def _on_kind(self) -> None:
        self._fill_problems()
        self._refresh_defaults()

    @Slot()
    def _on_unit(self) -> None:
        self._preselected = set()
        self._fill_people()
        self._fill_problems()
        self._refresh_defaults()

    def _finish(self, sign: bool) -> None:
        self.sign = sign
        self.accept()

    def data(self) -> IssueData:
        fields = {"title": self.title_edit.text().strip(), "addressee": self.addressee.text().strip(),
                  "cc": self.cc.text().strip(), "signer": self.signer.text().strip() or None,
                  "reply_required": self.reply_required.isChecked(),
                  "reply_due": self.reply_due.date().toString("yyyy-MM-dd") if self.reply_required.isChecked()
                  else None, **{key: self._text(key) for key in doc_values.TEXT_KEYS if self._text(key)},
                  "to_person": self.to_person.isVisibleTo(self) and self.to_person.isChecked()}
        return IssueData(kind=self.kind.currentText(), unit_id=self.unit.currentData(),
                         person_id=self.person.currentData(), problem_ids=self.problem_ids(), fields=fields,
                         sign=self.sign)

    @staticmethod
    def _select(combo: QComboBox, text: str) -> None:
        i = combo.findText(text)
        if i >= 0:
            combo.setCurrentIndex(i)

    @staticmethod
    def _select_data(combo: QComboBox, value) -> None:
        i = combo.findData(value) if value else 0
        combo.setCurrentIndex(max(i, 0))
