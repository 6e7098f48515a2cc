"""线索处置 tab of the 线索与案件 page: register, correct, dispose, record results, view the reporter (audited),
import/export the legacy ledger, and (负责人) export the separate sensitive package."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from desktop.core.models.cases import LEAD_SOURCES, LEAD_STATUSES
from desktop.core.services.cases import disposal, io, leads
from desktop.core.services.registry import people
from desktop.ui import alerts
from desktop.ui.dialogs.case_file import CaseStepDialog
from desktop.ui.dialogs.lead import DisposeDialog, LeadDialog
from desktop.ui.models.rows_model import Column
from desktop.ui.pages._case_base import _overdue, _rows_html, _Tab
from desktop.ui.widgets.ledger import FilterCombo, detail_html


class LeadsTab(_Tab):
    EDITABLE = True
    KEY = "leads"
    NOUN = "问题线索"
    EXPORT_NAME = "问题线索处置台账"
    SEARCH_HINT = "搜索编号、被反映人、反映问题（Ctrl+F）"
    COLUMNS = [Column("no", "线索编号", 100, color=_overdue), Column("received_date", "受理日期", 90),
               Column("source", "来源", 90), Column("subjects_label", "被反映人", 200),
               Column("summary", "反映问题摘要", 260), Column("topic", "专题", 110), Column("status", "状态", 80),
               Column("due_date", "办理期限", 90, color=_overdue)]

    def _build_filters(self, bar) -> None:
        self.status_filter = FilterCombo("全部状态", LEAD_STATUSES)
        self.source_filter = FilterCombo("全部来源", LEAD_SOURCES)
        for combo in (self.status_filter, self.source_filter):
            bar.addWidget(combo)
            self._connect_filter(combo)

    def _build_extra_actions(self, row) -> None:
        self.new_btn.setText("登记线索")
        self.dispose_btn = self._btn(row, "处置…", self._on_dispose)
        self.result_btn = self._btn(row, "登记结果…", self._on_result)
        self.reporter_btn = self._btn(row, "查看反映人", self._on_reporter)
        self.import_btn = self._btn(row, "导入旧台账…", self._on_import)
        self.package_btn = self._btn(row, "导出线索案件数据包…", self._on_package)
        self.package_btn.setVisible(self.env.ctx.user_role == "负责人" and not self.env.ctx.is_district)

    def _filters(self) -> dict:
        return {"status": self.status_filter.value(), "source": self.source_filter.value()}

    def _clear_filters(self) -> None:
        for combo in (self.status_filter, self.source_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    def _load(self, filters: dict) -> list[dict]:
        return leads.list_leads(self.env.ctx, text=filters.get("text", ""), status=filters.get("status"),
                                source=filters.get("source"))

    def _detail_html(self, row: dict) -> str:
        d = leads.get_lead(self.env.ctx, row["id"])
        pairs = [("受理日期", d.received_date), ("来源", d.source), ("反映人", d.reporter_kind + "（身份保密）"),
                 ("被反映人", "、".join(p["name"] + (f"（{p['unit_name'] or ''}/{p['position'] or ''}）")
                                     for p in d.subjects)),
                 ("反映问题", d.summary), ("问题类别", d.category), ("专题", d.topic), ("状态", d.status),
                 ("办理期限", d.due_date), ("来自问题", d.problem_no)]
        steps = _rows_html("处置记录", ["日期", "处置方式", "集体排查人员", "审批人", "期限", "结果", "文书"],
                           [[x["decision_date"], x["route"], x["participants"], x["approver"], x["due_date"],
                             x["result"], x["documents"]] for x in d.disposals])
        return detail_html(f"{d.no}：{d.status}", pairs, steps)

    def _open_dialog(self, row):
        ctx = self.env.ctx
        if row:
            lead = leads.get_lead(ctx, row["id"], audit=False)
            return LeadDialog(self.env, lambda v: leads.update(ctx, row["id"], v).as_dict(),
                              people=people.list_people(ctx), lead=lead, parent=self)
        return LeadDialog(self.env, lambda v: leads.register(ctx, v).as_dict(), people=people.list_people(ctx),
                          parent=self)

    def _on_dispose(self) -> None:
        row = self.current_row()
        if row is None:
            return alerts.info(self, "请先选择一条问题线索。")
        ctx, lead = self.env.ctx, leads.get_lead(self.env.ctx, row["id"], audit=False)
        self._step(DisposeDialog(self.env, lambda v: disposal.dispose(ctx, row["id"], v).as_dict(), lead=lead,
                                 parent=self))

    def _on_result(self) -> None:
        row = self.current_row()
        if row is None:
            return alerts.info(self, "请先选择一条问题线索。")
        ctx = self.env.ctx
        self._step(CaseStepDialog(self.env, lambda v: disposal.record_result(
            ctx, row["id"], {"result_date": v["result_date"], "result": v["result"].strip()}).as_dict(),
            title=f"登记处置结果（{row['no']}）", date_key="result_date", date_label="办结日期", text_key="result",
            text_label="结果（属实/部分属实/不属实）", parent=self))

    def _on_reporter(self) -> None:
        row = self.current_row()
        if row is None:
            return
        if not alerts.question(self, "反映人信息严格保密，查看将记入操作日志。确定查看吗？"):
            return
        rep = leads.get_lead(self.env.ctx, row["id"], with_reporter=True).reporter or {}
        who = rep.get("name") or rep.get("kind") or "无反映人"
        alerts.info(self, f"{row['no']} 反映人：{who}" + (f"\n联系方式：{rep['contact']}" if rep.get("contact") else ""))

    def _on_package(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择保存线索案件数据包的文件夹（如 U 盘）")
        if folder:
            self.export_package(folder)

    def export_package(self, folder: str) -> None:
        """负责人: the separate, encrypted package of leads and cases for the district. For a selected lead that
        was transferred (已移送), asks whether its reporter may be included."""
        from pathlib import Path

        from desktop.core.services.cases import package

        row, release = self.current_row(), None
        if row and row["status"] == "已移送" and alerts.question(
                self, f"线索 {row['no']} 已移送县/区。是否在数据包中包含该线索的反映人信息？\n（其他线索的反映人一律不包含）"):
            release = row["id"]
        ctx = self.env.ctx
        self.env.runner.run(lambda: package.export_cases(ctx, Path(folder), release_reporter_for=release),
                            title="正在导出线索案件数据包……", parent=self,
                            on_done=lambda out: alerts.info(self, f"已导出并校验：{out['file']}\n含反映人信息 "
                                                                  f"{out['reporters_included']} 条。"))

    def _on_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入问题线索处置台账", "", "Excel 文件 (*.xlsx)")
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        ctx = self.env.ctx

        def done(report) -> None:
            lines = [f"可导入 {len(report.accepted)} 条，有问题 {len(report.rejected)} 条，已导入过 {len(report.skipped)} 条。"]
            lines += [r["message"] for r in report.rejected[:15]]
            if report.accepted and alerts.question(self, "\n".join(lines) + "\n\n导入可导入的各行吗？"):
                self.env.runner.run(lambda: io.import_leads(ctx, path, dry_run=False), parent=self,
                                    title="正在导入……", on_done=lambda r: (alerts.info(self, f"已导入 {r.written} 条。"),
                                                                          self.reload()))
            elif not report.accepted:
                alerts.info(self, "\n".join(lines))

        self.env.runner.run(lambda: io.import_leads(ctx, path, dry_run=True), on_done=done, parent=self,
                            title="正在检查……")

    def _delete(self, row, reason):
        leads.delete(self.env.ctx, row["id"], reason=reason)

    def _export(self, path, filters):
        return io.export_leads(self.env.ctx, path, status=filters.get("status"), source=filters.get("source"),
                               text=filters.get("text", ""))
