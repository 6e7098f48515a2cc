"""被反映人 / 审查调查对象 editor: pick registry people, or type 姓名/单位/职务 for people outside the registry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models.cases import RANKS


def _label(p: dict) -> str:
    extra = "/".join(x for x in (p.get("unit_name"), p.get("position")) if x)
    rank = f"［{p['rank']}］" if p.get("rank") else ""
    return (f"{p['name']}（{extra}）" if extra else p["name"]) + rank


class SubjectsEditor(QWidget):
    """`items()` → [{"person_id"} | {"name", "unit_name", "position"}, + rank]."""

    def __init__(self, people: list[dict], items: list[dict] | None = None, parent=None):
        super().__init__(parent)
        self.people = {p["id"]: p for p in people}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setFixedHeight(70)
        lay.addWidget(self.list)
        pick = QHBoxLayout()
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person.addItem("", None)
        for p in people:
            self.person.addItem(_label(p), p["id"])
        self.person.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.person.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.person.lineEdit().setPlaceholderText("从人员名册选择（输入姓名或村名）")
        self.rank = QComboBox()
        self.rank.addItems(["（职级）", *RANKS])
        self.add_btn = QPushButton("添加")
        self.add_btn.clicked.connect(self._on_add_person)
        pick.addWidget(self.person, 3)
        pick.addWidget(self.rank, 1)
        pick.addWidget(self.add_btn)
        lay.addLayout(pick)
        free = QHBoxLayout()
        self.free = QLineEdit()
        self.free.setPlaceholderText("名册外人员：姓名，单位，职务")
        self.free_btn = QPushButton("添加名册外人员")
        self.free_btn.clicked.connect(self._on_add_free)
        self.remove_btn = QPushButton("移除")
        self.remove_btn.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        free.addWidget(self.free, 3)
        free.addWidget(self.free_btn)
        free.addWidget(self.remove_btn)
        lay.addLayout(free)
        for item in items or []:
            self._append(item)

    def _rank(self) -> str | None:
        return self.rank.currentText() if self.rank.currentIndex() > 0 else None

    def _append(self, item: dict) -> None:
        shown = {**self.people.get(item.get("person_id"), {}), **{k: v for k, v in item.items() if v}}
        if item.get("person_id") and item["person_id"] in self.people:
            p = self.people[item["person_id"]]
            shown = {**p, "rank": item.get("rank")}
        entry = QListWidgetItem(_label(shown))
        entry.setData(Qt.ItemDataRole.UserRole, item)
        self.list.addItem(entry)

    def add_person(self, person_id: str, rank: str | None = None) -> None:
        self._append({"person_id": person_id, "rank": rank})

    def _on_add_person(self) -> None:
        idx = self.person.findText(self.person.currentText())
        pid = self.person.itemData(idx) if idx > 0 else None
        if pid:
            self.add_person(pid, self._rank())
            self.person.setCurrentIndex(0)

    def add_free(self, text: str) -> None:
        parts = [x.strip() for x in text.replace("，", ",").split(",")]
        if parts and parts[0]:
            parts += ["", ""]
            self._append({"name": parts[0], "unit_name": parts[1] or None, "position": parts[2] or None,
                          "rank": self._rank()})

    def _on_add_free(self) -> None:
        self.add_free(self.free.text())
        self.free.clear()

    def items(self) -> list[dict]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
