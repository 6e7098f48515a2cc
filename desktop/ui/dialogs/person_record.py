"""廉政档案 of one person (管理员/负责人 only): positions, then one dated list of checks of their unit, problems,
talks, leads, cases and outcomes, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.widgets.ledger import make_table

EVENT_COLUMNS = [Column("date", "日期", 90), Column("kind", "类别", 90), Column("text", "内容", 460)]


class PersonRecordDialog(QDialog):
    def __init__(self, record, parent=None):
        super().__init__(parent)
        p = record.person
        self.setWindowTitle(f"廉政档案：{p['name']}")
        self.resize(760, 520)
        lay = QVBoxLayout(self)
        posts = "；".join(f"{x.get('unit_name') or ''}{x.get('position') or ''}（{x.get('start_date') or '?'}—"
                         f"{x.get('end_date') or '?'}）" for x in record.posts) or "无"
        counts = "，".join(f"{k} {v}" for k, v in record.counts.items()) or "暂无记录"
        self.head = QLabel(f"<b>{p['name']}</b>　{p.get('unit_name') or ''} {p.get('position') or ''}"
                           f"{'　中共党员' if p.get('party_member') else ''}<br>历任岗位：{posts}<br>记录：{counts}")
        self.head.setWordWrap(True)
        lay.addWidget(self.head)
        self.model = RowsTableModel(EVENT_COLUMNS, self)
        self.model.set_rows(record.events)
        self.table = make_table(self.model)
        lay.addWidget(self.table, 1)
        note = QLabel("本档案含问题线索和案件信息，仅管理员、负责人可查看；每次查看均记入操作日志。")
        note.setStyleSheet("color:#666")
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
