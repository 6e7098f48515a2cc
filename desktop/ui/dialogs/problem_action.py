"""One dialog for every lifecycle action of a problem (交办, 反馈, 审核, 销号, 延期, 回头看 …).

The fields each action asks for are declared in SPECS; the payload goes unchanged to
problems.transition(ctx, id, action, **payload), which enforces the gates. A refused gate keeps the dialog
open and shows the Chinese reason.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.dialogs.record import RecordDialog
from desktop.ui.widgets.attachments import FILE_FILTER, _DropList
from desktop.ui.widgets.ledger import OptionalDate

# action → [(payload key, label, kind)]; kinds: text, line, deadline, files, money, int, milestones, date
SPECS: dict[str, list[tuple[str, str, str]]] = {
    "交办": [("requirement", "整改要求", "text"), ("deadline", "整改时限", "deadline"), ("doc_no", "文书编号", "line")],
    "开始整改": [("note", "说明", "line")],
    "反馈": [("measures", "整改措施", "text"), ("evidence", "佐证材料", "files"),
             ("money_recovered", "追回资金（元）", "money"), ("rules_made", "建章立制（项）", "int")],
    "立行立改": [("measures", "现场整改措施", "text"), ("evidence", "佐证材料", "files")],
    "审核通过": [("opinion", "审核意见", "text"), ("reviewer", "审核人", "line")],
    "退回重改": [("reason", "退回原因", "text"), ("deadline", "新整改时限（可空）", "deadline")],
    "销号": [("opinion", "审核意见", "text"), ("money_recovered", "追回资金（元）", "money"),
             ("rules_made", "建章立制（项）", "int")],
    "回头看通过": [("result", "回头看情况", "text")],
    "回头看反弹": [("reason", "反弹情况", "text"), ("deadline", "重新整改时限", "deadline")],
    "延期": [("deadline", "新整改时限", "deadline"), ("reason", "延期理由", "text"), ("approver", "批准人", "line")],
    "持续整改": [("milestones", "阶段目标", "milestones"), ("reason", "说明", "line")],
    "阶段完成": [("note", "完成情况", "line")],
    "催办": [("reason", "催办方式", "line"), ("doc_no", "督办函文号", "line")],
    "不予认定": [("reason", "理由（如核实不属实）", "text")],
    "移交": [("reason", "移交理由", "text"), ("forwarded_to", "移交对象", "line")],
}
DATE_LABEL = {"反馈": "反馈日期", "交办": "交办日期", "销号": "销号日期", "回头看通过": "回头看日期",
              "回头看反弹": "回头看日期", "审核通过": "审核日期"}
# Buttons in the detail panel, in the order of the life cycle.
BUTTON_TEXT = {"审核通过": "审核", "回头看通过": "回头看通过", "回头看反弹": "回头看反弹"}


class DeadlineField(QWidget):
    """A deadline as a date, or as N working days (法定节假日和调休按国家安排计算)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.date = OptionalDate()
        self.days = QSpinBox()
        self.days.setRange(0, 365)
        self.days.setSpecialValueText("—")
        self.days.setSuffix(" 个工作日")
        row.addWidget(self.date, 1)
        row.addWidget(QLabel("或"))
        row.addWidget(self.days, 1)
        self.date.dateChanged.connect(lambda _d: self.days.setValue(0) if self.date.iso() else None)

    def payload(self) -> dict:
        if self.days.value():
            return {"working_days": self.days.value()}
        return {"deadline": self.date.iso()} if self.date.iso() else {}


class FilesField(QWidget):
    """Evidence files chosen by file dialog or dropped; paths are attached by the service."""

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.list = _DropList(self.add_paths)
        self.list.setFixedHeight(70)
        self.list.setToolTip("可将照片、扫描件、PDF 拖放到此处")
        row = QHBoxLayout()
        add = QPushButton("选择文件…")
        add.clicked.connect(self._choose)
        remove = QPushButton("移除")
        remove.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        lay.addWidget(self.list)
        lay.addLayout(row)

    def _choose(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self, "选择佐证材料", str(Path.home()), FILE_FILTER)
        self.add_paths(paths)

    def add_paths(self, paths) -> None:
        for p in paths:
            self.list.addItem(str(p))

    def paths(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]


