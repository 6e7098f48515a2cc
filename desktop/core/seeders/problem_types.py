"""Seed the problem catalogue (小微权力 categories and the problem typology) from db/seed/problem_types.json."""

from __future__ import annotations

import json

from desktop.core.models.problems import ProblemType
from desktop.core.paths import seed_dir
from desktop.core.services import rows


def load() -> dict:
    return json.loads((seed_dir() / "problem_types.json").read_text(encoding="utf-8"))


def catalogue_rows(data: dict) -> list[dict]:
    out = []
    for i, name in enumerate([*data["categories"], *data.get("extra_categories", [])], start=1):
        out.append({"kind": "类别", "grp": None, "name": name, "sort_order": i, "active": True})
    order = 0
    for group in data["types"]:
        for name in group["names"]:
            order += 1
            out.append({"kind": "问题类型", "grp": group["group"], "name": name, "sort_order": order, "active": True})
    return out


def seed(s, ctx) -> None:
    rows.bulk_insert(s, ctx, ProblemType, catalogue_rows(load()), audit_summary="初始设置：问题类别与问题类型目录")
