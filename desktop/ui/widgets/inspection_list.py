"""List of inspections (newest first) with filters by unit and status; Enter opens the check form."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.services.checks import inspections
from desktop.core.services.registry import units
from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.widgets.township_filter import FOREIGN_NOTE, TownshipFilter, is_foreign, with_township_column


def _failed_colour(row: dict) -> str | None:
    return "#f4cccc" if row.get("failed") else None


def _status_colour(row: dict) -> str | None:
    return "#fff2cc" if row.get("status") == "草稿" else None


COLUMNS = [
    Column("date", "检查日期", 92),
    Column("unit_names", "被检查单位", 160),
    Column("title", "检查名称", 280),
    Column("inspectors", "检查人员", 120),
    Column("methods", "检查方式", 150),
    Column("total", "事项数", 60, align_right=True),
    Column("failed", "不符合", 60, color=_failed_colour, align_right=True),
    Column("status", "状态", 60, color=_status_colour),
]


class InspectionListView(QWidget):
    open_requested = Signal(str)
    new_requested = Signal()

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.columns = with_township_column(env.ctx, COLUMNS)  # + 乡镇 in the district role
        self.model = RowsTableModel(self.columns, self)
        self._build()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.unit_combo = QComboBox()
        self.status_combo = QComboBox()
        self.status_combo.addItems(["全部状态", "草稿", "已完成"])
        self.new_btn = QPushButton("新建检查… (Ctrl+N)")
        self.new_btn.setEnabled(not self.env.read_only)
        self.new_btn.clicked.connect(self.new_requested)
        self.count_label = QLabel()
        self.township = TownshipFilter(self.env)  # district role only
        self.township.changed.connect(self.reload)
        bar.addWidget(self.township)
        for w in (QLabel("单位"), self.unit_combo, QLabel("状态"), self.status_combo):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.new_btn)
        v.addLayout(bar)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, c in enumerate(self.columns):
            self.table.setColumnWidth(i, c.width)
        self.table.activated.connect(self._on_activated)
        v.addWidget(self.table, 1)
        self.foreign_label = QLabel()
        self.foreign_label.setStyleSheet("color:#a15c00")
        v.addWidget(self.foreign_label)
        self.foreign_label.setVisible(False)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.unit_combo.currentIndexChanged.connect(self.reload)
        self.status_combo.currentIndexChanged.connect(self.reload)

    def fill_units(self) -> None:
        current = self.unit_combo.currentData()
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        self.unit_combo.addItem("全部单位", None)
        for u in units.villages(self.env.ctx):
            self.unit_combo.addItem(u["name"], u["id"])
        idx = self.unit_combo.findData(current)
        self.unit_combo.setCurrentIndex(max(idx, 0))
        self.unit_combo.blockSignals(False)

    @Slot()
    def reload(self) -> None:
        status = self.status_combo.currentText()
        found = inspections.list_inspections(self.env.ctx, unit_id=self.unit_combo.currentData(),
                                             status=None if status == "全部状态" else status,
                                             origin_site=self.township.site_code())
        self.model.set_rows(found)
        drafts = sum(1 for r in found if r["status"] == "草稿")
        self.count_label.setText(f"共 {len(found)} 次检查，草稿 {drafts} 次")

    def selected_id(self) -> str | None:
        idx = self.table.currentIndex()
        return self.model.row(idx.row())["id"] if idx.isValid() else None

    def select(self, inspection_id: str) -> None:
        for i, r in enumerate(self.model.rows()):
            if r["id"] == inspection_id:
                self.table.selectRow(i)
                return

    @Slot()
    def _on_current(self, current, _previous=None) -> None:
        row = self.model.row(current.row()) if current.isValid() else None
        foreign = is_foreign(self.env, row)
        self.foreign_label.setText(f"{FOREIGN_NOTE}：可以查看检查记录，不能修改。" if foreign else "")
        self.foreign_label.setVisible(foreign)

    @Slot()
    def _on_activated(self, index) -> None:
        if index.isValid():
            self.open_requested.emit(self.model.row(index.row())["id"])

    def save_state(self, settings) -> None:
        settings.setValue("inspections/list_header", self.table.horizontalHeader().saveState())

    def restore_state(self, settings) -> None:
        state = settings.value("inspections/list_header")
        if state is not None:
            self.table.horizontalHeader().restoreState(state)


__all__ = ["InspectionListView", "Qt"]
