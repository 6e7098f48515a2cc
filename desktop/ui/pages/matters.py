"""监督台账: the master ledger of supervision matters, with derived problem counts (DOMAIN §8.1)."""

from __future__ import annotations

from desktop.core.models.matters import MATTER_CATEGORIES, MATTER_SOURCES, MATTER_STATUSES
from desktop.core.services.matters import records as matters
from desktop.core.services.org import users
from desktop.core.services.registry import units
from desktop.ui.dialogs.matter import MatterDialog
from desktop.ui.models.rows_model import Column
from desktop.ui.pages._ledger import LedgerPage
from desktop.ui.widgets.ledger import FilterCombo, detail_html

STATUS_COLOURS = {"已完成": "#dbe9f6", "已取消": "#e7e6e6"}


def _row_colour(row: dict) -> str | None:
    if row.get("overdue"):
        return "#f4cccc"
    return STATUS_COLOURS.get(row.get("status"))


class MattersPage(LedgerPage):
    KEY = "matters"
    NOUN = "监督事项"
    COUNT_UNIT = "项"
    EXPORT_NAME = "监督台账"
    SEARCH_HINT = "搜索事项、文号、对象、责任人（Ctrl+F）"
    DEFAULT_SORT = ("plan_due", True)
    COLUMNS = [
        Column("title", "监督事项", 210),
        Column("status", "状态", 56, color=_row_colour),
        Column("category", "类别", 44),
        Column("source", "来源", 84),
        Column("unit_names", "监督对象", 140),
        Column("lead_name", "责任人", 60),
        Column("plan_start", "计划开始", 84),
        Column("plan_due", "完成时限", 84, color=lambda r: "#f4cccc" if r.get("overdue") else None),
        Column("found_count", "发现问题", 60, align_right=True),
        Column("rectified_count", "已整改", 52, align_right=True),
    ]
    SORT = {c: c for c in ("title", "category", "source", "unit_names", "lead_name", "plan_start", "plan_due",
                           "found_count", "rectified_count", "status")}

    def _build_filters(self, bar) -> None:
        self.source_filter = FilterCombo("全部来源", MATTER_SOURCES)
        self.category_filter = FilterCombo("全部类别", MATTER_CATEGORIES)
        self.status_filter = FilterCombo("全部状态", MATTER_STATUSES)
        self.unit_filter = FilterCombo("全部对象")
        year = self.env.ctx.clock.today().year
        self.year_filter = FilterCombo("全部年度", [(f"{y}年", y) for y in range(year, year - 4, -1)])
        for combo in (self.source_filter, self.category_filter, self.status_filter, self.unit_filter,
                      self.year_filter):
            bar.addWidget(combo)
            self._connect_filter(combo)

    def _refresh_choices(self) -> None:
        self.unit_filter.set_items([(u["name"], u["id"]) for u in units.list_units(self.env.ctx)
                                    if u["type"] != "村民小组"])

    def _filters(self) -> dict:
        return {"source": self.source_filter.value(), "category": self.category_filter.value(),
                "status": self.status_filter.value(), "unit_id": self.unit_filter.value(),
                "year": self.year_filter.value()}

    def _clear_filters(self) -> None:
        for combo in (self.source_filter, self.category_filter, self.status_filter, self.unit_filter,
                      self.year_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    def _load(self, filters: dict) -> list[dict]:
        return matters.list_matters(self.env.ctx, **filters)

    def _detail_html(self, m: dict) -> str:
        pairs = [
            ("来源", m["source"]), ("监督类别", m["category"]), ("依据文件", m["basis_doc"]),
            ("上级任务编号", m["source_ref"]), ("监督对象", m["unit_names"]), ("责任人", m["lead_name"]),
            ("计划时限", f"{m['plan_start'] or '—'} 至 {m['plan_due'] or '—'}" + ("（已逾期）" if m["overdue"] else "")),
            ("状态", m["status"]), ("监督重点", m["focus"]), ("监督方式", m["method"]),
            ("开展情况", m["summary"]), ("发现问题数", m["found_count"]), ("已整改数", m["rectified_count"]),
            ("备注", m["note"]),
        ]
        link = (f"<p><a href='#problems'>查看该事项发现的 {m['found_count']} 个问题 →</a></p>"
                if m["found_count"] else "<p style='color:#888'>该事项下暂无问题。问题数由问题台账自动统计。</p>")
        return detail_html(m["title"], pairs, link)

    def _on_link(self, url) -> None:
        row = self.current_row()
        if row and url.toString() == "#problems":
            self.env.navigate("problems", f"matter:{row['id']}")

    def _open_dialog(self, row):
        ctx = self.env.ctx
        unit_rows = [u for u in units.list_units(ctx, active_only=True) if u["type"] != "村民小组"]
        matter = matters.get_matter(ctx, row["id"]) if row else None
        save = ((lambda v: matters.update(ctx, row["id"], v)) if row else (lambda v: matters.create(ctx, v)))
        return MatterDialog(self.env, save, units=unit_rows, users=users.list_users(ctx), matter=matter, parent=self)

    def _delete(self, row, reason):
        matters.delete(self.env.ctx, row["id"], reason=reason)

    def _export(self, path, filters):
        return matters.export_xlsx(self.env.ctx, path, **filters)



