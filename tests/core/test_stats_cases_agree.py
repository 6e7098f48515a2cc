"""The statistics' lead/case figures (stats/figures_cases.py, SQL over the cases tables) agree with the cases
package's own counts (services/cases/figures.period_figures) on the demo town. Skipped until the cases package is
on the branch (it is built in parallel; see /work/notes/stats.md)."""

from __future__ import annotations

import pytest

from desktop.core.services.stats import periods, service

cases_figures = pytest.importorskip("desktop.core.services.cases.figures")

PETITIONS = ("来信", "来访", "电话", "网络")


@pytest.mark.parametrize("period", ["2026", "2026Q3", "2026Q4", "2025"])
def test_case_figures_agree_with_the_cases_package(demo_ctx, period):
    p = periods.parse(period)
    theirs = cases_figures.period_figures(demo_ctx, p.start.isoformat(), p.end.isoformat())
    mine = service.compute(demo_ctx, period).values()
    assert mine["C1"] == sum(theirs.leads_by_source.get(k, 0) for k in PETITIONS)
    pairs = {"C2N": theirs.leads_received, "C2": theirs.leads_disposed, "C3": theirs.cases_opened,
             "C3P": theirs.cases_opened_persons, "C3E": theirs.cases_closed, "C4": theirs.sanctioned_persons,
             "C5": theirs.org_handling_persons, "C6": theirs.transferred_persons, "D4": theirs.bulletin_issues,
             "D4C": theirs.bulletin_cases, "F1": theirs.forms_person_times}
    for form in (1, 2, 3, 4):
        pairs[f"F1_{form}"] = theirs.forms[form].person_times if form in theirs.forms else 0
    assert {k: mine[k] for k in pairs} == pairs
