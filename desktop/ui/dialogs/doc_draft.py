"""修改草稿: 主送, 抄送, 签发人, reply deadline and the kind's wording fields of an unsigned document."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
)

from desktop.core.services.documents import values as doc_values


class DraftDialog(QDialog):
    def __init__(self, doc: dict, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"修改草稿：{doc['title']}")
        self.addressee = QLineEdit(doc.get("addressee") or "")
        self.cc = QLineEdit(doc.get("cc") or "")
        self.signer = QLineEdit(doc.get("signer") or "")
        self.reply_required = QCheckBox("需要回复")
        self.reply_required.setChecked(bool(doc.get("reply_required")))
        self.reply_due = QDateEdit()
        self.reply_due.setCalendarPopup(True)
        self.reply_due.setDisplayFormat("yyyy-MM-dd")
        due = QDate.fromString(doc.get("reply_due") or "", "yyyy-MM-dd")
        self.reply_due.setDate(due if due.isValid() else QDate.currentDate().addDays(30))
        self.reply_due.setEnabled(self.reply_required.isChecked())
        self.reply_required.toggled.connect(self.reply_due.setEnabled)
        self.texts = {}
        form = QFormLayout(self)
        form.addRow("主送：", self.addressee)
        form.addRow("抄送：", self.cc)
        form.addRow("签发人：", self.signer)
        form.addRow(self.reply_required, self.reply_due)
        values = doc.get("values") or {}
        for key, label, hint in doc_values.text_fields(doc["kind"]):
            edit = QPlainTextEdit() if key == "causes" else QLineEdit()
            edit.setPlaceholderText(hint)
            text = values.get(key) or (values.get("reason") if not self.texts else "") or ""
            edit.setPlainText(text) if isinstance(edit, QPlainTextEdit) else edit.setText(text)
            form.addRow(f"{label}：", edit)
            self.texts[key] = edit
        box = QDialogButtonBox()
        box.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)
        self.resize(620, 300)

    def data(self) -> dict:
        """The changes for documents.update_draft."""
        texts = {k: (e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text()).strip()
                 for k, e in self.texts.items()}
        return {"addressee": self.addressee.text().strip(), "cc": self.cc.text().strip(),
                "signer": self.signer.text().strip() or None, "reply_required": self.reply_required.isChecked(),
                "reply_due": self.reply_due.date().toString("yyyy-MM-dd") if self.reply_required.isChecked() else None,
                "values": {**texts, "reason": ""}}
