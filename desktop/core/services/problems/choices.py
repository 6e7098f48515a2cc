"""Choices for the problem forms and filters (GUI pickers): units, catalogue, matters, people of a unit.

Read-only helpers so the UI never reaches into the store.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.models.problems import ProblemType
from desktop.core.services.matters import records as matters
from desktop.core.services.registry import people, units


def catalogue(ctx) -> dict:
    """{"categories": [name…], "types": [(group, name)…]} — active catalogue entries in display order."""
    t = ProblemType.__table__
    q = (select(t.c.kind, t.c.grp, t.c.name).where(t.c.deleted_at.is_(None), t.c.active.is_(True))
         .order_by(t.c.kind, t.c.sort_order, t.c.name))
    out: dict = {"categories": [], "types": []}
    with ctx.reader() as s:
        for kind, grp, name in s.execute(q):
            if kind == "类别":
                out["categories"].append(name)
            else:
                out["types"].append((grp or "", name))
    return out


def unit_choices(ctx) -> list[dict]:
    """Units a problem can belong to: [{id, name, type}] (village groups shown under their village)."""
    out = []
    for u in units.list_units(ctx, active_only=True):
        name = f"{u['parent_name']}·{u['name']}" if u.get("parent_name") else u["name"]
        out.append({"id": u["id"], "name": name, "type": u["type"]})
    return out


def matter_choices(ctx) -> list[dict]:
    return matters.choices(ctx)


def people_of(ctx, unit_id: str | None) -> list[dict]:
    return people.list_people(ctx, unit_id=unit_id) if unit_id else []
