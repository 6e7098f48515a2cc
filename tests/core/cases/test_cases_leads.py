"""问题线索: registration, numbering, reporter protection, disposal order, due dates, overdue on the 工作台."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.core.errors import GateRefused, PermissionDenied, ValidationError
from desktop.core.services.cases import disposal, leads
from desktop.core.services.org import settings
from desktop.core.services.problems import records as problems
from desktop.core.services.workbench import today as workbench
from tests.conftest import db_snapshot
from tests.core.case_helpers import DECISION, as_role, lead_values, new_lead, registry


@pytest.fixture
def reg(ctx):
    return registry(ctx)


def test_leads_register_numbers_per_year_and_keeps_subjects(ctx, reg):
    a = new_lead(ctx, reg)
    b = new_lead(ctx, reg, received_date="2026-10-02")
    c = new_lead(ctx, reg, received_date="2025-12-30")
    assert (a.no, b.no, c.no) == ("XS2026-001", "XS2026-002", "XS2025-001")
    assert [p["name"] for p in a.subjects] == ["张伟", "赵某"]
    assert a.subjects[0]["unit_name"] == "青石村" and a.subjects[1]["position"] == "办事员"
    assert a.status == "待处置" and a.reporter_kind == "实名" and a.reporter is None
    assert [r["no"] for r in leads.list_leads(ctx, text="赵某")] == ["XS2026-002", "XS2026-001", "XS2025-001"]
    assert leads.list_leads(ctx, text="低保", date_from="2026-10-01")[0]["no"] == "XS2026-002"


def test_leads_reporter_shown_only_on_request_and_never_in_the_audit_log(ctx, reg, site_dir):
    lead = new_lead(ctx, reg)
    full = leads.get_lead(ctx, lead.id, with_reporter=True)
    assert full.reporter["name"] == "陈举报"
    con = sqlite3.connect(site_dir / "qingfeng.db")
    audit = " ".join(str(r) for r in con.execute("SELECT * FROM audit_log"))
    assert "陈举报" not in audit and "13800000000" not in audit
    assert "查看问题线索 XS2026-001（含反映人）" in audit


def test_leads_anonymous_reporter_keeps_no_name(ctx, reg):
    lead = new_lead(ctx, reg, reporter={"kind": "匿名", "name": "某某"})
    assert leads.get_lead(ctx, lead.id, with_reporter=True).reporter["name"] is None


@pytest.mark.parametrize("over, message", [
    ({"received_date": "2026-12-01"}, "受理日期不能晚于今天"),
    ({"source": "小道消息"}, "线索来源只能是"),
    ({"summary": ""}, "请填写反映问题摘要"),
    ({"subjects": []}, "请至少填写一名被反映人"),
    ({"subjects": [{"person_id": "no-such-person"}]}, "不在人员名册中"),
    ({"reporter": {"kind": "实名"}}, "实名反映须填写反映人姓名"),
])
def test_leads_bad_input_is_refused_and_nothing_written(ctx, reg, site_dir, over, message):
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match=message):
        new_lead(ctx, reg, **over)
    assert db_snapshot(site_dir / "qingfeng.db") == before


@pytest.mark.parametrize("role", ["工作人员", "只读"])
def test_leads_hidden_from_roles_that_may_not_see_them(ctx, reg, role):
    lead = new_lead(ctx, reg)
    as_role(ctx, role)
    assert leads.list_leads(ctx) == []
    with pytest.raises(PermissionDenied, match="无权查看问题线索"):
        leads.get_lead(ctx, lead.id)
    with pytest.raises(PermissionDenied):
        leads.register(ctx, lead_values(reg))
    assert workbench.today(ctx)["lead_overdue"] is None


def test_disposal_talk_inquiry_due_in_15_working_days_then_overdue_on_workbench(ctx, reg):
    lead = new_lead(ctx, reg)
    d = disposal.dispose(ctx, lead.id, {"route": "谈话函询", "decision_date": "2026-09-07", **DECISION})
    assert d.status == "谈话函询" and d.due_date == "2026-09-28"
    wb = workbench.today(ctx)["lead_overdue"]
    assert wb["count"] == 1 and wb["rows"][0]["no"] == lead.no and wb["rows"][0]["days_left"] < 0
    assert "赵某" not in json.dumps(wb, ensure_ascii=False)
    disposal.record_result(ctx, lead.id, {"result": "不属实", "result_date": "2026-09-25", "documents": "函询通知书"})
    assert workbench.today(ctx)["lead_overdue"]["count"] == 0


def test_disposal_due_rules_are_configurable(ctx, reg):
    rules = {"due": {"初步核实": {"months": 1}}, "warn_days": 5}
    settings.put(ctx, disposal.SETTING_KEY, rules)
    lead = new_lead(ctx, reg)
    d = disposal.dispose(ctx, lead.id, {"route": "初步核实", "decision_date": "2026-09-10", **DECISION})
    assert d.due_date == "2026-10-10"


def test_disposal_end_after_inquiry_needs_result_and_clarifies(ctx, reg):
    lead = new_lead(ctx, reg)
    disposal.dispose(ctx, lead.id, {"route": "谈话函询", "decision_date": "2026-09-07", **DECISION})
    with pytest.raises(ValidationError, match="谈话函询尚未登记结果"):
        disposal.dispose(ctx, lead.id, {"route": "予以了结", "decision_date": "2026-10-07", **DECISION})
    done = disposal.dispose(ctx, lead.id, {"route": "予以了结", "decision_date": "2026-10-07", "result": "不属实",
                                           "clarified": True, **DECISION})
    assert done.status == "已了结"
    assert [(x["route"], x["result"]) for x in done.disposals] == [("谈话函询", "不属实"), ("予以了结", "不属实")]


def test_disposal_open_case_then_end_is_refused_and_nothing_written(ctx, reg, site_dir):
    lead = new_lead(ctx, reg)
    disposal.dispose(ctx, lead.id, {"route": "初步核实", "decision_date": "2026-09-07", **DECISION})
    opened = disposal.dispose(ctx, lead.id, {"route": "立案", "decision_date": "2026-10-20", "result": "属实",
                                             "open_decision": "清纪立〔2026〕1号", **DECISION})
    assert opened.status == "已立案" and opened.case_id
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(GateRefused, match="已立案，不能再“予以了结”"):
        disposal.dispose(ctx, lead.id, {"route": "予以了结", "decision_date": "2026-11-01", **DECISION})
    assert db_snapshot(site_dir / "qingfeng.db") == before


@pytest.mark.parametrize("over, message", [
    ({"decision_date": "2026-08-30"}, "不能早于受理日期"),
    ({"decision_date": "2026-11-30"}, "不能晚于今天"),
    ({"participants": ""}, "请填写参加集体排查的人员"),
    ({"route": "移送县/区"}, "须填写移送单位"),
    ({"route": "撤销"}, "处置方式只能是"),
    ({"result": "不属实", "clarified": False, "route": "予以了结", "due_date": "2026-09-01"}, "办理期限不能早于"),
])
def test_disposal_bad_input_is_refused_and_nothing_written(ctx, reg, site_dir, over, message):
    lead = new_lead(ctx, reg)
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match=message):
        disposal.dispose(ctx, lead.id, {"route": "初步核实", "decision_date": "2026-09-07", **DECISION, **over})
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_leads_from_problem_links_both_ways(ctx, reg):
    p = problems.create_problem(ctx, {"unit_id": reg["unit"]["id"], "description": "低保评议未公示", "found_date": "2026-08-01",
                              "source": "自主", "handling": "限期整改",
                              "people": [{"person_id": reg["zhang"]["id"]}]})
    lead = leads.from_problem(ctx, p["id"], {"received_date": "2026-08-05"})
    assert lead.problem_no == p["no"] and lead.source == "问题转入"
    assert [x["name"] for x in lead.subjects] == ["张伟"]
    assert problems.get_problem(ctx, p["id"])["status"] == "已移交"
    assert [x["id"] for x in leads.list_leads(ctx, problem_id=p["id"])] == [lead.id]


def test_leads_never_in_the_search_index(ctx, reg):
    from desktop.core.services.search import fulltext as search

    new_lead(ctx, reg, summary="反映青石村截留耕地地力补贴款项")
    assert search.search(ctx, "耕地地力补贴").count == 0
    assert search.search(ctx, "陈举报").count == 0


def test_leads_reporter_database_error_carries_no_identity(ctx, reg, monkeypatch):
    import traceback

    from sqlalchemy.exc import IntegrityError

    from desktop.core.errors import StoreError
    from desktop.core.services import rows

    real = rows.insert

    def failing(s, c, model, values, **kw):
        if model.__tablename__ == "case_reporter":
            raise IntegrityError("INSERT INTO case_reporter", dict(values), Exception("constraint failed"))
        return real(s, c, model, values, **kw)

    monkeypatch.setattr(rows, "insert", failing)
    with pytest.raises(StoreError, match="登记反映人信息失败") as info:
        new_lead(ctx, reg)
    text = "".join(traceback.format_exception(info.value))
    assert "陈举报" not in text and "13800000000" not in text
    assert leads.list_leads(ctx) == []


def test_leads_update_corrects_registration_and_keeps_order(ctx, reg, site_dir):
    lead = new_lead(ctx, reg)
    fixed = leads.update(ctx, lead.id, {"summary": "反映青石村低保评定优亲厚友（更正）",
                                        "subjects": [{"person_id": reg["li"]["id"]}]})
    assert fixed.summary.endswith("（更正）") and [p["name"] for p in fixed.subjects] == ["李红"]
    assert fixed.reporter_kind == "实名"
    disposal.dispose(ctx, lead.id, {"route": "初步核实", "decision_date": "2026-09-07", **DECISION})
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match="受理日期不能晚于第一次处置"):
        leads.update(ctx, lead.id, {"received_date": "2026-09-10"})
    with pytest.raises(ValidationError, match="不在人员名册中"):
        leads.update(ctx, lead.id, {"subjects": [{"person_id": "ghost"}]})
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_disposal_set_due_rules_refuses_bad_periods(ctx, reg):
    with pytest.raises(ValidationError, match="没有“立案”"):
        disposal.set_due_rules(ctx, {"立案": {"months": 1}})
    with pytest.raises(ValidationError, match="1–365 个工作日或 1–24 个月"):
        disposal.set_due_rules(ctx, {"初步核实": {"months": 30}})
    assert disposal.due_rules(ctx)["due"]["初步核实"] == {"months": 3}
    as_role(ctx, "工作人员")
    with pytest.raises(PermissionDenied):
        disposal.set_due_rules(ctx, {"初步核实": {"months": 2}})
