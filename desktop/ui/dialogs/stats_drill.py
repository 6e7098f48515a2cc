"""The records behind one statistics number (逐数钻取): a list; double-click a row to open the record."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

# entity → (page key, label); records of other kinds are listed but not opened
PAGES = {"problem": ("problems", "问题"), "inspection": ("inspections", "检查"), "document": ("documents", "文书"),
         "talk": ("talks", "谈话"), "unit": ("registry", "单位"), "survey": ("stats", "测评")}
KINDS = {"lead": "线索", "case": "案件", "measure": "处理", "money": "资金", "rule": "制度", "bulletin": "通报"}


class DrillDialog(QDialog):
    def __init__(self, env, result, parent=None):
        super().__init__(parent)
        self.env = env
        self.result = result
        self.setWindowTitle(f"{result.name}——明细记录")
        self.resize(820, 480)
        layout = QVBoxLayout(self)
        value = "—" if result.value is None else (f"{result.value:.2f}" if result.unit == "万元" else
                                                  f"{result.value:.1f}%" if result.unit == "%" else str(result.value))
        head = QLabel(f"<b>{result.label}　{result.name}：{value} {'' if result.unit == '%' else result.unit}</b>"
                      f"<br><span style='color:#555'>口径：{result.rule}</span>"
                      + (f"<br><span style='color:#555'>{result.note}</span>" if result.note else ""))
        head.setObjectName("drillHead")
        head.setWordWrap(True)
        layout.addWidget(head)
        ratio = bool(result.numerator)
        cols = ["类型", "日期", "单位", "内容", "数量"] + (["计入"] if ratio else [])
        self.table = QTableWidget(len(result.rows), len(cols))
        self.table.setHorizontalHeaderLabels(cols)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for i, r in enumerate(result.rows):
            kind = PAGES.get(r.entity, ("", KINDS.get(r.entity, r.entity)))[1]
            cells = [kind, r.date or "", r.unit_name, r.title, f"{r.amount:.2f}" if result.unit == "万元" else
                     str(r.amount)] + (["✓" if r.id in result.numerator else ""] if ratio else [])
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (r.entity, r.id))
                self.table.setItem(i, j, item)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for j, w in ((0, 48), (1, 90), (2, 110), (4, 60)):
            self.table.setColumnWidth(j, w)
        self.table.cellDoubleClicked.connect(self.open_row)
        layout.addWidget(self.table)
        foot = QLabel(f"共 {len(result.rows)} 条记录。双击一行打开该记录。")
        foot.setObjectName("drillFoot")
        layout.addWidget(foot)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def open_row(self, row: int, _col: int = 0) -> None:
        entity, rid = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
        page = PAGES.get(entity, ("", ""))[0]
        if not page or page == "stats":
            return
        self.accept()
        self.env.navigate(page, rid)
