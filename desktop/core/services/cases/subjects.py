"""被反映人 (of a lead) and 审查调查对象 (of a case): a registry person, or free text with 单位/职务.

Input items: {"person_id": …} or {"name": …, "unit_name": …, "position": …}; optional rank, party_member,
came_forward. An unknown person id is refused with one Chinese line.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.errors import ValidationError
from desktop.core.models.cases import RANKS, CasePerson
from desktop.core.models.registry import Person, Unit
from desktop.core.services import rows
from desktop.core.services.matters.records import _text


def clean_in(s, items: list[dict] | None, *, what: str = "被反映人") -> list[dict]:
    out = []
    for item in items or []:
        v = {"person_id": (item.get("person_id") or None), "rank": _text(item.get("rank"), 20, "职级", "rank"),
             "party_member": bool(item.get("party_member")), "came_forward": bool(item.get("came_forward"))}
        if v["rank"] and v["rank"] not in RANKS:
            raise ValidationError(f"职级只能是：{'、'.join(RANKS)}。", field="rank")
        if v["person_id"]:
            p = rows.get(s, Person, v["person_id"])
            if p is None:
                raise ValidationError(f"所选{what}不在人员名册中（可能已被删除），请重新选择。", field="subjects")
            unit = rows.get(s, Unit, p["unit_id"]) if p["unit_id"] else None
            v.update(name=p["name"], unit_id=p["unit_id"], unit_name=unit["name"] if unit else None,
                     position=p["position"], party_member=v["party_member"] or bool(p["party_member"]))
        else:
            name = _text(item.get("name"), 50, f"{what}姓名", "subjects")
            if not name:
                raise ValidationError(f"请填写{what}姓名，或从人员名册中选择。", field="subjects")
            v.update(name=name, unit_id=None, unit_name=_text(item.get("unit_name"), 100, "单位", "subjects"),
                     position=_text(item.get("position"), 50, "职务", "subjects"))
        out.append(v)
    return out


def resolve_name_in(s, name: str, unit_name: str | None = None) -> str | None:
    """The registry person id for a name (and unit name), when exactly one live person matches."""
    p, u = Person.__table__, Unit.__table__
    q = select(p.c.id).select_from(p.outerjoin(u, u.c.id == p.c.unit_id)).where(p.c.deleted_at.is_(None),
                                                                                 p.c.name == name)
    if unit_name:
        q = q.where(u.c.name == unit_name)
    found = s.execute(q.limit(2)).scalars().all()
    return found[0] if len(found) == 1 else None


def write_in(s, ctx, owner: str, owner_id: str, items: list[dict]) -> list[dict]:
    return [rows.insert(s, ctx, CasePerson, {**v, "owner": owner, "owner_id": owner_id}) for v in items]


def of_in(s, owner: str, owner_ids: list[str]) -> dict[str, list[dict]]:
    t = CasePerson.__table__
    out: dict[str, list[dict]] = {i: [] for i in owner_ids}
    if not owner_ids:
        return out
    q = select(t).where(t.c.owner == owner, t.c.owner_id.in_(owner_ids), t.c.deleted_at.is_(None))
    for r in s.execute(q.order_by(t.c.change_seq)).mappings():
        out[r["owner_id"]].append(dict(r))
    return out


def label(items: list[dict]) -> str:
    """'张三（青石村/村委会主任）、李四' for lists and exports."""
    parts = []
    for p in items:
        extra = "/".join(x for x in (p.get("unit_name"), p.get("position")) if x)
        parts.append(f"{p['name']}（{extra}）" if extra else p["name"])
    return "、".join(parts)
