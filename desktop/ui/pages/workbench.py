"""工作台: today's overdue (red), due-soon (yellow, by tier), 回头看 due, awaiting review and recent changes;
each entry opens its problem; the 催办单 (chase list) per unit exports to .xlsx."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.services.problems import choices as problem_choices
from desktop.core.services.workbench import today as workbench
from desktop.ui import alerts
from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.widgets.ledger import make_table, restore_header, save_header
from desktop.ui.widgets.township_filter import with_township_column

WEEKDAYS = "一二三四五六日"
BG = {"red": "#f4cccc", "yellow": "#fff2cc", "blue": "#dbe9f6", "green": "#e2efda", "grey": "#e7e6e6"}


def _bg(r):
    return BG.get(r.get("colour"))


def _left(v) -> str:
    if v is None:
        return ""
    return f"逾期 {-v} 天" if v < 0 else ("今天到期" if v == 0 else f"剩 {v} 天")


BASE = [Column("no", "编号", 80, color=_bg), Column("unit_name", "单位", 90), Column("description", "问题描述", 320),
        Column("people_names", "责任人", 70)]
SECTIONS = (  # key, tab title, colour of the card, extra columns
    ("overdue", "逾期未整改", "#c62828", [Column("deadline", "整改时限", 90), Column("days_left", "逾期", 80, fmt=_left, color=_bg)]),
    ("due_soon", "临期提醒", "#b58900", [Column("deadline", "整改时限", 90), Column("days_left", "剩余", 80, fmt=_left, color=_bg)]),
    ("revisit_due", "待回头看", "#1565c0", [Column("closed_date", "销号日期", 90), Column("revisit_due", "应回头看", 90,
                                                                                    color=lambda r: "#f4cccc" if r.get("revisit_overdue") else None)]),
    ("awaiting_review", "待审核", "#6a1b9a", [Column("feedback_date", "反馈日期", 90), Column("measures", "整改措施", 200)]),
    ("recent", "近期变动", "#37474f", [Column("last_action", "最近操作", 80), Column("last_actor", "操作人", 70),
                                   Column("status", "状态", 70, color=_bg)]),
)

LEAD_COLUMNS = [Column("no", "线索编号", 100), Column("route", "处置方式", 90), Column("received_date", "受理日期", 90),
                Column("due_date", "办理期限", 90), Column("days_left", "逾期", 80, fmt=_left)]


class _Card(QPushButton):
    def __init__(self, title: str, colour: str, parent=None):
        super().__init__(parent)
        self.title, self.colour = title, colour
        self.setMinimumSize(150, 70)
        self.setStyleSheet(f"QPushButton {{ text-align:left; padding:6px 12px; border:1px solid #ccc; "
                           f"border-left:6px solid {colour}; background:#fff; }} "
                           "QPushButton:focus { border-color:#4a90d9; }")

    def set_count(self, n: int, extra: str = "") -> None:
        self.count = n
        self.setText(f"{self.title}\n{n} 个" + (f"\n{extra}" if extra else ""))


class WorkbenchPage(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.data: dict | None = None
        self.models: dict[str, RowsTableModel] = {}
        self.views = {}
        self.cards: dict[str, _Card] = {}
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.today_label = QLabel()
        self.today_label.setStyleSheet("font-size:16px; font-weight:bold")
        head.addWidget(self.today_label)
        head.addStretch(1)
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.reload)
        head.addWidget(refresh)
        layout.addLayout(head)
        cards = QHBoxLayout()
        self.tabs = QTabWidget()
        for i, (key, title, colour, extra) in enumerate(SECTIONS):
            card = _Card(title, colour)
            card.clicked.connect(lambda _c=False, k=i: self.tabs.setCurrentIndex(k))
            cards.addWidget(card)
            self.cards[key] = card
            model = RowsTableModel(with_township_column(self.env.ctx, BASE + extra))  # + 乡镇 at the district
            view = make_table(model)
            view.horizontalHeader().setSortIndicatorShown(False)
            view.activated.connect(lambda idx, k=key: self._open(k, idx.row()))
            view.setToolTip("双击或按回车打开该问题")
            restore_header(self.env.settings, f"workbench/{key}", view)
            self.models[key], self.views[key] = model, view
            self.tabs.addTab(view, title)
        self._build_leads(cards)
        self.replies_label = QLabel()
        self.replies_label.setStyleSheet("color:#555")
        cards.addStretch(1)
        layout.addLayout(cards)
        layout.addWidget(self.replies_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_chase())

    def _build_leads(self, cards: QHBoxLayout) -> None:
        """线索处置逾期 (only for the roles that may see leads: hidden, not even counted, for the others)."""
        self.lead_card = _Card("线索处置逾期", "#ad1457")
        self.lead_model = RowsTableModel(LEAD_COLUMNS)
        self.lead_view = make_table(self.lead_model)
        self.lead_view.setToolTip("双击或按回车打开该问题线索")
        self.lead_view.activated.connect(lambda idx: self.env.navigate("cases", self.lead_model.row(idx.row())["id"]))
        self.lead_tab = self.tabs.addTab(self.lead_view, "线索处置逾期")
        self.lead_card.clicked.connect(lambda: self.tabs.setCurrentIndex(self.lead_tab))
        cards.addWidget(self.lead_card)

    def _show_leads(self, section: dict | None) -> None:
        self.lead_card.setVisible(section is not None)
        self.tabs.setTabVisible(self.lead_tab, section is not None)
        if section is not None:
            self.lead_model.set_rows(section["rows"])
            self.lead_card.set_count(section["count"])
            self.tabs.setTabText(self.lead_tab, f"线索处置逾期（{section['count']}）")

    def _build_chase(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel("催办单："))
        self.chase_unit = QComboBox()
        self.chase_unit.setMinimumWidth(160)
        row.addWidget(self.chase_unit)
        self.chase_btn = QPushButton("导出催办单（Excel）…")
        self.chase_btn.clicked.connect(self._on_chase)
        row.addWidget(self.chase_btn)
        hint = QLabel("列出所选单位逾期和临期未整改的问题，可打印后送达督促。")
        hint.setStyleSheet("color:#666")
        row.addWidget(hint)
        row.addStretch(1)
        return row

    # --- data -------------------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.reload()

    def reload(self) -> None:
        ctx = self.env.ctx
        self.env.runner.run(lambda: workbench.today(ctx), on_done=self._show, parent=self)

    def _show(self, data: dict) -> None:
        self.data = data
        day = self.env.ctx.clock.today()
        self.today_label.setText(f"今天 {data['today']}（星期{WEEKDAYS[day.weekday()]}）")
        for key, _title, _c, _x in SECTIONS:
            section = data[key]
            self.models[key].set_rows(section["rows"])
            extra = ""
            if key == "due_soon":
                extra = " · ".join(f"{'当天' if t == 0 else f'≤{t}天'} {n}" for t, n in section["by_tier"].items())
            if section["count"] > len(section["rows"]):
                extra = (extra + " · " if extra else "") + f"显示前 {len(section['rows'])} 个"
            self.cards[key].set_count(section["count"], extra)
            idx = next(i for i, s in enumerate(SECTIONS) if s[0] == key)
            self.tabs.setTabText(idx, f"{SECTIONS[idx][1]}（{section['count']}）")
        self._show_leads(data.get("lead_overdue"))
        replies = data.get("replies")
        self.replies_label.setVisible(bool(replies))
        if replies:
            self.replies_label.setText(f"文书待回复：{replies['count']} 件" + (f"（{replies['error']}）" if replies.get("error") else ""))
        self._fill_units()

    def _fill_units(self) -> None:
        current = self.chase_unit.currentData()
        self.chase_unit.blockSignals(True)
        self.chase_unit.clear()
        self.chase_unit.addItem("全部单位", None)
        for u in problem_choices.unit_choices(self.env.ctx):
            self.chase_unit.addItem(u["name"], u["id"])
        self.chase_unit.setCurrentIndex(max(self.chase_unit.findData(current), 0))
        self.chase_unit.blockSignals(False)

    def _open(self, key: str, row: int) -> None:
        item = self.models[key].row(row)
        self.env.navigate("problems", item["id"])

    def open_record(self, record_id: str) -> None:
        self.env.navigate("problems", record_id)

    # --- chase list -------------------------------------------------------------------------------------------
    def _on_chase(self) -> None:
        name = self.chase_unit.currentText()
        default = str(Path.home() / f"催办单_{name}_{self.env.ctx.clock.today().isoformat()}.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "导出催办单", default, "Excel 文件 (*.xlsx)")
        if path:
            self.export_chase(path)

    def export_chase(self, path: str) -> None:
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        ctx, unit_id = self.env.ctx, self.chase_unit.currentData()
        self.env.runner.run(lambda: workbench.export_chase_list(ctx, path, unit_id), parent=self,
                            title="正在导出催办单……", on_done=lambda n: self._chased(n, path))

    def _chased(self, n: int, path: str) -> None:
        if n == 0:
            alerts.info(self, f"{self.chase_unit.currentText()}没有逾期或临期的问题；已导出空白催办单：\n{path}")
        else:
            alerts.info(self, f"已导出催办单，共 {n} 个问题：\n{path}")

    def save_state(self, settings) -> None:
        for key, view in self.views.items():
            save_header(settings, f"workbench/{key}", view)



