"""Small dialogs along a document's life: 登记送达, 登记回复 (with evidence files), 作废 (with reason)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QDate, Slot
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)


def _date_edit(initial) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(initial.year, initial.month, initial.day))
    return edit


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


@dataclass
class DeliveryData:
    received_by: str
    received_date: str


class DeliveryDialog(QDialog):
    """送达回证: who signed for the document and when."""

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.setWindowTitle("登记送达")
        self.received_by = QLineEdit()
        self.received_by.setPlaceholderText("签收人姓名")
        self.received_date = _date_edit(today)
        form = QFormLayout(self)
        form.addRow("签收人：", self.received_by)
        form.addRow("签收日期：", self.received_date)
        form.addRow(_buttons(self, "登记"))

    def data(self) -> DeliveryData:
        return DeliveryData(self.received_by.text().strip(), self.received_date.date().toString("yyyy-MM-dd"))


@dataclass
class ReplyData:
    reply_text: str
    reply_date: str
    reply_doc_no: str = ""
    received_by: str = ""
    evidence: list[Path] = field(default_factory=list)


class ReplyDialog(QDialog):
    """整改反馈: the reply text, its own number, and evidence files (photos, scans of the 整改情况报告)."""

    def __init__(self, today, parent=None):
        super().__init__(parent)
        self.setWindowTitle("登记回复（整改反馈）")
        self.reply_date = _date_edit(today)
        self.reply_doc_no = QLineEdit()
        self.reply_doc_no.setPlaceholderText("对方回复文号（可不填）")
        self.received_by = QLineEdit()
        self.reply_text = QPlainTextEdit()
        self.reply_text.setPlaceholderText("整改情况：采取的措施、结果、完成时间……")
        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(90)
        self._paths: list[Path] = []
        add = QPushButton("添加佐证材料…")
        add.clicked.connect(self._on_add)
        files = QHBoxLayout()
        files.addWidget(self.evidence, 1)
        files.addWidget(add)
        form = QFormLayout()
        form.addRow("回复日期：", self.reply_date)
        form.addRow("回复文号：", self.reply_doc_no)
        form.addRow("经办人：", self.received_by)
        form.addRow("整改情况：", self.reply_text)
        form.addRow("佐证材料：", files)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "登记"))
        self.resize(560, 420)

    def add_files(self, paths) -> None:
        for p in paths:
            self._paths.append(Path(p))
            self.evidence.addItem(Path(p).name)

    @Slot()
    def _on_add(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择佐证材料", "", "所有文件 (*)")
        self.add_files(paths)

    def data(self) -> ReplyData:
        return ReplyData(self.reply_text.toPlainText().strip(), self.reply_date.date().toString("yyyy-MM-dd"),
                         self.reply_doc_no.text().strip(), self.received_by.text().strip(), list(self._paths))


class VoidDialog(QDialog):
    """作废: the number stays used; the reason is kept."""

    def __init__(self, doc_label: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"作废 {doc_label}")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("作废原因（必填），如：主送单位写错，已重新制发")
        form = QFormLayout(self)
        form.addRow("作废原因：", self.reason)
        form.addRow(_buttons(self, "作废"))
        self.resize(480, 120)

    def data(self) -> str:
        return self.reason.text().strip()
