"""The 可能重复 rows of a legacy ledger dry run (issue 11 §2): one line per row that matches a problem already in
the ledger by unit, date found and description (or by number with other content), with the existing number and
a choice 跳过 / 照样导入 the user makes before 确认导入."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

CHOICES = (("跳过", "skip"), ("照样导入", "import"))
COLUMNS = ("行", "原编号", "台账中已有", "原因", "处理")


class DuplicatesBox(QGroupBox):
    """`show_report(report)` fills it (hidden when there are none); `choices()` is {row: "skip"|"import"}."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__("可能重复的行（请逐行决定：跳过，或照样作为新问题导入）", parent)
        self._choice: dict[int, str] = {}  # kept across re-checks
        self.combos: dict[int, QComboBox] = {}
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 50), (1, 110), (2, 90), (4, 100)):
            self.table.setColumnWidth(col, width)
        QVBoxLayout(self).addWidget(self.table)
        self.hide()

    def show_report(self, report: dict) -> None:
        rows = report.get("possible_duplicates") or []
        self.table.setRowCount(len(rows))
        self.combos = {}
        for i, d in enumerate(rows):
            for j, value in enumerate((str(d["row"]), d["original_no"] or "—", d["existing_no"], d["reason"])):
                self.table.setItem(i, j, QTableWidgetItem(value))
            combo = QComboBox()
            for text, data in CHOICES:
                combo.addItem(text, data)
            combo.setCurrentIndex(combo.findData(self._choice.get(d["row"], d["decision"])))
            combo.currentIndexChanged.connect(lambda _i, row=d["row"], c=combo: self._chosen(row, c))
            self.table.setCellWidget(i, 4, combo)
            self.combos[d["row"]] = combo
        self.setVisible(bool(rows))

    def _chosen(self, row: int, combo: QComboBox) -> None:
        self._choice[row] = combo.currentData()
        self.changed.emit()

    def choices(self) -> dict[int, str]:
        return {row: c.currentData() for row, c in self.combos.items()} | {
            r: v for r, v in self._choice.items() if r not in self.combos}

    def to_import(self, report: dict) -> int:
        """How many of the 可能重复 rows would be imported as the choices stand (vs. the dry run's decision)."""
        chosen = self.choices()
        return sum((chosen.get(d["row"], d["decision"]) == "import") - (d["decision"] == "import")
                   for d in report.get("possible_duplicates") or [])
