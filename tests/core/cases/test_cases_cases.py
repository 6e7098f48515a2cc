"""立案审查调查: 立案, 乡案县审, 结案 gates; outcomes with township approval limits; 问责; money; 建章立制."""

from __future__ import annotations

import pytest

from desktop.core.errors import GateRefused, ValidationError
from desktop.core.services.cases import accountability, cases, money, outcomes, rules_register
from tests.conftest import db_snapshot
from tests.core.case_helpers import registry


@pytest.fixture
def reg(ctx):
    return registry(ctx)


def _open(ctx, reg, **over):
    values = {"opened_date": "2026-09-15", "open_decision": "清纪立〔2026〕3号", "approver": "王晓燕",
              "summary": "张伟违规发放误工补贴", "subjects": [{"person_id": reg["zhang"]["id"], "rank": "农村/企业等其他人员"}]}
    return cases.open_case(ctx, {**values, **over})


def test_cases_open_review_close(ctx, reg):
    c = _open(ctx, reg)
    assert c.no == "LA2026-001" and c.status == "审查调查" and c.subjects[0]["name"] == "张伟"
    c = cases.send_review(ctx, c.id, {"sent_date": "2026-10-20"})
    assert c.status == "审理" and c.review_body.startswith("县（区）")
    with pytest.raises(GateRefused, match="尚未登记审理意见"):
        cases.close_case(ctx, c.id, {"closed_date": "2026-11-01", "close_result": "党内警告"})
    cases.record_review(ctx, c.id, {"review_date": "2026-10-30", "review_opinion": "同意给予党内警告处分"})
    with pytest.raises(ValidationError, match="结案日期不能早于审理意见日期"):
        cases.close_case(ctx, c.id, {"closed_date": "2026-10-25", "close_result": "党内警告"})
    c = cases.close_case(ctx, c.id, {"closed_date": "2026-11-05", "close_result": "给予党内警告处分"})
    assert c.status == "已结案"
    with pytest.raises(GateRefused, match="已于 2026-11-05 结案"):
        cases.close_case(ctx, c.id, {"closed_date": "2026-11-06", "close_result": "x"})


def test_cases_close_before_open_is_refused(ctx, reg, site_dir):
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(GateRefused, match="尚未立案"):
        cases.close_case(ctx, "no-such-case", {"closed_date": "2026-11-01", "close_result": "x"})
    c = _open(ctx, reg)
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match="结案日期不能早于立案日期"):
        cases.close_case(ctx, c.id, {"closed_date": "2026-09-01", "close_result": "x"})
    assert db_snapshot(site_dir / "qingfeng.db") == before


@pytest.mark.parametrize("over, message", [
    ({"opened_date": "2026-12-01"}, "立案日期不能晚于今天"),
    ({"open_decision": ""}, "请填写立案决定"),
    ({"subjects": [{"person_id": "ghost"}]}, "不在人员名册中"),
    ({"subjects": []}, "请至少填写一名审查调查对象"),
])
def test_cases_bad_open_is_refused_and_nothing_written(ctx, reg, site_dir, over, message):
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match=message):
        _open(ctx, reg, **over)
    assert db_snapshot(site_dir / "qingfeng.db") == before


def _measure(c, **over):
    base = {"case_id": c.id, "case_person_id": c.subjects[0]["id"], "family": "党纪处分", "kind": "警告",
            "measure_date": "2026-11-05", "approving_body": "乡镇纪委"}
    return {**base, **over}


def test_outcomes_forms_by_rule_table_and_transfer_makes_form_four(ctx, reg):
    c = _open(ctx, reg)
    assert outcomes.add(ctx, _measure(c))["form"] == 2
    heavy = outcomes.add(ctx, _measure(c, kind="留党察看", approving_body="乡镇党委"))
    assert heavy["form"] == 3
    outcomes.add(ctx, _measure(c, family="移送司法机关", kind="移送司法机关", approving_body="县（区）纪委监委",
                               approval_date="2026-11-06", approval_ref="县纪发〔2026〕9号", measure_date="2026-11-06"))
    forms = [m["form"] for m in cases.get_case(ctx, c.id).measures]
    assert forms == [4, 4, 4]


@pytest.mark.parametrize("over, message", [
    ({"kind": "开除党籍", "approving_body": "乡镇党委"}, "乡镇党委无权批准党纪处分“开除党籍”"),
    ({"kind": "留党察看"}, "乡镇纪委无权批准"),
    ({"family": "政务处分", "kind": "记过"}, "乡镇纪委无权批准政务处分"),
    ({"kind": "开除党籍", "approving_body": "县（区）纪委监委"}, "须登记批准日期和批复文号"),
    ({"measure_date": "2026-09-01"}, "不能早于立案日期"),
    ({"measure_date": "2026-12-01"}, "不能晚于今天"),
    ({"kind": "罚款"}, "党纪处分的种类只能是"),
    ({"case_person_id": "someone-else"}, "不是该案件"),
])
def test_outcomes_township_limits_and_bad_input_write_nothing(ctx, reg, site_dir, over, message):
    c = _open(ctx, reg)
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match=message):
        outcomes.add(ctx, _measure(c, **over))
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_outcomes_county_approval_recorded_is_accepted(ctx, reg):
    c = _open(ctx, reg)
    m = outcomes.add(ctx, _measure(c, kind="开除党籍", approving_body="县（区）纪委监委", approval_date="2026-11-04",
                                   approval_ref="县纪发〔2026〕8号"))
    assert m["form"] == 3 and m["approval_ref"] == "县纪发〔2026〕8号"


def test_accountability_money_and_rules(ctx, reg):
    c = _open(ctx, reg)
    a = accountability.hold(ctx, {"case_id": c.id, "person_id": reg["li"]["id"], "duty": "监督责任",
                                  "family": "诫勉", "measure_date": "2026-11-01", "approving_body": "乡镇党委"})
    assert a["duty"] == "监督责任" and a["form"] == 1
    with pytest.raises(ValidationError, match="请选择问责的责任类型"):
        accountability.hold(ctx, {"case_id": c.id, "person_id": reg["li"]["id"], "family": "诫勉"})
    money.add(ctx, {"case_id": c.id, "kind": "追缴", "amount": "12,800", "money_date": "2026-10-10"})
    with pytest.raises(ValidationError, match="应为正整数"):
        money.add(ctx, {"case_id": c.id, "kind": "退缴", "amount": "12.5", "money_date": "2026-10-10"})
    rules_register.add(ctx, {"title": "青石村误工补贴发放办法", "unit_id": reg["unit"]["id"],
                             "adopted_date": "2026-11-10", "case_id": c.id})
    detail = cases.get_case(ctx, c.id)
    assert [m["amount"] for m in detail.money] == [12800] and money.wan(12800) == 1.28
    assert detail.rules[0]["unit_name"] == "青石村"
    assert accountability.list_accountability(ctx)[0]["name"] == "李红"


def test_outcomes_in_a_complex_case_need_the_county(ctx, reg, site_dir):
    c = _open(ctx, reg, complex_case=True)
    assert c.complex_case
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match="复杂案件的党纪处分须报县（区）纪委监委审批，乡镇纪委不能批准"):
        outcomes.add(ctx, _measure(c))
    assert db_snapshot(site_dir / "qingfeng.db") == before
    m = outcomes.add(ctx, _measure(c, approving_body="县（区）纪委监委", approval_date="2026-11-04",
                                   approval_ref="县纪审〔2026〕5号"))
    assert m["form"] == 2
    assert outcomes.add(ctx, _measure(c, family="诫勉", kind="诫勉"))["form"] == 1  # first-form measures stay local
