"""The detail of one document: its fields, its life (送达, 回复, 作废) and the actions its state allows."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

# action key → (button text, display statuses in which it is offered)
ACTIONS = {
    "sign": ("签发", ("草稿", "待签发")),
    "edit": ("修改草稿…", ("草稿", "待签发")),
    "submit": ("提交签发", ("草稿",)),
    "send_back": ("退回", ("待签发",)),
    "delete": ("删除草稿", ("草稿", "待签发")),
    "deliver": ("登记送达", ("已签发",)),
    "reply": ("登记回复", ("已签发", "已送达", "待回复", "逾期未复")),
    "chase": ("催办（督办函）", ("逾期未复",)),
    "archive": ("归档", ("已送达", "待回复", "逾期未复", "已回复")),
    "void": ("作废", ("草稿", "待签发", "已签发", "已送达", "待回复", "逾期未复", "已回复")),
    "preview": ("预览", ()),
    "receipt_form": ("回执单", ("已签发", "已送达", "待回复", "逾期未复")),
    "print": ("打印…", ()),
    "open": ("用 Word/WPS 打开", ()),
    "save_as": ("另存为…", ()),
}
ALWAYS = ("preview", "print", "open", "save_as")
FIELDS = (("doc_no", "文号"), ("kind", "文种"), ("display_status", "状态"), ("addressee", "主送"), ("cc", "抄送"),
          ("signer", "签发人"), ("sign_date", "成文日期"), ("reply", "回复期限"), ("problems", "关联问题"),
          ("life", "送达与回复"), ("void_reason", "作废原因"))


class DocDetail(QWidget):
    action = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.doc: dict | None = None
        self.heading = QLabel("（请在左侧选择一份文书）")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.locked_note = QLabel()
        self.locked_note.setStyleSheet("color:#a15c00")
        self.values = {key: self._value_label() for key, _ in FIELDS}
        self.buttons = {key: QPushButton(text) for key, (text, _) in ACTIONS.items()}
        self._build()
        self.show_document(None)

    @staticmethod
    def _value_label() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _build(self) -> None:
        form = QFormLayout()
        for key, title in FIELDS:
            form.addRow(f"{title}：", self.values[key])
        self.grid = QGridLayout()
        for key, button in self.buttons.items():
            button.clicked.connect(lambda _=False, k=key: self.action.emit(k))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.locked_note)
        layout.addLayout(form)
        layout.addLayout(self.grid)
        layout.addStretch(1)

    def show_document(self, doc: dict | None, problems: list[dict] | None = None, *, locked: str = "") -> None:
        """`locked`: why the document may only be read (e.g. a township's document at the district); the
        actions that change it are then disabled and the reason shown."""
        self.doc = doc
        self.locked_note.setText(locked if doc else "")
        self.locked_note.setVisible(bool(doc and locked))
        self.heading.setText(f"{doc['doc_no'] or '（未编号）'}　{doc['title']}" if doc else "（请在左侧选择一份文书）")
        texts = _texts(doc, problems or []) if doc else {}
        for key, label in self.values.items():
            label.setText(texts.get(key, ""))
        status = doc["display_status"] if doc else None
        shown = [k for k in ACTIONS if doc and (k in ALWAYS or status in ACTIONS[k][1])]
        for button in self.buttons.values():  # re-flow: only the offered actions, without gaps
            self.grid.removeWidget(button)
            button.setVisible(False)
        for i, key in enumerate(shown):
            self.grid.addWidget(self.buttons[key], i // 4, i % 4)
            self.buttons[key].setVisible(True)
            self.buttons[key].setEnabled(not (locked and key not in ALWAYS))


def _texts(doc: dict, problems: list[dict]) -> dict:
    reply = "不需回复"
    if doc.get("reply_required"):
        reply = f"{doc.get('reply_due') or '（未定）'}" + (f"，已于 {doc['reply_date']} 回复" if doc.get("reply_date") else "")
    life = []
    for r in doc.get("receipts", []):
        if r["kind"] == "签收":
            life.append(f"{r['received_date']} 送达，签收人 {r['received_by']}")
        else:
            extra = f"（回复文号 {r['reply_doc_no']}）" if r.get("reply_doc_no") else ""
            files = f"（佐证材料 {r['evidence_count']} 份）" if r.get("evidence_count") else ""
            life.append(f"{r['received_date']} 收到整改反馈{extra}{files}：{r.get('reply_text') or ''}")
    return {
        "doc_no": doc.get("doc_no") or "签发时编号", "kind": doc["kind"], "display_status": doc["display_status"],
        "addressee": doc.get("addressee") or "", "cc": doc.get("cc") or "", "signer": doc.get("signer") or "",
        "sign_date": doc.get("sign_date") or "", "reply": reply,
        "problems": "\n".join(f"{p.get('no')}　[{p.get('status')}]　{p.get('description') or ''}" for p in problems),
        "life": "\n".join(life) or "（尚无记录）", "void_reason": doc.get("void_reason") or "",
    }
