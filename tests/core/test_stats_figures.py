"""Every statistics figure against a fixture of known counts, and its drill-down list against the figure."""

from __future__ import annotations

import pytest

from desktop.core.services.org.context import open_context
from desktop.core.services.stats import engine, figures, service
from tests.conftest import fixed_clock
from tests.core import stats_helpers


@pytest.fixture(scope="module")
def built(tmp_path_factory, site_template):
    import shutil

    target = tmp_path_factory.mktemp("stats") / "data"
    shutil.copytree(site_template, target, ignore=shutil.ignore_patterns("qingfeng.lock"))
    ctx = open_context(target, clock=fixed_clock())
    ids = stats_helpers.build(ctx, tmp_path_factory.mktemp("evidence"))
    yield ctx, ids
    ctx.close()


def _ids(ids, names):
    return {ids[n] for n in names}


@pytest.mark.parametrize(("period", "expected"), [("2026Q3", stats_helpers.EXPECTED_Q3),
                                                  ("2026Q4", stats_helpers.EXPECTED_Q4)])
def test_each_figure_and_its_drill_down(built, period, expected):
    ctx, ids = built
    values = service.compute(ctx, period).values()
    for code, (value, records) in expected.items():
        assert values[code] == value, f"{period} {code}: {values[code]} ≠ {value}"
        d = service.drill(ctx, code, period)
        if records is not None:
            assert {r.id for r in d.rows} == _ids(ids, records), f"{period} {code} drill"
        assert d.value == value, f"{period} {code}: drill-down gives {d.value}"


def test_every_figure_agrees_with_its_drill_down_in_every_period_and_unit(built):
    ctx, ids = built
    for period in ("2026", "2026H2", "2026-08", "2025Q3", "2026-07-15..2026-10-10"):
        for units in (None, "青石村", "红旗社区"):
            result = service.compute(ctx, period, units=units)
            for f in result.figures:
                if f.value is None and f.pending:
                    continue
                assert service.drill(ctx, f.code, period, units=units).value == f.value, (period, units, f.code)


def test_same_period_last_year_and_previous_period(built):
    ctx, _ = built
    s4 = service.compute(ctx, "2026Q3").figure("S4")
    assert (s4.yoy_value, s4.yoy) == (1, 300.0)       # P7 in 2025Q3
    assert (s4.mom_value, s4.mom) == (0, None)        # nothing in 2026Q2: no rate of change from 0
    s5r = service.compute(ctx, "2026Q4").figure("S5R")
    assert (s5r.mom_value, s5r.mom) == (50.0, -50.0)  # percentage points


def test_units_filter_brings_village_groups_and_keeps_inactive_history(built):
    ctx, ids = built
    qs = service.compute(ctx, "2026Q3", units="青石村").values()
    assert qs["S4"] == 2 and qs["S1"] == 2  # P1 + P3 (一组); I1 + I4 (一组)
    hq = service.compute(ctx, "2026Q3", units="红旗社区").values()
    assert hq["S4"] == 1 and hq["S2"] == 1 and hq["S2R"] == 100.0  # inactive now, covered then


def test_breakdowns_by_village_category_topic(built):
    ctx, ids = built
    bd = service.compute(ctx, "2026Q3", by="village").breakdown
    names = dict(bd.keys)
    assert names[ids["hq"]] == "红旗社区（已停用）"
    assert bd.cells["S4"] == {ids["qs"]: 2, ids["dl"]: 1, ids["hq"]: 1}
    cell = service.drill(ctx, "S4", "2026Q3", by="village", key=ids["qs"])
    assert {r.id for r in cell.rows} == {ids["P1"], ids["P3"]} and cell.value == 2
    cat = service.compute(ctx, "2026Q3", by="category").breakdown
    assert cat.cells["S4"] == {"村级财务": 2, "惠民惠农补贴": 1, "三务公开": 1}
    assert cat.cells["D2"] == {"廉洁提醒函": 1, "履责提醒函": 1}
    topic = service.compute(ctx, "2026Q3", by="topic").breakdown
    assert topic.cells["S4"] == {"群众身边腐败": 3, "其他": 1}
    town = service.compute(ctx, "2026Q3", by="township").breakdown
    assert town.cells["S4"] == {"330226101": 4}


def test_ratio_drill_marks_counted_rows(built):
    ctx, ids = built
    d = service.drill(ctx, "S5R", "2026Q3")
    assert {r.id for r in d.rows} == {ids["P1"], ids["P4"]} and d.numerator == {ids["P4"]} and d.value == 50.0


def test_case_figures_wait_for_their_tables(built):
    ctx, _ = built
    result = service.compute(ctx, "2026Q3")
    reg = figures.registry()
    with ctx.reader() as s:
        have = {r[0] for r in s.execute(__import__("sqlalchemy").text("SELECT name FROM sqlite_master"))}
    for code in ("C1", "C3", "C4", "F1_2"):
        f = result.figure(code)
        if not set(reg[code].requires) <= have:
            assert f.value is None and f.pending and f.text == "—"


def test_money_is_summed_exactly_in_fen():
    assert engine.money(123456) == 0.12 and engine.money(125000) == 0.13 and engine.money(0) == 0.0
    assert engine.ratio(1, 3) == 33.3 and engine.ratio(1, 0) is None


def test_registry_is_complete_and_consistent():
    reg = figures.registry()
    for code in ("S1", "S2", "S3", "S4", "S5", "S6", "S7", "D1", "D2", "D3", "D4", "T1", "T2", "T3", "T4", "T5",
                 "C1", "C2", "C3", "C4", "C5", "C6", "F1", "M1", "R1", "P1", "S5R", "S2R", "S6R", "DRR"):
        f = reg[code]
        assert f.name and f.unit and f.rule and f.group
    assert {f.unit for f in reg.values()} >= {"次", "个", "份", "件", "人", "人次", "万元", "%"}


def test_drill_into_lead_and_case_figures_needs_a_sensitive_role(built):
    from desktop.core.errors import PermissionDenied

    ctx, _ = built
    role = ctx.user_role
    try:
        ctx.user_role = "工作人员"
        with pytest.raises(PermissionDenied):
            service.drill(ctx, "C3", "2026Q3")
        assert service.drill(ctx, "S4", "2026Q3").value == 4      # supervision records stay open to staff
        assert service.compute(ctx, "2026Q3").figure("S4").value == 4
    finally:
        ctx.user_role = role


def test_period_parsing_previous_and_year_ago():
    from datetime import date

    from desktop.core.errors import ValidationError
    from desktop.core.services.stats import periods as P

    assert (P.parse("2026-11").start, P.parse("2026-11").end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert P.previous(P.parse("2026-01")).key == "2025-12" and P.year_ago(P.parse("2026-11")).key == "2025-11"
    assert P.previous(P.parse("2026Q1")).key == "2025Q4" and P.year_ago(P.parse("2026Q3")).key == "2025Q3"
    assert P.previous(P.parse("2026H1")).key == "2025H2" and P.parse("2026H2").label == "2026年下半年"
    assert P.previous(P.parse("2026")).key == "2025"
    r = P.parse("2026-01-01..2026-03-31")
    assert P.previous(r).key == "2025-10-03..2025-12-31"  # 90 days, as 2026Q1 and P.year_ago(r).key == "2025-01-01..2025-03-31"
    assert P.year_ago(P.parse("2028-02-29..2028-03-01")).key == "2027-02-28..2027-03-01"
    for bad in ("2026Q5", "2026-13", "26", "2026-03-31..2026-01-01", ""):
        with pytest.raises(ValidationError):
            P.parse(bad)
