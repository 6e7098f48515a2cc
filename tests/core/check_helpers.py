"""Helpers for the village-check tests (plain functions; fixtures stay in tests/conftest.py)."""

from __future__ import annotations

from desktop.core.services.checks import checklists, inspections
from desktop.core.services.registry import units

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def village(ctx, name: str = "青石村", key: bool = False) -> dict:
    found = [u for u in units.list_units(ctx) if u["name"] == name]
    return found[0] if found else units.create(ctx, {"name": name, "type": "行政村", "is_key_village": key})


def default_items(ctx, n: int | None = None) -> list[dict]:
    items = [i for i in checklists.list_items(ctx) if i["checklist_kind"] == "共性化"]
    return items[:n] if n else items


def new_inspection(ctx, unit: dict | None = None, n_items: int = 4, **values) -> dict:
    unit = unit or village(ctx)
    base = {"unit_ids": [unit["id"]], "date": "2026-11-20", "inspectors": ["王晓燕", "李明"],
            "methods": ["查阅资料", "走访群众"], "people_contacted": 12,
            "item_ids": [i["id"] for i in default_items(ctx, n_items)]}
    base.update(values)
    return inspections.get_inspection(ctx, inspections.create_inspection(ctx, base)["id"])


def answer(ctx, ins: dict, results: list[tuple[str, str | None]]) -> None:
    inspections.save_results(ctx, ins["id"], [{"id": it["id"], "result": r, "note": note}
                                              for it, (r, note) in zip(ins["items"], results, strict=False)])
