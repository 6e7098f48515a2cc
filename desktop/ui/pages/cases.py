"""线索与案件: two tabs in the usual list + detail form — 线索处置 (leads and their disposal) and 审查调查
(cases, outcomes). Only 管理员/负责人 see anything here; every view is audited by the services."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from desktop.core.models.cases import CASE_STATUSES, LEAD_SOURCES, LEAD_STATUSES
from desktop.core.services.cases import (
    access,
    bulletins,
    cases,
    disposal,
    io,
    leads,
    money,
    outcomes,
    rules_register,
)
from desktop.core.services.registry import people
from desktop.ui import alerts
from desktop.ui.dialogs.case_file import (
    BulletinDialog,
    CaseOpenDialog,
    CaseStepDialog,
    MoneyDialog,
    OutcomeDialog,
    RuleDialog,
)
from desktop.ui.dialogs.lead import DisposeDialog, LeadDialog
from desktop.ui.models.rows_model import Column
from desktop.ui.pages._ledger import LedgerPage
from desktop.ui.widgets.ledger import FilterCombo, detail_html


def _overdue(r) -> str | None:
    return "#f4cccc" if r.get("overdue") else None


def _rows_html(title: str, head: list[str], items: list[list]) -> str:
    if not items:
        return ""
    th = "".join(f"<th style='text-align:left;padding:2px 6px'>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td style='padding:2px 6px'>{html.escape(str(v or '—'))}</td>" for v in r)
                   + "</tr>" for r in items)
    return f"<h4 style='margin:8px 0 2px 0'>{html.escape(title)}</h4><table>{'<tr>' + th + '</tr>'}{body}</table>"


class _Tab(LedgerPage):
    EDITABLE = False

    def _build_actions(self):
        row = super()._build_actions()
        if not self.EDITABLE:
            self.edit_btn.hide()  # a case changes through its steps, not by editing
        return row

    def _btn(self, row, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        b.setEnabled(not self.env.read_only)
        row.addWidget(b)
        return b

    def _step(self, dlg) -> None:
        self.dialog = dlg
        dlg.accepted.connect(lambda: self._after_save(dlg))
        dlg.open()


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


class CaseFilesTab(_Tab):
    KEY = "case_files"
    NOUN = "案件"
    EXPORT_NAME = "案件台账"
    COUNT_UNIT = "件"
    SEARCH_HINT = "搜索编号、审查调查对象、案情（Ctrl+F）"
    COLUMNS = [Column("no", "案件编号", 100), Column("opened_date", "立案日期", 90),
               Column("subjects_label", "审查调查对象", 200), Column("summary", "简要案情", 260),
               Column("status", "状态", 80), Column("review_sent_date", "移送审理", 90),
               Column("closed_date", "结案日期", 90)]

    def _build_filters(self, bar) -> None:
        self.status_filter = FilterCombo("全部状态", CASE_STATUSES)
        bar.addWidget(self.status_filter)
        self._connect_filter(self.status_filter)

    def _build_extra_actions(self, row) -> None:
        self.new_btn.setText("立案")
        self.review_btn = self._btn(row, "移送审理…", self._on_review)
        self.opinion_btn = self._btn(row, "登记审理意见…", self._on_opinion)
        self.close_btn = self._btn(row, "结案…", self._on_close)
        self.outcome_btn = self._btn(row, "处理处分…", self._on_outcome)
        self.money_btn = self._btn(row, "涉案资金…", self._on_money)
        self.rule_btn = self._btn(row, "建章立制…", self._on_rule)
        self.forward_btn = self._btn(row, "主动说清…", self._on_came_forward)
        self.bulletin_btn = self._btn(row, "生成通报…", self._on_bulletin)
        self.export_btn.hide()  # the case list is not exported (sensitive; figures go to 统计报表)

    def _filters(self) -> dict:
        return {"status": self.status_filter.value()}

    def _clear_filters(self) -> None:
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.status_filter.blockSignals(False)

    def _load(self, filters: dict) -> list[dict]:
        return cases.list_cases(self.env.ctx, text=filters.get("text", ""), status=filters.get("status"))

    def _detail_html(self, row: dict) -> str:
        c = cases.get_case(self.env.ctx, row["id"])
        pairs = [("立案日期", c.opened_date), ("立案决定", c.open_decision), ("审批人", c.approver),
                 ("来自线索", c.lead_no), ("来自问题", c.problem_no), ("简要案情", c.summary), ("状态", c.status),
                 ("移送审理", " ".join(x for x in (c.review_sent_date, c.review_body) if x)),
                 ("审理意见", " ".join(x for x in (c.review_date, c.review_opinion) if x)),
                 ("结案", " ".join(x for x in (c.closed_date, c.close_result) if x)),
                 ("主动说清", "、".join(p["name"] for p in c.subjects if p["came_forward"]))]
        extra = _rows_html("处理处分", ["对象", "类别", "种类", "日期", "批准机关", "形态"],
                           [[m["name"], m["family"] + ("（问责）" if m["duty"] else ""), m["kind"], m["measure_date"],
                             m["approving_body"], m["form_name"]] for m in c.measures])
        extra += _rows_html("涉案资金（元）", ["类型", "金额", "日期"],
                            [[m["kind"], m["amount"], m["money_date"]] for m in c.money])
        extra += _rows_html("建章立制", ["制度", "单位", "日期"],
                            [[r["title"], r["unit_name"], r["adopted_date"]] for r in c.rules])
        return detail_html(f"{c.no}：{c.status}", pairs, extra)

    def _open_dialog(self, row):
        ctx = self.env.ctx
        return CaseOpenDialog(self.env, lambda v: cases.open_case(ctx, v).as_dict(), people=people.list_people(ctx),
                              parent=self)

    def _selected(self):
        row = self.current_row()
        if row is None:
            alerts.info(self, "请先选择一个案件。")
        return row

    def _on_review(self) -> None:
        if (row := self._selected()) is not None:
            ctx = self.env.ctx
            self._step(CaseStepDialog(self.env, lambda v: cases.send_review(ctx, row["id"], v).as_dict(),
                                      title=f"移送审理（{row['no']}）", date_key="sent_date", date_label="移送日期",
                                      text_key="review_body", text_label="审理机关",
                                      text_default="县（区）纪委监委案件审理室", parent=self))

    def _on_opinion(self) -> None:
        if (row := self._selected()) is not None:
            ctx = self.env.ctx
            self._step(CaseStepDialog(self.env, lambda v: cases.record_review(ctx, row["id"], v).as_dict(),
                                      title=f"登记审理意见（{row['no']}）", date_key="review_date",
                                      date_label="审理意见日期", text_key="review_opinion", text_label="审理意见",
                                      parent=self))

    def _on_close(self) -> None:
        if (row := self._selected()) is not None:
            ctx = self.env.ctx
            self._step(CaseStepDialog(self.env, lambda v: cases.close_case(ctx, row["id"], v).as_dict(),
                                      title=f"结案（{row['no']}）", date_key="closed_date", date_label="结案日期",
                                      text_key="close_result", text_label="结案结果", parent=self))

    def _on_outcome(self) -> None:
        if (row := self._selected()) is not None:
            ctx = self.env.ctx
            case = cases.get_case(ctx, row["id"], audit=False)
            self._step(OutcomeDialog(self.env, lambda v: {**outcomes.add(ctx, v), "id": row["id"]}, case=case,
                                     parent=self))

    def _on_money(self) -> None:
        if (row := self._selected()) is not None:
            ctx = self.env.ctx
            case = cases.get_case(ctx, row["id"], audit=False)
            self._step(MoneyDialog(self.env, lambda v: {**money.add(ctx, v), "id": row["id"]}, case=case, parent=self))

    def _on_rule(self) -> None:
        if (row := self._selected()) is not None:
            from desktop.ui.dialogs.person_dialog import unit_choices

            ctx = self.env.ctx
            case = cases.get_case(ctx, row["id"], audit=False)
            self._step(RuleDialog(self.env, lambda v: {**rules_register.add(ctx, v), "id": row["id"]}, case=case,
                                  units=unit_choices(ctx), parent=self))

    def _on_came_forward(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        if (row := self._selected()) is None:
            return
        names = [p["name"] for p in row["subjects"]]
        name, ok = QInputDialog.getItem(self, "主动说清问题", "主动向组织说清问题的人员：", names, 0, False)
        if ok and name:
            person = next(p for p in row["subjects"] if p["name"] == name)
            self.env.runner.run(lambda: outcomes.mark_came_forward(self.env.ctx, person["id"]), parent=self,
                                on_done=lambda _r: (self.env.status(f"已登记{name}主动说清问题"), self.reload()))

    def _on_bulletin(self) -> None:
        from desktop.core.services.problems import query as problem_query

        ctx = self.env.ctx
        closed = cases.list_cases(ctx, audit=False)
        found = problem_query.list_problems(ctx, {"status": ["已销号", "已归档"]}, ("no", "desc"), limit=100)

        dlg = BulletinDialog(self.env, lambda v: {"id": None, "bulletin": bulletins.create(ctx, v)}, cases=closed,
                             problems=found, parent=self)
        dlg.accepted.connect(lambda: self._bulletin_done(dlg.saved["bulletin"]))
        self._step(dlg)

    def _bulletin_done(self, b) -> None:
        self.last_bulletin = b
        alerts.info(self, f"已生成{b.title}：{b.cases_count} 起 {b.persons_count} 人。\n" + "\n".join(b.files))

    def _delete(self, row, reason):
        cases.delete(self.env.ctx, row["id"], reason=reason)

    def _export(self, path, filters):  # pragma: no cover - the button is hidden
        return 0


class CasesPage(QWidget):
    """The 线索与案件 page: tabs 线索处置 and 审查调查, or a notice for the roles that may not see them."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        self.allowed = access.can_see(env.ctx)
        if not self.allowed:
            note = QLabel("问题线索和案件属于敏感信息，只有管理员和负责人可以查看。")
            note.setObjectName("denied")
            note.setStyleSheet("color:#666; font-size:14px; padding:24px")
            layout.addWidget(note)
            layout.addStretch(1)
            return
        self.tabs = QTabWidget()
        self.leads_tab, self.cases_tab = LeadsTab(env), CaseFilesTab(env)
        self.tabs.addTab(self.leads_tab, "线索处置")
        self.tabs.addTab(self.cases_tab, "审查调查")
        self.tabs.currentChanged.connect(lambda _i: self.on_shown())
        layout.addWidget(self.tabs)

    def on_shown(self) -> None:
        if self.allowed:
            self.tabs.currentWidget().on_shown()

    def open_record(self, record_id: str) -> None:
        if self.allowed:
            self.tabs.setCurrentWidget(self.leads_tab)
            self.leads_tab.open_record(record_id)

    def save_state(self, settings) -> None:
        if self.allowed:
            self.leads_tab.save_state(settings)
            self.cases_tab.save_state(settings)
