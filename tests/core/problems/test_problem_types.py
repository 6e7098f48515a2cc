"""The problem catalogue: seeded at set-up (12 小微权力 categories + DOMAIN §4.13 typology), editable."""

from __future__ import annotations

import pytest

from desktop.core.errors import Duplicate, ValidationError
from desktop.core.services.problems import catalogue as problem_types
from tests.core.problem_helpers import new_problem


def test_seeded_catalogue(ctx):
    cats = problem_types.categories(ctx)
    assert cats[:3] == ["重大事项决策", "三务公开", "村级财务"] and len(cats) >= 12
    groups = problem_types.types_by_group(ctx)
    assert list(groups)[:2] == ["决策程序", "公开"] and "白条入账" in groups["财务"]
    assert sum(len(v) for v in groups.values()) == 52  # every type listed in DOMAIN §4.13


def test_catalogue_is_editable(ctx):
    e = problem_types.add_entry(ctx, "类别", "农村人居环境")
    new_problem(ctx, category="农村人居环境")
    with pytest.raises(Duplicate, match="已有"):
        problem_types.add_entry(ctx, "类别", "农村人居环境")
    with pytest.raises(ValidationError, match="名称"):
        problem_types.add_entry(ctx, "问题类型", " ")
    problem_types.update_entry(ctx, e["id"], {"active": False})
    assert "农村人居环境" not in problem_types.categories(ctx)
    assert "农村人居环境" in problem_types.categories(ctx, active_only=False)
    t = problem_types.add_entry(ctx, "问题类型", "垃圾清运不及时", grp="人居环境")
    assert problem_types.types_by_group(ctx)["人居环境"] == ["垃圾清运不及时"]
    assert problem_types.update_entry(ctx, t["id"], {"name": "垃圾清运不到位"})["name"] == "垃圾清运不到位"


def test_every_seeded_checklist_category_is_in_the_catalogue(ctx):
    from desktop.core.services.checks import checklists

    cats = set(problem_types.categories(ctx))
    seeded = checklists.load_seed()
    used = {c["name"] for c in seeded["categories"]} | {i["category"] for i in seeded["items"]}
    assert used - cats == set()
