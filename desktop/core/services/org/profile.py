"""The organisation profile as every service reads it: this site's code, name, role and 发文权限.

Read-only and low in the layers (the context loads it at open); set-up and edits are in org/site.py.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.models.org import OrgProfile


def get_profile(ctx) -> dict | None:
    t = OrgProfile.__table__
    with ctx.reader() as s:
        # The district also holds its townships' profiles (USB exchange): its own row has role 'district'.
        q = select(t).where(t.c.deleted_at.is_(None)).order_by(t.c.role, t.c.created_at)
        r = s.execute(q).mappings().first()
        return dict(r) if r else None


def is_initialised(ctx) -> bool:
    return get_profile(ctx) is not None


def capacities(ctx) -> list[str]:
    profile = get_profile(ctx) or {}
    return [c for c in (profile.get("capacities") or "").split("、") if c]
