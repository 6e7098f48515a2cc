"""Registry of people: village cadres, 村监委, 村级纪检员, station staff; with post history."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import or_, select

from desktop.core.errors import Duplicate, ValidationError
from desktop.core.models.registry import POSITIONS, Person, PersonPost, Unit
from desktop.core.services import rows
from desktop.core.services.org import users

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
ID_NO = re.compile(r"^\d{17}[\dXx]$")
FIELDS = ("name", "gender", "unit_id", "position", "party_member", "is_supervision_target", "term_start",
          "term_end", "phone", "id_no", "active", "note")


def mask_id(id_no: str | None) -> str:
    """'330226198001011234' → '3302**********1234' (what the screen shows)."""
    if not id_no:
        return ""
    return id_no[:4] + "*" * (len(id_no) - 8) + id_no[-4:] if len(id_no) > 8 else "*" * len(id_no)


def mask_phone(phone: str | None) -> str:
    """'13805741234' → '138****1234', '0574-65123456' → '0574-****3456' (lists on screen)."""
    if not phone:
        return ""
    digits = [i for i, c in enumerate(phone) if c.isdigit()]
    hide = set(digits[-8:-4]) if len(digits) >= 8 else set(digits[:-2])
    return "".join("*" if i in hide else c for i, c in enumerate(phone))


def _date(value, label: str, field: str) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-")).isoformat()
    except ValueError:
        raise ValidationError(f"{label}“{value}”不是有效日期（应为 2026-03-05 这样的格式）。", field=field) from None


def validate_in(s, values: dict, *, exclude_id: str | None = None) -> dict:
    """Check a person's values; returns them cleaned. Raises ValidationError/Duplicate naming the field."""
    v = {k: values.get(k) for k in FIELDS if k in values}
    v["name"] = (v.get("name") or "").strip()
    if not v["name"]:
        raise ValidationError("请填写姓名。", field="name")
    if v.get("unit_id"):
        if not rows.get(s, Unit, v["unit_id"]):
            raise ValidationError("所选单位不存在。", field="unit_id")
    else:
        v["unit_id"] = None
    pos = (v.get("position") or "").strip() or None
    if pos and pos not in POSITIONS and len(pos) > 20:
        raise ValidationError("职务名称过长。", field="position")
    v["position"] = pos
    if v.get("gender") not in (None, "", "男", "女"):
        raise ValidationError("性别只能是“男”或“女”。", field="gender")
    v["gender"] = v.get("gender") or None
    v["term_start"] = _date(v.get("term_start"), "任期开始", "term_start")
    v["term_end"] = _date(v.get("term_end"), "任期结束", "term_end")
    if v["term_start"] and v["term_end"] and v["term_end"] < v["term_start"]:
        raise ValidationError("任期结束日期不能早于开始日期。", field="term_end")
    phone = (str(v.get("phone") or "")).strip().replace(" ", "") or None
    if phone and not (MOBILE.match(phone) or LANDLINE.match(phone)):
        raise ValidationError(f"电话“{phone}”格式不正确：手机应为 11 位，座机如 0574-12345678。", field="phone")
    v["phone"] = phone
    id_no = (str(v.get("id_no") or "")).strip() or None
    if id_no and not ID_NO.match(id_no):
        raise ValidationError("身份证号应为 18 位（最后一位可为 X）。", field="id_no")
    v["id_no"] = id_no.upper() if id_no else None
    for flag, default in (("party_member", False), ("is_supervision_target", False), ("active", True)):
        v[flag] = bool(v.get(flag, default)) if v.get(flag) is not None else default
    _check_duplicate(s, v, exclude_id)
    return v


def _check_duplicate(s, v: dict, exclude_id: str | None) -> None:
    """Same name in the same unit with the same phone (or both without one) is taken to be the same person."""
    p = Person.__table__
    q = select(p.c.id).where(p.c.deleted_at.is_(None), p.c.name == v["name"])
    q = q.where(p.c.unit_id == v["unit_id"]) if v["unit_id"] else q.where(p.c.unit_id.is_(None))
    q = q.where(p.c.phone == v["phone"]) if v["phone"] else q.where(p.c.phone.is_(None))
    if exclude_id:
        q = q.where(p.c.id != exclude_id)
    if s.execute(q).first():
        raise Duplicate(f"该单位已有同名人员“{v['name']}”。", field="name",
                        hint="如确为两人，请填写各自的联系电话以便区分")


