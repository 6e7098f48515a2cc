"""Colours, working-day deadlines, keyset paging and filters of the problem ledger."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.core.errors import ValidationError
from desktop.core.services.org import settings
from desktop.core.services.problems import query as problem_query
from desktop.core.services.problems import records as problems
from desktop.core.services.problems.rules import colour
from desktop.core.workdays import add_working_days, working_days_between
from tests.core.problem_helpers import assigned, closed, new_problem

TODAY = date(2026, 11, 24)


def test_working_days_follow_official_calendar():
    # National Day 2026: 10-01..10-07 off, Saturday 10-10 is a make-up working day.
    r = add_working_days(date(2026, 9, 28), 5)
    assert r.deadline == date(2026, 10, 10) and r.exact and r.note == ""
    assert add_working_days(date(2026, 2, 13), 1).deadline == date(2026, 2, 14)  # Spring Festival make-up Saturday
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1


def test_working_days_beyond_calendar_fall_back_and_say_so():
    r = add_working_days(date(2026, 12, 30), 3)
    assert r.deadline == date(2027, 1, 4) and not r.exact and "按周一至周五" in r.note


def test_deadline_in_working_days_records_fallback_note(ctx):
    p = new_problem(ctx)
    p = problems.transition(ctx, p["id"], "交办", requirement="整改", working_days=30)
    assert p["deadline"] == "2027-01-05" and "按周一至周五" in p["deadlines"][0]["reason"]


@pytest.mark.parametrize("status,deadline,expected", [
    ("整改中", "2026-11-23", "red"), ("已交办", "2026-11-24", "yellow"), ("持续整改", "2026-12-14", "yellow"),
    ("整改中", "2026-12-15", "white"), ("待审核", "2026-01-01", "white"), ("待核实", None, "white"),
    ("已销号", "2026-01-01", "blue"), ("已归档", None, "green"), ("不予认定", None, "grey"), ("已移交", None, "grey"),
])
def test_colour_rule(status, deadline, expected):
    assert colour({"status": status, "deadline": deadline}, TODAY, [20, 10, 0]) == expected


def test_colour_filter_in_sql_matches_python_rule(ctx, tmp_path):
    settings.put(ctx, "warning_tiers", [30, 7])
    assigned(ctx)  # 2026-12-31: 37 days → white with tiers up to 30
    b = assigned(ctx)
    problems.transition(ctx, b["id"], "延期", deadline="2027-01-01", reason="r", approver="x")
    c = new_problem(ctx)
    problems.transition(ctx, c["id"], "交办", requirement="x", deadline="2026-11-20")  # overdue
    d = new_problem(ctx)
    problems.transition(ctx, d["id"], "交办", requirement="x", deadline="2026-12-10")  # 16 days → yellow
    closed(ctx, tmp_path)
    page = problem_query.page_problems(ctx, limit=50)
    by_colour = {}
    for r in page["rows"]:
        by_colour.setdefault(r["colour"], set()).add(r["id"])
    for c_name, ids in by_colour.items():
        got = problem_query.page_problems(ctx, {"colour": c_name})["rows"]
        assert {r["id"] for r in got} == ids
    assert problem_query.page_problems(ctx, {"overdue": True})["total"] == 1
    assert problem_query.counts_by(ctx, "colour") == {k: len(v) for k, v in by_colour.items()}
    yellow = problem_query.page_problems(ctx, {"colour": "yellow"})["rows"][0]
    assert yellow["days_left"] == 16 and yellow["tier"] == 30


def test_keyset_paging_walks_every_row_once_in_order(ctx):
    for i in range(23):
        new_problem(ctx, found_date=f"2026-{(i % 10) + 1:02d}-{(i % 27) + 1:02d}", amount_involved=i % 4 or None)
    for sort in (("found_date", "desc"), ("no", "asc"), ("amount_involved", "desc"), ("unit", "asc"),
                 ("deadline", "asc")):
        seen, after = [], None
        while True:
            page = problem_query.page_problems(ctx, sort=sort, after=after, limit=5)
            assert page["total"] == 23
            seen += page["rows"]
            after = page["next"]
            if after is None:
                break
        assert len({r["id"] for r in seen}) == 23
    nos = [r["no"] for r in problem_query.list_problems(ctx, sort=("no", "asc"))]
    assert nos == sorted(nos)
    dates = [r["found_date"] for r in problem_query.list_problems(ctx, sort=("found_date", "desc"))]
    assert dates == sorted(dates, reverse=True)


def test_filters(ctx, tmp_path):
    from tests.core.problem_helpers import village

    other = village(ctx, "石门村")
    new_problem(ctx, source="信访", handling="约谈", severity="严重", matter_id="m-1")
    new_problem(ctx, unit_id=other["id"], category="三务公开", problem_type="未公开", found_date="2025-06-01")
    closed(ctx, tmp_path)
    q = problem_query.page_problems
    assert q(ctx, {"unit_id": other["id"]})["total"] == 1
    assert q(ctx, {"source": "信访", "handling": "约谈", "severity": ["严重"]})["total"] == 1
    assert q(ctx, {"matter_id": "m-1"})["total"] == 1
    assert q(ctx, {"category": "三务公开", "problem_type": "未公开"})["total"] == 1
    assert q(ctx, {"found_from": "2026-01-01", "found_to": "2026-12-31"})["total"] == 2
    assert q(ctx, {"year": 2025})["total"] == 1
    assert q(ctx, {"status": ["已销号"]})["total"] == 1
    assert q(ctx, {"open_only": True})["total"] == 2
    assert q(ctx, {"text": "石门"})["total"] == 1
    with pytest.raises(ValidationError, match="不能按"):
        q(ctx, sort=("drop table", "asc"))


def test_matter_counts_are_derived(ctx, tmp_path):
    new_problem(ctx, matter_id="m1")
    closed(ctx, tmp_path, matter_id="m1")
    p = new_problem(ctx, matter_id="m1")
    problems.transition(ctx, p["id"], "不予认定", reason="不属实")
    q = new_problem(ctx, matter_id="m2")
    problems.transition(ctx, q["id"], "交办", requirement="x", deadline="2026-11-01")
    counts = problem_query.matter_counts(ctx)
    assert counts["m1"] == {"found": 2, "rectified": 1, "open": 1, "overdue": 0}
    assert counts["m2"] == {"found": 1, "rectified": 0, "open": 1, "overdue": 1}
    assert set(problem_query.matter_counts(ctx, ["m2"])) == {"m2"}
