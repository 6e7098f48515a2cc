"""谈话记录: talks and other first-form measures (DOMAIN §8.5)."""

from __future__ import annotations

from desktop.core.models.talks import TALK_KINDS
from desktop.core.services.registry import people, units
from desktop.core.services.talks import records as talks
from desktop.ui.dialogs.talk import TalkDialog
from desktop.ui.models.rows_model import Column
from desktop.ui.pages._ledger import LedgerPage
from desktop.ui.widgets.ledger import FilterCombo, detail_html


class TalksPage(LedgerPage):
    KEY = "talks"
    NOUN = "谈话记录"
    EXPORT_NAME = "谈话记录台账"
    SEARCH_HINT = "搜索姓名、村、事由、表态（Ctrl+F）"
    DEFAULT_SORT = ("talk_date", True)
    COLUMNS = [
        Column("talk_date", "日期", 90),
        Column("person_name", "对象", 70),
        Column("unit_name", "单位", 100),
        Column("person_position", "职务", 90),
        Column("kind", "谈话类型", 80),
        Column("reason", "事由", 200),
        Column("talker", "谈话人", 70),
        Column("response", "表态", 160),
        Column("problem_no", "关联问题", 80),
        Column("form_name", "形态", 90),
    ]
    HAS_ATTACHMENTS = True
    SORT = {"talk_date": "talk_date", "person_name": "person_name", "unit_name": "unit_name", "kind": "kind",
            "talker": "talker"}

    def _build_filters(self, bar) -> None:
        self.kind_filter = FilterCombo("全部类型", TALK_KINDS)
        self.unit_filter = FilterCombo("全部单位")
        year = self.env.ctx.clock.today().year
        self.year_filter = FilterCombo("全部年度", [(f"{y}年", y) for y in range(year, year - 4, -1)])
        for combo in (self.kind_filter, self.unit_filter, self.year_filter):
            bar.addWidget(combo)
            self._connect_filter(combo)

    def _refresh_choices(self) -> None:
        self.unit_filter.set_items([(u["name"], u["id"]) for u in units.list_units(self.env.ctx)])

    def _filters(self) -> dict:
        year = self.year_filter.value()
        return {"kind": self.kind_filter.value(), "unit_id": self.unit_filter.value(),
                "date_from": f"{year}-01-01" if year else None, "date_to": f"{year}-12-31" if year else None}

    def _clear_filters(self) -> None:
        for combo in (self.kind_filter, self.unit_filter, self.year_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)

    def _load(self, filters: dict) -> list[dict]:
        return talks.list_talks(self.env.ctx, **filters)

    def _detail_html(self, t: dict) -> str:
        pairs = [
            ("对象", t["person_label"]), ("日期", t["talk_date"]), ("地点", t["place"]), ("谈话人", t["talker"]),
            ("记录人", t["recorder"]), ("事由", t["reason"]), ("谈话内容", t["summary"]), ("本人表态", t["response"]),
            ("后续情况", t["follow_up"]), ("审批", " ".join(x for x in (t["approver"], t["approval_date"]) if x)),
            ("形态", t["form_name"]), ("关联问题", t.get("problem_no")),
        ]
        link = "<p><a href='#problem'>打开关联问题 →</a></p>" if t.get("problem_id") else ""
        return detail_html(f"{t['kind']}：{t['person_name']}", pairs, link)

    def _on_link(self, url) -> None:
        row = self.current_row()
        if row and row.get("problem_id") and url.toString() == "#problem":
            self.env.navigate("problems", row["problem_id"])

    def _problems_of(self, unit_id: str | None) -> list[tuple[str, str]]:
        if not unit_id:
            return []
        return [(f"{p['no']}（{p['status']}）{p['description'][:24]}", p["id"])
                for p in talks.problem_choices(self.env.ctx, unit_id)]

    def _open_dialog(self, row):
        ctx = self.env.ctx
        talk = talks.get_talk(ctx, row["id"]) if row else None
        save = ((lambda v: talks.update(ctx, row["id"], v)) if row else (lambda v: talks.create(ctx, v)))
        return TalkDialog(self.env, save, people=people.list_people(ctx), problems_of=self._problems_of, talk=talk,
                          parent=self)

    def _attachments(self, row) -> list[dict]:
        return talks.get_talk(self.env.ctx, row["id"])["attachments"]

    def _add_files(self, row, paths) -> None:
        for path in paths:
            talks.add_attachment(self.env.ctx, row["id"], path)

    def _delete(self, row, reason):
        talks.delete(self.env.ctx, row["id"], reason=reason)

    def _export(self, path, filters):
        return talks.export_xlsx(self.env.ctx, path, **filters)