def create_in(s, ctx, values: dict) -> dict:
    return rows.insert(s, ctx, Person, validate_in(s, values))


def create(ctx, values: dict) -> dict:
    users.require_writer(ctx)
    with ctx.session() as s:
        return create_in(s, ctx, values)


def update(ctx, person_id: str, changes: dict, *, change_date: str | None = None) -> dict:
    """Edit a person. A change of unit or position keeps the earlier post in the history."""
    users.require_writer(ctx)
    with ctx.session() as s:
        return update_in(s, ctx, person_id, changes, change_date=change_date)


def update_in(s, ctx, person_id: str, changes: dict, *, change_date: str | None = None) -> dict:
    before = rows.require(s, Person, person_id, "人员")
    merged = validate_in(s, {**before, **changes}, exclude_id=person_id)
    moved = (merged["unit_id"], merged["position"]) != (before["unit_id"], before["position"])
    if moved and (before["position"] or before["unit_id"]):
        ended = change_date or ctx.clock.today().isoformat()
        rows.insert(s, ctx, PersonPost, {
            "person_id": person_id, "unit_id": before["unit_id"], "position": before["position"],
            "start_date": before["term_start"], "end_date": ended, "note": "岗位变动",
        })
    return rows.update(s, ctx, Person, person_id, {k: merged[k] for k in FIELDS if k in merged})


def delete(ctx, person_id: str, reason: str = "") -> None:
    users.require_writer(ctx)
    with ctx.session() as s:
        rows.soft_delete(s, ctx, Person, person_id, reason=reason)


def get(ctx, person_id: str, *, show_id: bool = False) -> dict | None:
    """One person with `unit_name`; `id_no` masked unless show_id (管理员/负责人 only, and audited as a view)."""
    if show_id:
        users.require_sensitive(ctx)
    with ctx.reader() as s:
        row = rows.get(s, Person, person_id)
        if row is None:
            return None
        unit = rows.get(s, Unit, row["unit_id"]) if row["unit_id"] else None
    row["unit_name"] = unit["name"] if unit else ""
    if not show_id:
        row["id_no"] = mask_id(row["id_no"])
    elif row["id_no"]:
        from desktop.core.services.audit.log import record_view

        record_view(ctx, "person", person_id, f"{row['name']}的身份证号")
    return row


def history(ctx, person_id: str) -> list[dict]:
    p, u = PersonPost.__table__, Unit.__table__
    q = (select(p, u.c.name.label("unit_name")).select_from(p.outerjoin(u, u.c.id == p.c.unit_id))
         .where(p.c.person_id == person_id, p.c.deleted_at.is_(None)).order_by(p.c.end_date.desc()))
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q).mappings()]


def list_people(ctx, *, text: str = "", unit_id: str | None = None, position: str | None = None,
                targets_only: bool = False, show_id: bool = False) -> list[dict]:
    """People with `unit_name`; `id_no` is masked unless show_id (管理员/负责人 only)."""
    if show_id:
        users.require_sensitive(ctx)
    p, u = Person.__table__, Unit.__table__
    q = (select(p, u.c.name.label("unit_name")).select_from(p.outerjoin(u, u.c.id == p.c.unit_id))
         .where(p.c.deleted_at.is_(None)))
    if text:
        like = f"%{text.strip()}%"
        q = q.where(or_(p.c.name.like(like), p.c.phone.like(like), p.c.position.like(like), u.c.name.like(like)))
    if unit_id:
        q = q.where(p.c.unit_id == unit_id)
    if position:
        q = q.where(p.c.position == position)
    if targets_only:
        q = q.where(p.c.is_supervision_target.is_(True))
    q = q.order_by(u.c.sort_order, u.c.name, p.c.name)
    with ctx.reader() as s:
        out = [dict(r) for r in s.execute(q).mappings()]
    if not show_id:
        for r in out:
            r["id_no"] = mask_id(r["id_no"])
    return out
