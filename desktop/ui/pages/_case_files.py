"""审查调查 tab of the 线索与案件 page: 立案, 移送审理, 审理意见, 结案, 处理处分, 涉案资金, 建章立制, 主动说清, 通报."""

from __future__ import annotations

from desktop.core.models.cases import CASE_STATUSES
from desktop.core.services.cases import bulletins, cases, money, outcomes, rules_register
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
from desktop.ui.models.rows_model import Column
from desktop.ui.pages._case_base import _rows_html, _Tab
from desktop.ui.widgets.ledger import FilterCombo, detail_html


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
                 ("来自线索", c.lead_no), ("来自问题", c.problem_no), ("简要案情", c.summary),
                 ("状态", c.status + ("（复杂案件）" if c.complex_case else "")),
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