class MilestonesField(QTableWidget):
    def __init__(self, parent=None):
        super().__init__(4, 2, parent)
        self.setHorizontalHeaderLabels(["阶段目标", "完成时限（2026-12-31）"])
        self.horizontalHeader().setStretchLastSection(True)
        self.setColumnWidth(0, 260)
        self.setFixedHeight(150)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)

    def set_row(self, i: int, title: str, due: str) -> None:
        self.setItem(i, 0, QTableWidgetItem(title))
        self.setItem(i, 1, QTableWidgetItem(due))

    def payload(self) -> list[dict]:
        out = []
        for r in range(self.rowCount()):
            title = (self.item(r, 0).text() if self.item(r, 0) else "").strip()
            due = (self.item(r, 1).text() if self.item(r, 1) else "").strip()
            if title or due:
                out.append({"title": title, "due": due})
        return out


def _make(kind: str) -> QWidget:
    if kind == "text":
        w = QPlainTextEdit()
        w.setTabChangesFocus(True)
        w.setFixedHeight(70)
        return w
    if kind == "deadline":
        return DeadlineField()
    if kind == "files":
        return FilesField()
    if kind == "milestones":
        return MilestonesField()
    if kind == "money":
        w = QDoubleSpinBox()
        w.setRange(0, 1e10)
        w.setDecimals(2)
        w.setSpecialValueText("—")
        return w
    if kind == "int":
        w = QSpinBox()
        w.setRange(0, 999)
        w.setSpecialValueText("—")
        return w
    return QLineEdit()


def _value(kind: str, w: QWidget):
    if kind == "text":
        return w.toPlainText()
    if kind == "files":
        return w.paths()
    if kind == "milestones":
        return w.payload()
    if kind in ("money", "int"):
        return w.value() or None
    return w.text()


class ProblemActionDialog(RecordDialog):
    """`ProblemActionDialog(env, problem, action, save)`; data() → the payload for problems.transition."""

    def __init__(self, env, problem: dict, action: str, save, parent=None):
        self.problem = problem
        self.action = action
        self.widgets: dict[str, tuple[str, QWidget]] = {}
        super().__init__(env, f"{action}：问题 {problem['no']}", save, parent)
        self.buttons.buttons()[0].setText("确定")
        self.resize(560, self.sizeHint().height())

    def _build_form(self, form) -> None:
        p = self.problem
        head = QLabel(f"{p['no']}　{p.get('unit_name') or ''}　当前状态：{p['status']}"
                      + (f"　整改时限：{p['deadline']}" if p.get("deadline") else ""))
        head.setStyleSheet("color:#444")
        form.addRow(head)
        desc = QLabel((p.get("description") or "")[:120])
        desc.setWordWrap(True)
        desc.setStyleSheet("color:#666")
        form.addRow(desc)
        for key, label, kind in SPECS.get(self.action, []):
            w = self.add(f"{label}：", key, _make(kind))
            self.widgets[key] = (kind, w)
        self._prefill()
        self.on_date = self.add(f"{DATE_LABEL.get(self.action, '日期')}：", "on_date", OptionalDate())
        self.on_date.set_today_if_empty(self.env.ctx.clock.today())

    def _prefill(self) -> None:
        p = self.problem
        if "requirement" in self.widgets and p.get("requirement"):
            self.widgets["requirement"][1].setPlainText(p["requirement"])
        if self.action == "销号" and p.get("review_opinion"):
            self.widgets["opinion"][1].setPlainText(p["review_opinion"])
        if "reviewer" in self.widgets:
            self.widgets["reviewer"][1].setText(self.env.ctx.user_name)
        if self.action == "回头看通过":
            self.widgets["result"][1].setPlainText("经回头看，整改成果巩固，未发现反弹。")
        for key in ("money_recovered", "rules_made"):
            if key in self.widgets and p.get(key):
                self.widgets[key][1].setValue(p[key])

    def field(self, key: str) -> QWidget:
        return self.widgets[key][1]

    def data(self) -> dict:
        payload: dict = {}
        for key, (kind, w) in self.widgets.items():
            if kind == "deadline":
                payload.update(w.payload())
            else:
                value = _value(kind, w)
                if value not in (None, "", []):
                    payload[key] = value
        payload["on_date"] = self.on_date.iso()
        return payload



