"""The editable problem catalogue: 小微权力 categories (kind 类别) and the problem typology (kind 问题类型,
grouped as in DOMAIN §4.13). Seeded at set-up from db/seed/problem_types.json (seeders/problem_types.py).

Problems store the names (text), so renaming an entry does not rewrite old problems; deactivating hides it
from the pick lists but keeps it valid for existing problems.
"""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.core.errors import Duplicate, ValidationError
from desktop.core.models.problems import CATALOGUE_KINDS, ProblemType
from desktop.core.services import rows
from desktop.core.services.org import users

T = ProblemType.__table__


def list_entries(ctx, kind: str | None = None, *, active_only: bool = False) -> list[dict]:
    """Catalogue rows in display order (kind, grp, name, sort_order, active, note)."""
    q = select(T).where(T.c.deleted_at.is_(None))
    if kind:
        q = q.where(T.c.kind == kind)
    if active_only:
        q = q.where(T.c.active.is_(True))
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q.order_by(T.c.kind, T.c.sort_order, T.c.name)).mappings()]


def categories(ctx, *, active_only: bool = True) -> list[str]:
    """小微权力 category names for pick lists."""
    return [r["name"] for r in list_entries(ctx, "类别", active_only=active_only)]


def types_by_group(ctx, *, active_only: bool = True) -> dict[str, list[str]]:
    """Problem types grouped as in DOMAIN §4.13: {"财务": ["白条入账", …], …} (free text is also allowed)."""
    out: dict[str, list[str]] = {}
    for r in list_entries(ctx, "问题类型", active_only=active_only):
        out.setdefault(r["grp"] or "其他", []).append(r["name"])
    return out


def _check(s, kind: str, name: str, exclude_id: str | None = None) -> str:
    if kind not in CATALOGUE_KINDS:
        raise ValidationError(f"目录种类只能是：{'、'.join(CATALOGUE_KINDS)}。", field="kind")
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写名称。", field="name")
    q = select(T.c.id).where(T.c.deleted_at.is_(None), T.c.kind == kind, T.c.name == name)
    if exclude_id:
        q = q.where(T.c.id != exclude_id)
    if s.execute(q).first():
        raise Duplicate(f"目录中已有“{name}”。", field="name")
    return name


def add_entry(ctx, kind: str, name: str, *, grp: str | None = None, note: str | None = None) -> dict:
    """Add a category (kind 类别) or a problem type (kind 问题类型, with its group)."""
    users.require_writer(ctx)
    with ctx.session() as s:
        name = _check(s, kind, name)
        last = s.execute(select(func.max(T.c.sort_order)).where(T.c.kind == kind)).scalar() or 0
        return rows.insert(s, ctx, ProblemType, {"kind": kind, "grp": (grp or "").strip() or None, "name": name,
                                                 "sort_order": last + 1, "active": True, "note": note})


def update_entry(ctx, entry_id: str, changes: dict) -> dict:
    """Rename, regroup, reorder, (de)activate an entry. Existing problems keep the text they were recorded with."""
    users.require_writer(ctx)
    with ctx.session() as s:
        current = rows.require(s, ProblemType, entry_id, "目录条目")
        values = {k: changes[k] for k in ("name", "grp", "sort_order", "active", "note") if k in changes}
        if "name" in values:
            values["name"] = _check(s, current["kind"], values["name"], exclude_id=entry_id)
        if "active" in values:
            values["active"] = bool(values["active"])
        return rows.update(s, ctx, ProblemType, entry_id, values, reason="修改问题类型目录")
