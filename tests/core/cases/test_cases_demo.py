"""The demo's leads and cases: ≈ 40 leads over every route, 8 cases, outcomes of every kind, 问责, money."""

from __future__ import annotations

from desktop.core.models.cases import MONEY_KINDS, ROUTES
from desktop.core.services.cases import cases, figures, four_forms, leads


def test_demo_cases_cover_every_route_and_outcome_family(demo_ctx):
    assert len(leads.list_leads(demo_ctx)) == 40 and len(cases.list_cases(demo_ctx)) == 8
    f = figures.period_figures(demo_ctx, "2025-01-01", "2026-12-31")
    assert set(f.disposed_by_route) == set(ROUTES)
    families = {k.split("/")[0] for k in f.measures_by_kind}
    assert set(four_forms.families()) <= families
    assert set(f.accountability_persons) == {"主体责任", "监督责任"}
    assert set(f.money_yuan) == set(MONEY_KINDS) and f.rules_adopted >= 1 and f.came_forward_persons >= 1
    assert all(f.forms[k].person_times > 0 for k in (1, 2, 3, 4))
    assert f.cases_closed >= 1
