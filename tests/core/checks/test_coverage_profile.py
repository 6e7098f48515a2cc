"""Coverage per period and the village profile (scores, 屡查屡犯), on demo data and on hand-made checks."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core.errors import ValidationError
from desktop.core.services.checks import completion as check_problems
from desktop.core.services.checks import coverage, inspections, village_profile
from desktop.core.services.org import settings
from desktop.core.services.registry import units
from tests.core.check_helpers import answer, new_inspection, village


def _complete(ctx, ins):
    return check_problems.complete(ctx, ins["id"], check_problems.propose(ctx, ins["id"]))


def test_periods_parse_and_bad_ones_are_refused():
    q = coverage.parse_period("2026Q3")
    assert (q.start, q.end, q.label) == (date(2026, 7, 1), date(2026, 9, 30), "2026年第三季度")
    assert [m.key for m in q.months()] == ["2026-07", "2026-08", "2026-09"]
    assert coverage.parse_period("2026-02").end == date(2026, 2, 28)
    with pytest.raises(ValidationError, match="2026Q3"):
        coverage.parse_period("2026Q5")


def test_coverage_on_demo_data_matches_the_inspections(demo_ctx):
    data = coverage.coverage(demo_ctx, "2026Q3")
    villages = units.villages(demo_ctx)
    assert len(data.rows) == len(villages)
    assert data.checked + data.unchecked + data.not_required == len(villages)
    assert data.checked > 0 and data.unchecked > 0
    done = inspections.list_inspections(demo_ctx, status="已完成", date_from="2026-07-01", date_to="2026-09-30")
    for row in data.rows:
        dates = sorted(r["date"] for r in done if row["unit_id"] in r["unit_ids"])
        assert row["dates"] == dates
        if row["is_key_village"]:
            months = {d[:7] for d in dates}
            missing = [m for m in ("2026-07", "2026-08", "2026-09") if m not in months]
            assert len(row["missing"]) == len(missing)
        else:
            assert row["status"] == ("已覆盖" if dates else "未覆盖")
    statuses = [r["status"] for r in data.rows]
    assert statuses == sorted(statuses, key=["未覆盖", "部分覆盖", "已覆盖", "不要求"].index)


def test_current_quarter_only_requires_months_already_begun(ctx):
    key = village(ctx, "梅岭村", key=True)
    ins = new_inspection(ctx, key, n_items=1, date="2026-11-03")
    answer(ctx, ins, [("符合", None)])
    _complete(ctx, ins)
    row = next(r for r in coverage.coverage(ctx, "2026Q4").rows if r["unit_id"] == key["id"])
    assert (row["required"], row["status"], row["missing"]) == (2, "部分覆盖", ["2026年10月"])
    assert coverage.generate_plan(ctx, "2026Q4", "王晓燕") == 3
    assert coverage.generate_plan(ctx, "2026Q4") == 0
    row = next(r for r in coverage.coverage(ctx, "2026Q4").rows if r["unit_id"] == key["id"])
    assert row["assignees"] == "王晓燕" and row["planned"] == 3


def test_drafts_do_not_count_as_coverage(ctx):
    v = village(ctx)
    new_inspection(ctx, v, n_items=1, date="2026-10-10")
    row = coverage.coverage(ctx, "2026Q4").rows[0]
    assert (row["status"], row["drafts"], row["done"]) == ("未覆盖", 1, 0)


def test_repeat_offence_on_demo_data(demo_ctx):
    flagged = [u for u in units.villages(demo_ctx) if village_profile.profile(demo_ctx, u["id"])["repeat_flag"]]
    assert flagged, "the demo keeps one village failing 村级财务"
    offender = village_profile.profile(demo_ctx, units.villages(demo_ctx)[1]["id"])
    cats = {r["category"]: r for r in offender["repeat_offences"]}
    assert "村级财务" in cats and cats["村级财务"]["active"]
    first, again = date.fromisoformat(cats["村级财务"]["first"]), date.fromisoformat(cats["村级财务"]["again"])
    assert 0 < (again - first).days <= 366
    settings.put(demo_ctx, "repeat_offence_months", 0)
    assert not village_profile.profile(demo_ctx, units.villages(demo_ctx)[1]["id"])["repeat_flag"]


def test_repeat_offence_window_and_scores(ctx):
    v = village(ctx)
    for d, result in (("2025-06-10", "不符合"), ("2026-08-01", "不符合"), ("2026-10-20", "符合")):
        ins = new_inspection(ctx, v, n_items=2, date=d)
        answer(ctx, ins, [(result, "说明"), ("符合", None)])
        _complete(ctx, ins)
    prof = village_profile.profile(ctx, v["id"])
    assert prof["repeat_flag"] is False  # 2025-06 → 2026-08 is more than 12 months
    settings.put(ctx, "repeat_offence_months", 15)
    prof = village_profile.profile(ctx, v["id"])
    assert prof["repeat_flag"] and prof["repeat_offences"][0]["category"] == "重大事项决策"
    scores = {s["period"]: s["score"] for s in prof["scores"]}
    # item 1 (weight 2) failed, item 2 (weight 1) passed: 1/3; all passed in Q4
    assert scores == {"2025Q2": 33.3, "2026Q3": 33.3, "2026Q4": 100.0}
    assert len(prof["problems"]) == 2 and all(p["open"] for p in prof["problems"])
    assert prof["documents"]["available"] in (True, False)
    assert [c["name"] for c in prof["cadres"]] == []
