"""Registry of supervised units: villages, communities, village groups, stations, collective organisations."""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select

from desktop.core.errors import Duplicate, ValidationError
from desktop.core.models.registry import UNIT_TYPES, VILLAGE_TYPES, Unit
from desktop.core.services import rows
from desktop.core.services.org import users

ADMIN_CODE = re.compile(r"^\d{12}$|^\d{15}$")
FIELDS = ("name", "short_name", "type", "parent_id", "admin_code", "population", "households", "is_key_village",
          "active", "sort_order", "note")


def validate_in(s, values: dict, *, exclude_id: str | None = None) -> dict:
    """Check a unit's values; returns them cleaned. Raises ValidationError/Duplicate naming the field."""
    v = {k: values.get(k) for k in FIELDS if k in values}
    v["name"] = (v.get("name") or "").strip()
    if not v["name"]:
        raise ValidationError("请填写单位名称。", field="name")
    if v.get("type") not in UNIT_TYPES:
        raise ValidationError(f"单位类型只能是：{'、'.join(UNIT_TYPES)}。", field="type")
    t = Unit.__table__
    parent_id = v.get("parent_id") or None
    v["parent_id"] = parent_id
    if v["type"] == "村民小组":
        if not parent_id:
            raise ValidationError("村民小组必须选择所属的村（社区）。", field="parent_id")
        parent = rows.get(s, Unit, parent_id)
        if not parent or parent["type"] not in VILLAGE_TYPES:
            raise ValidationError("村民小组的上级必须是行政村或社区。", field="parent_id")
    code = (v.get("admin_code") or "").strip() or None
    if code and not ADMIN_CODE.match(code):
        raise ValidationError(f"区划代码“{code}”不正确：村级代码应为 12 位数字。", field="admin_code")
    v["admin_code"] = code
    for key in ("population", "households"):
        if v.get(key) not in (None, ""):
            try:
                v[key] = int(v[key])
            except (TypeError, ValueError):
                raise ValidationError("人口、户数必须是整数。", field=key) from None
            if v[key] < 0:
                raise ValidationError("人口、户数不能为负数。", field=key)
        else:
            v[key] = None
    q = select(t.c.id).where(t.c.deleted_at.is_(None), t.c.name == v["name"])
    q = q.where(t.c.parent_id == parent_id) if parent_id else q.where(t.c.parent_id.is_(None))
    if exclude_id:
        q = q.where(t.c.id != exclude_id)
    if s.execute(q).first():
        where = "同一上级单位下" if parent_id else ""
        raise Duplicate(f"{where}已有名为“{v['name']}”的单位。", field="name")
    if code:
        qc = select(t.c.id).where(t.c.deleted_at.is_(None), t.c.admin_code == code)
        if exclude_id:
            qc = qc.where(t.c.id != exclude_id)
        if s.execute(qc).first():
            raise Duplicate(f"区划代码 {code} 已被其他单位使用。", field="admin_code")
    v.setdefault("is_key_village", False)
    v.setdefault("active", True)
    v["is_key_village"] = bool(v["is_key_village"])
    v["active"] = bool(v["active"])
    v["sort_order"] = int(v.get("sort_order") or 0)
    return v


def create_in(s, ctx, values: dict) -> dict:
    return rows.insert(s, ctx, Unit, validate_in(s, values))


def create(ctx, values: dict) -> dict:
    """Add a unit. Raises ValidationError/Duplicate; nothing is written then."""
    users.require_writer(ctx)
    with ctx.session() as s:
        return create_in(s, ctx, values)


def update(ctx, unit_id: str, changes: dict) -> dict:
    """Edit a unit. Raises ValidationError/Duplicate naming the field; nothing is written then."""
    users.require_writer(ctx)
    with ctx.session() as s:
        return update_in(s, ctx, unit_id, changes)


def update_in(s, ctx, unit_id: str, changes: dict) -> dict:
    current = rows.require(s, Unit, unit_id, "单位")
    if changes.get("parent_id") and changes["parent_id"] == unit_id:
        raise ValidationError("单位不能以自己为上级。", field="parent_id")
    merged = validate_in(s, {**current, **changes}, exclude_id=unit_id)
    return rows.update(s, ctx, Unit, unit_id, {k: merged[k] for k in FIELDS if k in merged})


def delete(ctx, unit_id: str, reason: str = "") -> None:
    """Soft-delete a unit. Refused while live people or sub-units still belong to it."""
    from desktop.core.models.registry import Person

    users.require_writer(ctx)
    t, p = Unit.__table__, Person.__table__
    with ctx.session() as s:
        unit = rows.require(s, Unit, unit_id, "单位")
        kids = s.execute(select(func.count()).where(t.c.parent_id == unit_id, t.c.deleted_at.is_(None))).scalar()
        staff = s.execute(select(func.count()).where(p.c.unit_id == unit_id, p.c.deleted_at.is_(None))).scalar()
        if kids or staff:
            parts = [f"{kids} 个下级单位" if kids else "", f"{staff} 名人员" if staff else ""]
            raise ValidationError(f"“{unit['name']}”下还有{'、'.join(x for x in parts if x)}，不能删除。",
                                  hint="请先删除或调走下属单位和人员，或把该单位设为“停用”")
        rows.soft_delete(s, ctx, Unit, unit_id, reason=reason)


def get(ctx, unit_id: str) -> dict | None:
    with ctx.reader() as s:
        return rows.get(s, Unit, unit_id)


def list_units(ctx, *, text: str = "", types: tuple[str, ...] = (), active_only: bool = False,
               key_only: bool = False) -> list[dict]:
    """Units in display order, with `parent_name` and `people_count`."""
    from desktop.core.models.registry import Person

    t, p, parent = Unit.__table__, Person.__table__, Unit.__table__.alias("parent")
    people = (
        select(func.count()).where(p.c.unit_id == t.c.id, p.c.deleted_at.is_(None)).correlate(t).scalar_subquery()
    )
    q = (
        select(t, parent.c.name.label("parent_name"), people.label("people_count"))
        .select_from(t.outerjoin(parent, parent.c.id == t.c.parent_id))
        .where(t.c.deleted_at.is_(None))
    )
    if text:
        like = f"%{text.strip()}%"
        q = q.where(or_(t.c.name.like(like), t.c.short_name.like(like), t.c.admin_code.like(like)))
    if types:
        q = q.where(t.c.type.in_(types))
    if active_only:
        q = q.where(t.c.active.is_(True))
    if key_only:
        q = q.where(t.c.is_key_village.is_(True))
    q = q.order_by(func.coalesce(parent.c.sort_order, t.c.sort_order), func.coalesce(parent.c.name, t.c.name),
                   t.c.parent_id.is_not(None), t.c.sort_order, t.c.name)
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q).mappings()]


def villages(ctx, *, active_only: bool = True) -> list[dict]:
    """行政村 and 社区 — the units most checks and letters address."""
    return list_units(ctx, types=VILLAGE_TYPES, active_only=active_only)
