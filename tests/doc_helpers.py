"""Shared set-up for the documents tests: a township with villages, people and a few problems."""

from __future__ import annotations

from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units


def seed(ctx) -> dict:
    """Two villages, a station, one person and three problems (two in 东岭村, one in 西坡村)."""
    east = units.create(ctx, {"name": "东岭村", "type": "行政村"})
    west = units.create(ctx, {"name": "西坡村", "type": "行政村"})
    station = units.create(ctx, {"name": "农业农村办", "type": "镇直站所"})
    from desktop.core.services.registry import people

    person = people.create(ctx, {"name": "陈建国", "unit_id": east["id"], "position": "一肩挑"})
    p1 = problems.create_problem(ctx, {
        "unit_id": east["id"], "description": "2026年9月，村集体鱼塘发包未经村民代表会议表决，合同金额3.6万元。",
        "found_date": "2026-10-12", "category": "集体“三资”", "basis_violated": "《村级小微权力清单》第8条",
        "people": ["陈建国"]})
    p2 = problems.create_problem(ctx, {
        "unit_id": east["id"], "description": "2026年第三季度村务公开栏未公开财务收支明细。",
        "found_date": "2026-10-12", "category": "三务公开"})
    p3 = problems.create_problem(ctx, {
        "unit_id": west["id"], "description": "报账单据缺少经手人签字共7张。", "found_date": "2026-10-20",
        "category": "村级财务"})
    return {"east": east, "west": west, "station": station, "person": person, "p1": p1, "p2": p2, "p3": p3}

