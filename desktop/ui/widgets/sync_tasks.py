"""Township: the district's 派单 tasks and this township's progress on each (goes up with the next export)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import alerts
from desktop.ui.models.rows_model import Column, RowsTableModel

COLUMNS = [Column("title", "派单事项", 280), Column("deadline", "完成期限", 100),
           Column("issued_on", "下发日期", 100), Column("status", "本乡镇进展", 100),
           Column("progress", "进展说明", 300)]


class TasksPanel(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        from desktop.core.models.sync import TASK_STATUSES

        self.env = env
        lay = QVBoxLayout(self)
        note = QLabel("区县下发的派单任务。填写进展后，下次导出数据包时一并报送区县。")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.model = RowsTableModel(COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        for i, c in enumerate(COLUMNS):
            self.view.setColumnWidth(i, c.width)
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.status = QComboBox()
        self.status.addItems(TASK_STATUSES)
        self.progress = QLineEdit()
        self.progress.setPlaceholderText("进展说明，例如：已检查 5 个村，发现问题 2 个")
        self.save_btn = QPushButton("保存进展")
        self.save_btn.clicked.connect(self._on_save)
        row.addWidget(QLabel("进展："))
        row.addWidget(self.status)
        row.addWidget(self.progress, 1)
        row.addWidget(self.save_btn)
        lay.addLayout(row)

    def refresh(self) -> None:
        from desktop.core.services.sync import exchange as sync

        rows = []
        for t in sync.list_tasks(self.env.ctx):
            mine = t["reports"][0] if t["reports"] else {}
            rows.append({**t, "status": mine.get("status", "未开始"), "progress": mine.get("progress")})
        self.model.set_rows(rows)
        self.save_btn.setEnabled(bool(rows) and not self.env.read_only)

    @Slot()
    def _on_save(self) -> None:
        from desktop.core.errors import QingfengError
        from desktop.core.services.sync import exchange as sync

        sel = self.view.selectionModel().selectedRows()
        if not sel:
            alerts.warn(self, "请先在表中选择一项派单任务。")
            return
        task = self.model.row(sel[0].row())
        try:
            sync.report_task(self.env.ctx, task["id"], self.status.currentText(), self.progress.text())
        except QingfengError as exc:
            alerts.warn(self, str(exc))
            return
        self.progress.clear()
        self.refresh()
        self.env.status("进展已保存，将随下次导出报送区县")
