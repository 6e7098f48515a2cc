"""统计报表: pick a period and units; the figures with 同比/环比 (口径 as tooltips), breakdowns, charts and the
回访/满意度测评 register. Every number and every bar opens the records behind it. The report workbook and the written
report are written in the background with progress. All statistics run on the worker thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.services.stats import periods, service
from desktop.ui import alerts

BY_CHOICES = (("按村（社区）", "village"), ("按问题类别", "category"), ("按专题", "topic"), ("按乡镇（街道）", "township"),
              ("按职务层级（线索案件）", "position"))
TABLE_CODES = ("S1", "S4", "S5", "S5R", "S6", "S7", "D1", "D2", "T1", "F1", "M1", "C1", "C3", "C4")
FIG_COLS = ("代码", "指标", "本期", "单位", "上期", "环比", "去年同期", "同比")


def period_choices(today) -> list[tuple[str, str]]:
    cur_q = periods.current(today, "quarter")
    prev_q = periods.previous(cur_q)
    m = periods.current(today, "month")
    y = periods.current(today, "year")
    out = [(cur_q.label, cur_q.key), (prev_q.label, prev_q.key), (m.label, m.key),
           (periods.previous(m).label, periods.previous(m).key), (y.label + "（全年）", y.key)]
    h = periods.current(today, "half")
    out += [(h.label, h.key), (periods.previous(h).label, periods.previous(h).key),
            (periods.previous(y).label + "（全年）", periods.previous(y).key)]
    return out


def _item(text: str, tip: str = "", data=None, bold: bool = False, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if bold:
        f = QFont()
        f.setBold(True)
        item.setFont(f)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _change(v, unit: str) -> str:
    if v is None:
        return "—"
    return f"{v:+.1f}{'个百分点' if unit == '%' else '%'}"


class StatsPage(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.result = None
        self.submissions: dict[str, str] = {}
        self.drill_dialog = None
        self.chart_views: list = []
        self._charts_built = False
        self._unit_actions: list[QAction] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("统计期间："))
        self.period = QComboBox()
        self.period.setEditable(True)
        self.period.setMinimumWidth(200)
        for label, key in period_choices(env.ctx.clock.today()):
            self.period.addItem(label, key)
        self.period.setToolTip("可选，也可直接输入：2026-11（月）、2026Q3（季度）、2026H1（半年）、2026（年）或 "
                               "2026-01-01..2026-03-31")
        bar.addWidget(self.period)
        bar.addWidget(QLabel("单位："))
        self.units_button = QToolButton()
        self.units_button.setText("全部单位")
        self.units_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.units_menu = QMenu(self)
        self.units_button.setMenu(self.units_menu)
        bar.addWidget(self.units_button)
        self.run_button = QPushButton("统计")
        self.run_button.clicked.connect(self.refresh)
        bar.addWidget(self.run_button)
        bar.addStretch(1)
        self.report_button = QPushButton("生成统计表和文字稿…")
        self.report_button.setToolTip("Excel 统计表（含图表）、Word 与 PDF 文字稿，保存到所选文件夹")
        self.report_button.clicked.connect(self.write_report)
        bar.addWidget(self.report_button)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("statsSummary")
        self.summary.setStyleSheet("color:#444")
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.figures = self._table(FIG_COLS)
        self.figures.cellClicked.connect(self._figure_clicked)
        self.tabs.addTab(self.figures, "主要指标")
        bd = QWidget()
        bl = QVBoxLayout(bd)
        row = QHBoxLayout()
        self.by = QComboBox()
        for label, key in BY_CHOICES:
            self.by.addItem(label, key)
        if env.ctx.is_district:
            self.by.setCurrentIndex(self.by.findData("township"))
        self.by.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(self.by)
        row.addStretch(1)
        bl.addLayout(row)
        self.breakdown = self._table(())
        self.breakdown.cellClicked.connect(self._breakdown_clicked)
        bl.addWidget(self.breakdown)
        self.tabs.addTab(bd, "分组统计")
        self.chart_area = QScrollArea()
        self.chart_area.setWidgetResizable(True)
        self.tabs.addTab(self.chart_area, "图表")
        self.tabs.addTab(self._surveys_tab(), "回访与满意度测评")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.period.activated.connect(lambda _i: self.refresh())
        self.period.lineEdit().returnPressed.connect(self.refresh)

    # ------------------------------------------------------------------ building blocks
    @staticmethod
    def _table(cols) -> QTableWidget:
        t = QTableWidget(0, len(cols))
        t.setHorizontalHeaderLabels(list(cols))
        t.verticalHeader().hide()
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setMouseTracking(True)
        return t

    def _surveys_tab(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        row = QHBoxLayout()
        self.add_survey_button = QPushButton("登记测评…")
        self.add_survey_button.clicked.connect(self.add_survey)
        self.delete_survey_button = QPushButton("删除")
        self.delete_survey_button.clicked.connect(self.delete_survey)
        for b in (self.add_survey_button, self.delete_survey_button):
            b.setEnabled(not self.env.read_only)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.surveys = self._table(("测评日期", "村（社区）", "类型", "受访人数", "满意人数", "满意率", "测评人"))
        self.surveys.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        lay.addWidget(self.surveys)
        return w

    # ------------------------------------------------------------------ state
    def on_shown(self) -> None:
        self._fill_units()
        self.refresh()

    def period_key(self) -> str:
        text = self.period.currentText().strip()
        i = self.period.findText(text)
        return self.period.itemData(i) if i >= 0 else text

    def selected_units(self) -> list[str]:
        return [a.data() for a in self._unit_actions if a.isChecked()]

    def _fill_units(self) -> None:
        if self._unit_actions:
            return
        from desktop.core.services.registry import units

        if self.env.ctx.is_district:
            from desktop.core.services.stats import scope

            with self.env.ctx.reader() as s:
                choices = scope.townships(s, self.env.ctx)
        else:
            choices = [(u["id"], u["name"] + ("" if u["active"] else "（已停用）"))
                       for u in units.list_units(self.env.ctx, types=("行政村", "社区", "镇直站所", "村集体经济组织"))]
        for key, name in choices:
            act = QAction(name, self.units_menu)
            act.setCheckable(True)
            act.setData(key)
            act.toggled.connect(self._units_changed)
            self.units_menu.addAction(act)
            self._unit_actions.append(act)

    def _units_changed(self, _on=False) -> None:
        chosen = [a.text() for a in self._unit_actions if a.isChecked()]
        self.units_button.setText("全部单位" if not chosen else "、".join(chosen[:2]) + (f"等{len(chosen)}个"
                                                                                      if len(chosen) > 2 else ""))

    # ------------------------------------------------------------------ compute
    def refresh(self) -> None:
        ctx, period, units, by = self.env.ctx, self.period_key(), self.selected_units() or None, self.by.currentData()
        self.run_button.setEnabled(False)
        self.summary.setText("正在统计……")
        def job():
            from desktop.core.services.stats import report

            result = service.compute(ctx, period, units=units, by=by)
            return result, (report.submission_status(ctx, period) if by == "township" else {})

        self.env.runner.run(job, on_done=self._show, on_error=self._failed, parent=self)
        if self._charts_built:
            self._load_charts()
        self._load_surveys()

    def _failed(self, exc) -> None:
        self.run_button.setEnabled(True)
        self.summary.setText(str(exc))
        alerts.show_error(self, exc)

    def _show(self, done) -> None:
        result, self.submissions = done
        self.run_button.setEnabled(True)
        self.result = result
        scope = "、".join(result.units) if result.units else "全部单位"
        s4, s5, rate = (result.figure(c) for c in ("S4", "S5", "S5R"))
        self.summary.setText(f"{result.label}（{result.start} 至 {result.end}），{scope}：发现问题 {s4.text} 个，"
                             f"整改销号 {s5.text} 个，整改率 {rate.text}。点击任一数字查看明细记录。")
        t = self.figures
        t.setRowCount(len(result.figures))
        for i, f in enumerate(result.figures):
            tip = f"口径：{f.rule}" + (f"\n{f.pending}" if f.pending else "")
            t.setItem(i, 0, _item(f.code, tip, f.code))
            t.setItem(i, 1, _item(f.name, tip, f.code))
            value = _item(f.text, tip + "\n点击查看明细记录", f.code, bold=True, align_right=True)
            if f.value is not None:
                value.setForeground(Qt.GlobalColor.darkBlue)
            t.setItem(i, 2, value)
            t.setItem(i, 3, _item(f.unit, tip, f.code))
            t.setItem(i, 4, _item(service.display(f.mom_value, f.unit), "上期", f.code, align_right=True))
            t.setItem(i, 5, _item(_change(f.mom, f.unit), "环比：与上期比较", f.code, align_right=True))
            t.setItem(i, 6, _item(service.display(f.yoy_value, f.unit), "去年同期", f.code, align_right=True))
            t.setItem(i, 7, _item(_change(f.yoy, f.unit), "同比：与去年同期比较", f.code, align_right=True))
        t.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for j, w in ((0, 56), (2, 90), (3, 48), (4, 80), (5, 110), (6, 80), (7, 110)):
            t.setColumnWidth(j, w)
        self._show_breakdown(result.breakdown)

    def _show_breakdown(self, bd) -> None:
        t = self.breakdown
        if bd is None:
            t.setRowCount(0)
            return
        from desktop.core.services.stats.figures import registry

        reg = registry()
        codes = [c for c in TABLE_CODES if c in bd.codes] or bd.codes[:12]
        subs = self.submissions if bd.by == "township" else {}
        t.setColumnCount(1 + len(codes) + (1 if subs else 0))
        t.setHorizontalHeaderLabels([bd.label] + [f"{reg[c].name}" for c in codes] + (["报送情况"] if subs else []))
        for j, c in enumerate(codes, 1):
            t.horizontalHeaderItem(j).setToolTip(f"{reg[c].name}（{reg[c].unit}）\n口径：{reg[c].rule}")
        t.setRowCount(len(bd.keys))
        for i, (key, name) in enumerate(bd.keys):
            t.setItem(i, 0, _item(name))
            for j, c in enumerate(codes, 1):
                v = bd.cells[c].get(key, None if reg[c].agg == "ratio" else 0)
                t.setItem(i, j, _item(service.display(v, reg[c].unit), f"{name}：{reg[c].name}\n点击查看明细记录",
                                      (c, bd.by, key), align_right=True))
            if subs:
                t.setItem(i, len(codes) + 1, _item(subs.get(key, ""), "该乡镇本期数据包是否已导入"))
        t.resizeColumnsToContents()

    # ------------------------------------------------------------------ drill-down
    def _figure_clicked(self, row: int, _col: int) -> None:
        item = self.figures.item(row, 0)
        if item is not None:
            self.drill(item.data(Qt.ItemDataRole.UserRole))

    def _breakdown_clicked(self, row: int, col: int) -> None:
        item = self.breakdown.item(row, col)
        data = item.data(Qt.ItemDataRole.UserRole) if item else None
        if data:
            code, by, key = data
            self.drill(code, by=by, key=key)

    def drill(self, code: str, *, period: str | None = None, by: str | None = None, key: str | None = None) -> None:
        ctx, p, units = self.env.ctx, period or self.period_key(), self.selected_units() or None
        self.env.runner.run(lambda: service.drill(ctx, code, p, units=units, by=by, key=key),
                            on_done=self._show_drill, parent=self)

    def _show_drill(self, result) -> None:
        from desktop.ui.dialogs.stats_drill import DrillDialog

        self.drill_dialog = DrillDialog(self.env, result, self)
        self.drill_dialog.open()

    # ------------------------------------------------------------------ charts
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.chart_area and not self._charts_built:
            self._build_charts()
            self._load_charts()

    def _build_charts(self) -> None:
        from desktop.ui.widgets.stats_chart import ChartView  # matplotlib: only now

        holder = QWidget()
        grid = QGridLayout(holder)
        n = 6 if self.env.ctx.is_district else 5
        for i in range(n):
            view = ChartView()
            view.picked.connect(self._chart_picked)
            grid.addWidget(view, i // 2, i % 2)
            self.chart_views.append(view)
        self.chart_area.setWidget(holder)
        self._charts_built = True

    def _load_charts(self) -> None:
        from desktop.core.services.stats import charts

        ctx, period, units = self.env.ctx, self.period_key(), self.selected_units() or None
        self.env.runner.run(lambda: charts.chart_list(ctx, period, units), on_done=self._show_charts, parent=self)

    def _show_charts(self, data) -> None:
        for view, chart in zip(self.chart_views, data, strict=False):
            view.show_chart(chart)

    def _chart_picked(self, chart, series: int, index: int) -> None:
        if index >= len(chart.keys):
            return
        key = chart.keys[index]
        if chart.by == "":          # a month of the trend: that month's records of the series
            self.drill(chart.series[series][0], period=key)
        elif chart.by == "form":    # a wedge of the 四种形态 pie: that form
            self.drill(key)
        else:
            self.drill(chart.series[0][0], by=chart.by, key=key)

    # ------------------------------------------------------------------ reports
    def write_report(self, out_dir=None) -> None:
        if out_dir is None:
            from desktop.ui import files

            out_dir = files.folder(self, "选择保存统计报表的文件夹")
            if out_dir is None:
                return
        from desktop.core.services.stats import report

        ctx, period, units = self.env.ctx, self.period_key(), self.selected_units() or None
        self.report_button.setEnabled(False)
        self.env.runner.run(lambda: report.write_all(ctx, period, out_dir, units=units), title="正在生成统计报表",
                            on_done=self._report_done, on_error=self._report_failed, parent=self)

    def _report_done(self, paths) -> None:
        self.report_button.setEnabled(True)
        self.last_report = paths
        alerts.info(self, "统计报表已生成：\n" + "\n".join(str(p) for p in paths.values()))

    def _report_failed(self, exc) -> None:
        self.report_button.setEnabled(True)
        alerts.show_error(self, exc)

    # ------------------------------------------------------------------ 回访/满意度测评
    def _load_surveys(self) -> None:
        from desktop.core.services.stats import surveys

        ctx = self.env.ctx
        try:
            p = periods.parse(self.period_key())
        except Exception:  # noqa: BLE001 - the figures job reports the bad period
            return
        self.env.runner.run(lambda: surveys.list_surveys(ctx, start=p.start.isoformat(), end=p.end.isoformat()),
                            on_done=self._show_surveys, parent=self)

    def _show_surveys(self, found) -> None:
        t = self.surveys
        t.setRowCount(len(found))
        for i, s in enumerate(found):
            for j, text in enumerate((s.survey_date, s.unit_name, s.kind, str(s.respondents), str(s.satisfied),
                                      f"{s.rate:.1f}%" if s.rate is not None else "—", s.surveyor or "")):
                t.setItem(i, j, _item(text, data=s.id))
        t.resizeColumnsToContents()

    def add_survey(self) -> None:
        from desktop.core.services.registry import units
        from desktop.core.services.stats import surveys
        from desktop.ui.dialogs.survey import SurveyDialog

        choices = [(u["name"], u["id"]) for u in units.list_units(self.env.ctx, types=("行政村", "社区"),
                                                                   active_only=True)]
        ctx = self.env.ctx
        self.survey_dialog = SurveyDialog(self.env, lambda v: surveys.add(ctx, v), units=choices, parent=self)
        self.survey_dialog.accepted.connect(self.refresh)
        self.survey_dialog.open()

    def delete_survey(self) -> None:
        from desktop.core.services.stats import surveys

        row = self.surveys.currentRow()
        if row < 0:
            alerts.info(self, "请先选择要删除的测评记录。")
            return
        sid = self.surveys.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if not alerts.question(self, "删除这条测评记录？删除后不再计入群众满意度。"):
            return
        ctx = self.env.ctx
        self.env.runner.run(lambda: surveys.delete(ctx, sid, "界面删除"), on_done=lambda _r: self.refresh(),
                            parent=self)
