"""四种形态 and period figures: counts by route, kind, rank, form, topic; person-times vs persons; no names;
month snapshots; drill-down for sensitive roles only."""

from __future__ import annotations

import json

import pytest

from desktop.core.errors import PermissionDenied
from desktop.core.services.cases import cases, disposal, figures, four_forms, money, outcomes, rules_register
from desktop.core.services.org import settings
from desktop.core.services.talks import records as talks
from tests.core.case_helpers import DECISION, as_role, new_lead, registry


@pytest.fixture
def world(ctx):
    reg = registry(ctx)
    ended = new_lead(ctx, reg, received_date="2026-08-03")
    disposal.dispose(ctx, ended.id, {"route": "谈话函询", "decision_date": "2026-08-05", **DECISION})
    disposal.dispose(ctx, ended.id, {"route": "予以了结", "decision_date": "2026-09-01", "result": "部分属实", **DECISION})
    opened = new_lead(ctx, reg, received_date="2026-08-10", topic="八项规定")
    disposal.dispose(ctx, opened.id, {"route": "初步核实", "decision_date": "2026-08-12", **DECISION})
    lead = disposal.dispose(ctx, opened.id, {"route": "立案", "decision_date": "2026-09-10", "result": "属实",
                                             "open_decision": "清纪立〔2026〕1号", **DECISION})
    case = cases.get_case(ctx, lead.case_id)
    zhang, zhao = case.subjects
    base = {"case_id": case.id, "measure_date": "2026-09-20"}
    outcomes.add(ctx, {**base, "case_person_id": zhang["id"], "family": "党纪处分", "kind": "严重警告",
                       "approving_body": "乡镇纪委"})
    outcomes.add(ctx, {**base, "case_person_id": zhang["id"], "family": "组织处理", "kind": "免职",
                       "approving_body": "乡镇党委"})
    outcomes.add(ctx, {**base, "case_person_id": zhao["id"], "family": "政务处分", "kind": "撤职",
                       "approving_body": "县（区）纪委监委", "approval_date": "2026-09-18", "approval_ref": "县监发〔2026〕2号"})
    outcomes.add(ctx, {**base, "case_person_id": zhao["id"], "family": "移送司法机关", "kind": "移送司法机关",
                       "approving_body": "县（区）纪委监委", "approval_date": "2026-09-19", "approval_ref": "县监发〔2026〕3号"})
    talks.create(ctx, {"kind": "约谈", "person_id": reg["li"]["id"], "talk_date": "2026-09-02", "talker": "王晓燕",
                       "reason": "报账不规范"})
    money.add(ctx, {"case_id": case.id, "kind": "追缴", "amount": 35000, "money_date": "2026-09-25"})
    rules_register.add(ctx, {"title": "村级报账制度", "unit_id": reg["unit"]["id"], "adopted_date": "2026-09-28"})
    return {"reg": reg, "case": case}


def test_figures_quarter_counts(ctx, world):
    f = figures.period_figures(ctx, "2026-07-01", "2026-09-30")
    assert f.leads_received == 2 and f.leads_by_source == {"来信": 2}
    assert f.disposed_by_route == {"谈话函询": 1, "予以了结": 1, "初步核实": 1, "立案": 1} and f.leads_disposed == 2
    assert (f.cases_opened, f.cases_opened_persons, f.cases_closed) == (1, 2, 0)
    assert f.sanctioned_persons == 2 and f.party_sanctioned_persons == 1 and f.gov_sanctioned_persons == 1
    assert f.sanctioned_by_rank == {"农村/企业等其他人员": 1, "一般干部": 1}
    assert f.org_handling_persons == 1 and f.transferred_persons == 1
    # form 1: 函询了结 × 2 subjects + 约谈; form 2: 严重警告 + 免职 (张伟); form 4: 撤职 with the transfer (赵某)
    assert {k: (v.person_times, v.persons) for k, v in f.forms.items()} == {1: (3, 3), 2: (2, 1), 3: (0, 0), 4: (1, 1)}
    assert f.forms_person_times == 6 and f.forms_persons == 3 and f.forms[1].pct == 50.0
    assert f.money_yuan == {"追缴": 35000} and f.money_wan == {"追缴": 3.5}
    assert f.rules_adopted == 1
    assert f.by_topic["八项规定"] == {"leads": 1, "cases": 1}


def test_figures_carry_no_names_and_filter_by_unit(ctx, world):
    f = figures.period_figures(ctx, "2026-07-01", "2026-09-30")
    text = json.dumps(f.as_dict(), ensure_ascii=False)
    for name in ("张伟", "赵某", "李红", "陈举报"):
        assert name not in text
    other = figures.period_figures(ctx, "2026-07-01", "2026-09-30", unit_ids=["no-such-unit"])
    assert other.leads_received == 0 and other.forms_person_times == 0
    mine = figures.period_figures(ctx, "2026-07-01", "2026-09-30", unit_ids=[world["reg"]["unit"]["id"]])
    assert mine.leads_received == 2 and mine.forms[4].person_times == 0  # 赵某 is outside the registry units


def test_four_forms_rule_table_is_data_and_talks_follow_it(ctx, world):
    assert four_forms.form_of("党纪处分", "留党察看") == 3
    custom = json.loads(json.dumps(four_forms.table()))
    custom["rules"] = [{"family": "谈话", "kind": "约谈", "form": 2}, *custom["rules"]]
    settings.put(ctx, four_forms.SETTING_KEY, custom)
    t = talks.create(ctx, {"kind": "约谈", "person_id": world["reg"]["li"]["id"], "talk_date": "2026-11-02",
                           "talker": "王晓燕", "reason": "再次约谈"})
    assert t["form"] == 2


def test_figures_drill_down_only_for_sensitive_roles(ctx, world):
    rows = figures.drill_down(ctx, "2026-07-01", "2026-09-30", "form4")
    assert [r["kind"] for r in rows] == ["撤职"]
    assert [r["no"] for r in figures.drill_down(ctx, "2026-07-01", "2026-09-30", "cases_opened")] == [world["case"].no]
    as_role(ctx, "工作人员")
    with pytest.raises(PermissionDenied):
        figures.drill_down(ctx, "2026-07-01", "2026-09-30", "form4")
    assert figures.period_figures(ctx, "2026-07-01", "2026-09-30").cases_opened == 1


def test_figures_month_snapshots_change_only_with_the_figures(ctx, world):
    assert figures.refresh_snapshots(ctx) == 4  # 2026-08 … 2026-11
    assert figures.refresh_snapshots(ctx) == 0
    money.add(ctx, {"case_id": world["case"].id, "kind": "退缴", "amount": 5000, "money_date": "2026-10-08"})
    assert figures.refresh_snapshots(ctx) == 1
    ctx.role = "district"
    got = figures.received_figures(ctx, "2026-08", "2026-10")
    assert got[ctx.site_code]["money_yuan"] == {"追缴": 35000, "退缴": 5000}
    assert got[ctx.site_code]["leads_received"] == 2
