"""问题整改: the problem ledger — paged table (keyset, sort and filters in SQL), full-text search with the
count always shown, detail panel with timeline and attachments, a dialog for every lifecycle action,
bulk actions, Excel export and import of a legacy ledger."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models.problems import HANDLINGS, SOURCES, STATUSES
from desktop.core.services import attachments
from desktop.core.services.problems import choices as problem_choices
from desktop.core.services.problems import query as problem_query
from desktop.core.services.problems import records as problems
from desktop.core.services.problems.rules import COLOUR_LABELS
from desktop.core.services.talks import records as talks
from desktop.ui import alerts
from desktop.ui.dialogs.problem import ProblemDialog
from desktop.ui.dialogs.problem_action import ProblemActionDialog
from desktop.ui.models.paged import PagedTableModel
from desktop.ui.models.rows_model import Column
from desktop.ui.widgets.ledger import FilterCombo, make_table, restore_header, save_header
from desktop.ui.widgets.problem_detail import ProblemDetail
from desktop.ui.widgets.township_filter import FOREIGN_NOTE, TownshipFilter, is_foreign, with_township_column

BG = {"red": "#f4cccc", "yellow": "#fff2cc", "blue": "#dbe9f6", "green": "#e2efda", "grey": "#e7e6e6"}
BULK_ACTIONS = ("交办", "延期", "催办")


def _bg(row: dict) -> str | None:
    return BG.get(row.get("colour"))


def _days(v) -> str:
    if v is None:
        return ""
    return f"逾期 {-v} 天" if v < 0 else f"{v} 天"


COLUMNS = [
    Column("no", "编号", 80, color=_bg),
    Column("unit_name", "单位", 90),
    Column("category", "类别", 90),
    Column("problem_type", "问题类型", 100),
    Column("description", "问题描述", 260),
    Column("people_names", "责任人", 70),
    Column("handling", "处置方式", 70),
    Column("found_date", "发现日期", 86),
    Column("deadline", "整改时限", 86, color=_bg),
    Column("days_left", "剩余", 70, fmt=_days, color=_bg, align_right=True),
    Column("status", "状态", 64, color=_bg),
    Column("relapse_count", "反弹", 44, fmt=lambda v: str(v) if v else "", align_right=True),
]
SORT = {"no": "no", "unit_name": "unit", "category": "category", "problem_type": "problem_type",
        "description": "description", "people_names": "people", "handling": "handling", "found_date": "found_date",
        "deadline": "deadline", "days_left": "deadline", "status": "status", "relapse_count": "relapse_count"}


class ProblemsPage(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.sort = ("found_date", "desc")
        self.fixed_ids: list[str] | None = None  # "show only these" (e.g. from the workbench)
        self.current_id: str | None = None
        self.dialog = None
        self.columns = with_township_column(env.ctx, COLUMNS)  # + 乡镇 in the district role
        self.model = PagedTableModel(self.columns, page_size=200)
        self.total = 0
        self._search_timer = QTimer(self, singleShot=True, interval=300)
        self._search_timer.timeout.connect(self.reload)
        self._build()
        restore_header(env.settings, "problems/header", self.table)
        self._choices_loaded = False

    # --- building ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_search_row())
        layout.addLayout(self._build_filter_row())
        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = make_table(self.model, multi=True)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        found = next(i for i, c in enumerate(self.columns) if c.key == "found_date")
        self.table.horizontalHeader().setSortIndicator(found, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.detail = ProblemDetail(self.env, self._on_add_files)
        self.detail.action_requested.connect(self._on_action)
        self.detail.edit_requested.connect(self._on_edit)
        self.detail.delete_requested.connect(self._on_delete)
        self.detail.link_clicked.connect(self._on_link)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.detail.setMinimumWidth(380)
        layout.addWidget(split, 1)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self._on_new)

    def _build_search_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("全文检索：描述、措施、姓名、单位、编号（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.reload)
        row.addWidget(self.search)
        self.new_btn = QPushButton("登记问题")
        self.new_btn.clicked.connect(self._on_new)
        self.bulk_btn = QToolButton()
        self.bulk_btn.setText("批量操作")
        self.bulk_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.bulk_btn)
        for action in BULK_ACTIONS:
            label = {"延期": "批量设定新时限（延期）", "交办": "批量交办", "催办": "批量催办"}[action]
            menu.addAction(label, lambda a=action: self._on_bulk(a))
        self.bulk_btn.setMenu(menu)
        self.export_btn = QPushButton("导出 Excel")
        self.export_btn.clicked.connect(self._on_export)
        self.import_btn = QPushButton("导入旧台账…")
        self.import_btn.clicked.connect(self._on_import)
        for w in (self.new_btn, self.bulk_btn, self.export_btn, self.import_btn):
            row.addWidget(w)
        self.lead_btn = self._build_lead_button()
        if self.lead_btn is not None:
            row.addWidget(self.lead_btn)
        for w in (self.new_btn, self.bulk_btn, self.import_btn):
            w.setEnabled(not self.env.read_only)
        row.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("count")
        row.addWidget(self.count_label)
        return row

    def _build_lead_button(self) -> QPushButton | None:
        """转为问题线索 (管理员/负责人 only: the lead it becomes is a sensitive record)."""
        from desktop.core.services.cases import access

        if not access.can_see(self.env.ctx) or self.env.read_only:
            return None
        btn = QPushButton("转为问题线索…")
        btn.setToolTip("该问题涉嫌违纪，转为问题线索处置（问题结束整改流程，线索与问题互相关联）")
        btn.clicked.connect(self._on_to_lead)
        return btn

    def _on_to_lead(self) -> None:
        from desktop.core.services.cases import leads

        if not self.current_id:
            return alerts.info(self, "请先选择一个问题。")
        if not alerts.question(self, "将该问题转为问题线索？问题将结束整改流程（已移交），转入线索处置。"):
            return
        ctx, pid = self.env.ctx, self.current_id
        self.env.runner.run(lambda: leads.from_problem(ctx, pid, {}), parent=self,
                            on_done=lambda lead: (self.reload(), self.env.navigate("cases", lead.id)))

    def _build_filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.township = TownshipFilter(self.env)  # district role only
        self.township.setToolTip("按乡镇筛选")
        self.township.changed.connect(self.reload)
        row.addWidget(self.township)
        self.unit_filter = FilterCombo("全部单位")
        self.status_filter = FilterCombo("全部状态", STATUSES)
        self.colour_filter = FilterCombo("全部颜色", [(v, k) for k, v in COLOUR_LABELS.items()])
        self.category_filter = FilterCombo("全部类别")
        self.type_filter = FilterCombo("全部问题类型")
        self.period_filter = FilterCombo("全部时间")
        self.source_filter = FilterCombo("全部来源", SOURCES)
        self.matter_filter = FilterCombo("全部监督事项")
        self.matter_filter.setMaximumWidth(200)
        self.handling_filter = FilterCombo("全部处置方式", HANDLINGS)
        self.filters = (self.unit_filter, self.status_filter, self.colour_filter, self.category_filter,
                        self.type_filter, self.period_filter, self.source_filter, self.matter_filter,
                        self.handling_filter)
        for combo in self.filters:
            combo.setToolTip(combo.all_label.replace("全部", "按") + "筛选")
            combo.currentIndexChanged.connect(lambda _i: self.reload())
            row.addWidget(combo)
        self.clear_btn = QPushButton("清除筛选")
        self.clear_btn.clicked.connect(self.clear_filters)
        row.addWidget(self.clear_btn)
        row.addStretch(1)
        return row

    def _load_choices(self) -> None:
        ctx = self.env.ctx
        cat = problem_choices.catalogue(ctx)
        self.unit_filter.set_items([(u["name"], u["id"]) for u in problem_choices.unit_choices(ctx)])
        self.category_filter.set_items(cat["categories"])
        self.type_filter.set_items([n for _g, n in cat["types"]])
        self.matter_filter.set_items([(m["title"], m["id"]) for m in problem_choices.matter_choices(ctx)])
        today = ctx.clock.today()
        periods = [("近30天", ((today - timedelta(days=30)).isoformat(), today.isoformat())),
                   ("近三个月", ((today - timedelta(days=91)).isoformat(), today.isoformat()))]
        periods += [(f"{y}年", (f"{y}-01-01", f"{y}-12-31")) for y in range(today.year, today.year - 4, -1)]
        self.period_filter.set_items(periods)
        self._choices_loaded = True

    # --- loading ----------------------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if not self._choices_loaded:
            self._load_choices()
            self.reload()

    def current_filters(self) -> dict:
        f = {"unit_id": self.unit_filter.value(), "status": self.status_filter.value(),
             "colour": self.colour_filter.value(), "category": self.category_filter.value(),
             "problem_type": self.type_filter.value(), "source": self.source_filter.value(),
             "matter_id": self.matter_filter.value(), "handling": self.handling_filter.value(),
             "text": self.search.text().strip(), "origin_site": self.township.site_code()}
        period = self.period_filter.value()
        if period:
            f["found_from"], f["found_to"] = period
        if self.fixed_ids is not None:
            f["ids"] = self.fixed_ids or ["-"]
        return {k: v for k, v in f.items() if v not in (None, "")}

    def reload(self) -> None:
        """Reload from the top with the current filters and sort. The first page and the total are read by
        the runner (a search over 100,000 problems must not freeze the window); later pages load as the user
        scrolls (a few milliseconds each)."""
        if not self._choices_loaded:
            self._load_choices()
        filters, sort, ctx = self.current_filters(), self.sort, self.env.ctx

        def loader(after, limit):
            page = problem_query.page_problems(ctx, filters, sort, after=after, limit=limit, with_total=False)
            return page["rows"], page["next"]

        def first():
            total = problem_query.count_problems(ctx, filters)  # no join to unit: fast on 100k rows
            if total == 0:  # e.g. a township that sent nothing yet: do not scan the sort index for nothing
                return [], None, 0
            rows, cursor = loader(None, self.model.page_size)
            return rows, cursor, total

        def show(result):
            rows, cursor, total = result
            self.model.reset(loader, (rows, cursor))
            self._set_total(total)
            self._reselect()

        def failed(exc):
            self.model.reset(None)
            self._set_total(0)
            alerts.show_error(self, exc)

        self.count_label.setText("正在查询……")
        self.env.runner.run(first, on_done=show, on_error=failed, parent=self)

    def _set_total(self, total: int) -> None:
        self.total = total
        text = f"共 {total} 个问题"
        if self.search.text().strip():
            text = f"检索到 {total} 个问题"
        if self.fixed_ids is not None:
            text += "（仅显示工作台所选）"
        self.count_label.setText(text)

    def _reselect(self) -> None:
        i = self.model.find(self.current_id) if self.current_id else -1
        if i >= 0:
            self.table.selectRow(i)
            self.table.scrollTo(self.model.index(i, 0))
        else:
            self._show_current()

    def _reset_township(self) -> None:
        self.township.combo.blockSignals(True)
        self.township.combo.setCurrentIndex(0)
        self.township.combo.blockSignals(False)

    def clear_filters(self) -> None:
        self._reset_township()
        for combo in self.filters:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.fixed_ids = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.reload()

    def show_only(self, ids: list[str]) -> None:
        """Show just these problems (e.g. a workbench list); 清除筛选 shows everything again."""
        self.fixed_ids = list(ids)
        self.reload()

    def open_record(self, record_id: str) -> None:
        """Open a problem (by id), or 'matter:<id>' to list the problems of a supervision matter."""
        if not self._choices_loaded:
            self._load_choices()
        if record_id.startswith("matter:"):
            self.clear_filters()
            self.matter_filter.set_value(record_id.split(":", 1)[1])
            return
        self.current_id = record_id
        if self.model.find(record_id) < 0:
            self.fixed_ids = None
            self._reset_township()
            for combo in self.filters:
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.reload()
        else:
            self._reselect()
        self._show_current()

    def _on_header_clicked(self, section: int) -> None:
        key = SORT.get(self.columns[section].key)
        if key is None:
            return
        direction = "desc" if self.sort == (key, "asc") else "asc"
        self.sort = (key, direction)
        order = Qt.SortOrder.DescendingOrder if direction == "desc" else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)
        self.reload()

    # --- selection and detail ---------------------------------------------------------------------------------
    def selected_rows(self) -> list[dict]:
        return [self.model.row(i.row()) for i in self.table.selectionModel().selectedRows()]

    def _on_selection(self) -> None:
        sel = self.selected_rows()
        if len(sel) == 1:
            self.current_id = sel[0]["id"]
            self._show_current()
        elif len(sel) > 1:
            self.env.status(f"已选择 {len(sel)} 个问题，可使用“批量操作”")

    def _show_current(self) -> None:
        if not self.current_id:
            self.detail.show_problem(None)
            return
        from desktop.core.errors import NotFound

        try:
            p = problems.get_problem(self.env.ctx, self.current_id)
            p["talks"] = talks.list_talks(self.env.ctx, problem_id=p["id"])
            self.detail.show_problem(p)
        except NotFound:
            self.current_id = None
            self.detail.show_problem(None)

    def _on_link(self, href: str) -> None:
        if href.startswith("#talk:"):
            self.env.navigate("talks", href.split(":", 1)[1])

    def _refresh_current(self, problem: dict | None = None) -> None:
        """After a change: refresh the detail and the row in place (keeps scroll position and paging)."""
        if problem is not None:
            self.current_id = problem["id"]
        self._show_current()
        i = self.model.find(self.current_id)
        if i >= 0:
            fresh = problem_query.page_problems(self.env.ctx, {"ids": [self.current_id]}, with_total=False)["rows"]
            if fresh:
                self.model.replace_row(i, fresh[0])

    # --- actions ----------------------------------------------------------------------------------------------
    def _open(self, dlg, on_saved) -> None:
        self.dialog = dlg
        dlg.accepted.connect(lambda: on_saved(dlg.saved))
        dlg.open()

    def _form_choices(self) -> dict:
        ctx = self.env.ctx
        cat = problem_choices.catalogue(ctx)
        return {"units": problem_choices.unit_choices(ctx), "matters": problem_choices.matter_choices(ctx),
                "categories": cat["categories"], "types": cat["types"]}

    def _on_new(self) -> None:
        if self.env.read_only:
            return
        ctx = self.env.ctx
        dlg = ProblemDialog(self.env, lambda v: problems.create_problem(ctx, v), choices=self._form_choices(),
                            people_of=lambda u: problem_choices.people_of(ctx, u), parent=self)
        self._open(dlg, self._after_create)

    def _after_create(self, row: dict) -> None:
        self.env.status(f"已登记问题 {row['no']}")
        self.current_id = row["id"]
        self.reload()
        self._show_current()

    def _on_edit(self) -> None:
        p = self.detail.problem
        if p is None:
            return
        ctx = self.env.ctx
        dlg = ProblemDialog(self.env, lambda v: problems.update_problem(ctx, p["id"], v), choices=self._form_choices(),
                            problem=p, people_of=lambda u: problem_choices.people_of(ctx, u), parent=self)
        self._open(dlg, lambda _row: self._refresh_current())

    def _on_delete(self) -> None:
        p = self.detail.problem
        if p is None:
            return
        reason, ok = QInputDialog.getText(self, "删除问题", f"删除问题 {p['no']} 的原因（必填，记入操作日志）：")
        if not ok:
            return
        self.env.runner.run(lambda: problems.delete_problem(self.env.ctx, p["id"], reason),
                            on_done=lambda _r: self._after_delete(), parent=self)

    def _after_delete(self) -> None:
        self.current_id = None
        self.reload()

    def _on_action(self, action: str) -> None:
        p = self.detail.problem
        if p is None:
            return
        ctx = self.env.ctx
        dlg = ProblemActionDialog(self.env, p, action, lambda payload: problems.transition(ctx, p["id"], action,
                                                                                           **payload), parent=self)
        self._open(dlg, lambda row: self._after_action(action, row))

    def _after_action(self, action: str, row: dict) -> None:
        self.env.status(f"问题 {row['no']}：已{action}，当前状态“{row['status']}”")
        self._refresh_current(row)

    def _on_add_files(self, paths: list[str]) -> None:
        p = self.detail.problem
        if p is None:
            return
        ctx = self.env.ctx

        def add():
            for path in paths:
                attachments.add_file(ctx, path, "problem", p["id"])
            return len(paths)

        self.env.runner.run(add, on_done=lambda n: (self.env.status(f"已添加 {n} 个附件"), self._show_current()),
                            title="正在保存附件……", parent=self)

    def _on_bulk(self, action: str) -> None:
        rows = self.selected_rows()
        if len(rows) < 2:
            alerts.info(self, "请先在表格中选择多个问题（按住 Ctrl 或 Shift 点选）。")
            return
        if any(is_foreign(self.env, r) for r in rows):
            alerts.info(self, f"所选问题中有{FOREIGN_NOTE}，不能批量操作。")
            return
        ids = [r["id"] for r in rows]
        fake = {"no": f"已选 {len(ids)} 个问题", "status": "、".join(sorted({r["status"] for r in rows})),
                "unit_name": "", "description": "、".join(r["no"] for r in rows[:12]) + ("……" if len(rows) > 12 else ""),
                "found_date": min(r["found_date"] for r in rows)}
        ctx = self.env.ctx
        dlg = ProblemActionDialog(self.env, fake, action,
                                  lambda payload: problems.transition_many(ctx, ids, action, **payload), parent=self)
        dlg.setWindowTitle(f"批量{action}（{len(ids)} 个问题）")
        self._open(dlg, lambda out: self._after_bulk(action, out))

    def _after_bulk(self, action: str, out: list) -> None:
        alerts.info(self, f"已对 {len(out)} 个问题执行“{action}”。")
        self.reload()

    def _on_export(self) -> None:
        default = str(Path.home() / "问题整改台账.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "导出问题整改台账", default, "Excel 文件 (*.xlsx)")
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        from desktop.ui.dialogs import ledger_io as problems_io

        problems_io.export(self, path, self.current_filters(), self.sort)

    def _on_import(self) -> None:
        from desktop.ui.dialogs import ledger_io as problems_io

        problems_io.start_import(self)

    def save_state(self, settings) -> None:
        save_header(settings, "problems/header", self.table)
