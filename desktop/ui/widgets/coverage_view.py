"""Coverage per period: which villages were checked, which were not (missing ones in red, on top)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.core.services.checks import coverage
from desktop.ui import alerts
from desktop.ui.models.rows_model import Column, RowsTableModel

STATUS_COLOURS = {"未覆盖": "#f4cccc", "部分覆盖": "#fff2cc", "已覆盖": "#e2efda", "不要求": "#e7e6e6"}


def _colour(row: dict) -> str | None:
    return STATUS_COLOURS.get(row["status"])


COLUMNS = [
    Column("unit_name", "单位", 120, color=_colour),
    Column("is_key_village", "重点村", 56, fmt=lambda v: "是" if v else ""),
    Column("rule", "检查要求", 110),
    Column("status", "覆盖情况", 80, color=_colour),
    Column("done", "已检查次数", 80, align_right=True),
    Column("dates", "检查日期", 200, fmt=lambda v: "、".join(v)),
    Column("missing", "缺检期间", 200, fmt=lambda v: "、".join(v)),
    Column("assignees", "计划检查人员", 140),
]


def recent_periods(today) -> list[str]:
    """Quarters of this and last year, then this year's months, newest first."""
    q = (today.month - 1) // 3 + 1
    quarters = [f"{today.year}Q{i}" for i in range(q, 0, -1)] + [f"{today.year - 1}Q{i}" for i in range(4, 0, -1)]
    months = [f"{today.year}-{m:02d}" for m in range(today.month, 0, -1)]
    return quarters + months + [str(today.year), str(today.year - 1)]


class CoverageView(QWidget):
    open_unit = Signal(str)

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.model = RowsTableModel(COLUMNS, self)
        self._build()

    def _build(self) -> None:
        v = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period_combo = QComboBox()
        self.period_combo.setEditable(True)
        self.period_combo.addItems(recent_periods(self.env.ctx.clock.today()))
        self.period_combo.setToolTip("期间：2026Q3（季度）、2026-09（月）或 2026（年）")
        self.period_combo.activated.connect(self.reload)
        self.period_combo.lineEdit().returnPressed.connect(self.reload)
        self.plan_btn = QPushButton("按规则生成检查计划")
        self.plan_btn.clicked.connect(self._on_plan)
        self.assign_btn = QPushButton("安排检查人员…")
        self.assign_btn.clicked.connect(self._on_assign)
        for b in (self.plan_btn, self.assign_btn):
            b.setEnabled(not self.env.read_only)
        bar.addWidget(QLabel("期间"))
        bar.addWidget(self.period_combo)
        bar.addStretch(1)
        bar.addWidget(self.plan_btn)
        bar.addWidget(self.assign_btn)
        v.addLayout(bar)
        self.summary = QLabel()
        self.summary.setStyleSheet("font-size: 14px; padding: 4px 0")
        v.addWidget(self.summary)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, c in enumerate(COLUMNS):
            self.table.setColumnWidth(i, c.width)
        self.table.activated.connect(lambda idx: self.open_unit.emit(self.model.row(idx.row())["unit_id"]))
        v.addWidget(self.table, 1)
        hint = QLabel("红色：本期未检查；黄色：重点村部分月份未检查；绿色：已覆盖。双击或回车打开村居档案。")
        hint.setStyleSheet("color:#666")
        v.addWidget(hint)

    def on_shown(self) -> None:
        self.reload()

    def period(self) -> str:
        return self.period_combo.currentText().strip()

    def set_period(self, text: str) -> None:
        self.period_combo.setCurrentText(text)
        self.reload()

    @Slot()
    def reload(self, *_args) -> None:
        try:
            data = coverage.coverage(self.env.ctx, self.period())
        except Exception as exc:  # noqa: BLE001 - bad period text
            alerts.show_error(self, exc)
            return
        self.data = data
        self.model.set_rows(data.rows)
        self.summary.setText(
            f"<b>{data.label}</b>（{data.start} 至 {data.end}）　已覆盖 <b>{data.checked}</b> 个　"
            f"<span style='color:#c00000'>未覆盖（含部分） <b>{data.unchecked}</b> 个</span>　"
            f"不要求 {data.not_required} 个")

    @Slot()
    def _on_plan(self) -> None:
        try:
            n = coverage.generate_plan(self.env.ctx, self.period())
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        alerts.info(self, f"已按规则生成检查计划 {n} 条。" if n else "本期计划已齐全，没有需要新增的计划。")
        self.reload()

    @Slot()
    def _on_assign(self) -> None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            alerts.info(self, "请先选择一个单位。")
            return
        row = self.model.row(idx.row())
        names, ok = QInputDialog.getText(self, "安排检查人员", f"{row['unit_name']} {self.data.label}的检查人员（用“、”分隔）：",
                                         text=row["assignees"])
        if ok:
            self.assign(row["unit_id"], names)

    def assign(self, unit_id: str, names: str) -> None:
        period = self.period()
        plans = [p for p in coverage.list_plans(self.env.ctx, period) if p["unit_id"] == unit_id]
        try:
            if plans:
                for p in plans:
                    coverage.update_plan(self.env.ctx, p["id"], {"assignees": names})
            else:
                coverage.add_plan(self.env.ctx, period, unit_id, assignees=names)
        except Exception as exc:  # noqa: BLE001
            alerts.show_error(self, exc)
            return
        self.reload()
