"""Planning and coverage of village checks per period.

Periods are written '2026Q3' (quarter), '2026-09' (month) or '2026' (year). The rules (setting "check_rules")
say how often each unit must be checked: by default every village/community at least once a quarter and key
villages (重点村) every month. A completed inspection covers every unit it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from desktop.core.errors import ValidationError
from desktop.core.models.checks import Inspection, InspectionPlan, InspectionUnit
from desktop.core.models.registry import VILLAGE_TYPES, Unit
from desktop.core.services import rows
from desktop.core.services.org import settings, users

DEFAULT_RULES = {"village_per_quarter": 1, "key_village_monthly": True}
_Q = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_M = re.compile(r"^(\d{4})-(\d{1,2})$")
_Y = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """A calendar period: key '2026Q3' / '2026-09' / '2026', label '2026年第三季度', first and last day."""

    key: str
    kind: str  # quarter | month | year
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return f"{self.start.year}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        if self.kind == "month":
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start.year}年"

    def months(self) -> list[Period]:
        out, d = [], self.start
        while d <= self.end:
            out.append(parse_period(f"{d.year}-{d.month:02d}"))
            d = _month_end(d) + timedelta(days=1)
        return out

    def quarters(self) -> list[Period]:
        return [parse_period(f"{self.start.year}Q{q}") for q in range(1, 5)] if self.kind == "year" else [self]


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def parse_period(text: str) -> Period:
    """'2026Q3', '2026-09' or '2026' → Period. Raises ValidationError in Chinese otherwise."""
    t = (text or "").strip()
    if m := _Q.match(t):
        y, q = int(m.group(1)), int(m.group(2))
        start = date(y, 3 * q - 2, 1)
        return Period(f"{y}Q{q}", "quarter", start, _month_end(date(y, 3 * q, 1)))
    if (m := _M.match(t)) and 1 <= int(m.group(2)) <= 12:
        y, mo = int(m.group(1)), int(m.group(2))
        return Period(f"{y}-{mo:02d}", "month", date(y, mo, 1), _month_end(date(y, mo, 1)))
    if m := _Y.match(t):
        y = int(m.group(1))
        return Period(str(y), "year", date(y, 1, 1), date(y, 12, 31))
    raise ValidationError(f"期间“{text}”无法识别，应写成 2026Q3（季度）、2026-09（月）或 2026（年）。", field="period")


def period_of(d: date, kind: str = "quarter") -> Period:
    if kind == "month":
        return parse_period(f"{d.year}-{d.month:02d}")
    if kind == "year":
        return parse_period(str(d.year))
    return parse_period(f"{d.year}Q{(d.month - 1) // 3 + 1}")


def rules(ctx) -> dict:
    with ctx.reader() as s:
        return {**DEFAULT_RULES, **(settings.get_in(s, "check_rules", {}) or {})}


def covered_units(ctx) -> list[dict]:
    """Units the coverage rules apply to: active villages and communities, in display order."""
    u = Unit.__table__
    q = (select(u).where(u.c.deleted_at.is_(None), u.c.active.is_(True), u.c.type.in_(VILLAGE_TYPES))
         .order_by(u.c.sort_order, u.c.name))
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q).mappings()]


def _required_slots(unit: dict, period: Period, today: date, rule: dict) -> list[Period]:
    """Sub-periods in which this unit needs a check (only those already begun)."""
    if unit["is_key_village"] and rule["key_village_monthly"]:
        slots = period.months()
    elif period.kind == "month":
        return []
    else:
        slots = period.quarters() if rule["village_per_quarter"] else []
    return [p for p in slots if p.start <= today]


def _visits(ctx, period: Period) -> dict[str, list[dict]]:
    t, iu = Inspection.__table__, InspectionUnit.__table__
    q = (select(iu.c.unit_id, t.c.id, t.c.date, t.c.status, t.c.inspectors)
         .select_from(iu.join(t, t.c.id == iu.c.inspection_id))
         .where(t.c.deleted_at.is_(None), iu.c.deleted_at.is_(None), t.c.date >= period.start.isoformat(),
                t.c.date <= period.end.isoformat())
         .order_by(t.c.date))
    out: dict[str, list[dict]] = {}
    with ctx.reader() as s:
        for r in s.execute(q).mappings():
            out.setdefault(r["unit_id"], []).append(dict(r))
    return out


@dataclass
class Coverage:
    """Coverage of one period: `rows` per unit (unit_id, unit_name, is_key_village, rule, required, done, drafts,
    dates, missing — sub-period labels without a completed check —, assignees from the plan, status 已覆盖 /
    部分覆盖 / 未覆盖 / 不要求), missing first; and the counts of units checked, unchecked (incl. partly) and not
    required."""

    period: str
    label: str
    start: str
    end: str
    rows: list[dict] = field(default_factory=list)
    checked: int = 0
    unchecked: int = 0
    not_required: int = 0


def coverage(ctx, period_text: str) -> Coverage:
    """Per unit: checked or not in the period, against the rules."""
    period = parse_period(period_text)
    today = ctx.clock.today()
    rule = rules(ctx)
    visits = _visits(ctx, period)
    plans = _plans_by_unit(ctx, period)
    out = []
    for unit in covered_units(ctx):
        out.append(_coverage_row(unit, period, today, rule, visits.get(unit["id"], []), plans.get(unit["id"], [])))
    order = {"未覆盖": 0, "部分覆盖": 1, "已覆盖": 2, "不要求": 3}
    out.sort(key=lambda r: order[r["status"]])
    return Coverage(period=period.key, label=period.label, start=period.start.isoformat(),
                    end=period.end.isoformat(), rows=out,
                    checked=sum(r["status"] == "已覆盖" for r in out),
                    unchecked=sum(r["status"] in ("未覆盖", "部分覆盖") for r in out),
                    not_required=sum(r["status"] == "不要求" for r in out))


def _coverage_row(unit, period, today, rule, visits, plans) -> dict:
    done = [v for v in visits if v["status"] == "已完成"]
    slots = _required_slots(unit, period, today, rule)
    missing = [p for p in slots if not any(p.start.isoformat() <= v["date"] <= p.end.isoformat() for v in done)]
    if not slots:
        status = "已覆盖" if done else "不要求"
    elif not missing:
        status = "已覆盖"
    else:
        status = "未覆盖" if len(missing) == len(slots) else "部分覆盖"
    monthly = unit["is_key_village"] and rule["key_village_monthly"]
    return {
        "unit_id": unit["id"], "unit_name": unit["name"], "unit_type": unit["type"],
        "is_key_village": bool(unit["is_key_village"]), "rule": "重点村每月检查" if monthly else "每季度至少一次",
        "required": len(slots), "done": len(done), "drafts": len(visits) - len(done),
        "dates": [v["date"] for v in done], "last_date": done[-1]["date"] if done else None,
        "missing": [p.label for p in missing], "status": status,
        "assignees": "、".join(dict.fromkeys(a for p in plans for a in (p["assignees"] or "").split("、") if a)),
        "planned": len(plans),
    }


# ---------------------------------------------------------------- plan


def _plans_by_unit(ctx, period: Period) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for p in list_plans(ctx, period.key):
        out.setdefault(p["unit_id"], []).append(p)
    return out


def _plan_keys(period: Period) -> list[str]:
    keys = {period.key, *(m.key for m in period.months()), *(q.key for q in period.quarters())}
    return sorted(keys)


def list_plans(ctx, period_text: str) -> list[dict]:
    """Plan rows whose period lies in `period_text` (a quarter includes its months), with unit names."""
    period = parse_period(period_text)
    p, u = InspectionPlan.__table__, Unit.__table__
    q = (select(p, u.c.name.label("unit_name"), u.c.is_key_village)
         .select_from(p.join(u, u.c.id == p.c.unit_id))
         .where(p.c.deleted_at.is_(None), p.c.period.in_(_plan_keys(period)))
         .order_by(u.c.sort_order, p.c.period))
    with ctx.reader() as s:
        return [dict(r) for r in s.execute(q).mappings()]


def generate_plan(ctx, period_text: str, assignees: str = "") -> int:
    """Fill the plan of a quarter/year from the rules (one row per unit and required slot not yet planned).

    Returns the number of plan rows added.
    """
    users.require_writer(ctx)
    period = parse_period(period_text)
    rule = rules(ctx)
    existing = {(p["unit_id"], p["period"]) for p in list_plans(ctx, period.key)}
    new = []
    far_future = date(9999, 12, 31)
    for unit in covered_units(ctx):
        for slot in _required_slots(unit, period, far_future, rule):
            if (unit["id"], slot.key) in existing:
                continue
            monthly = unit["is_key_village"] and rule["key_village_monthly"]
            new.append({"period": slot.key, "unit_id": unit["id"], "due_date": slot.end.isoformat(),
                        "assignees": assignees or None, "rule": "重点村每月检查" if monthly else "每季度至少一次"})
    with ctx.session() as s:
        rows.bulk_insert(s, ctx, InspectionPlan, new, audit_summary=f"生成检查计划 {period.label}")
    return len(new)


def add_plan(ctx, period_text: str, unit_id: str, *, assignees: str = "", due_date: str | None = None,
             note: str = "") -> dict:
    users.require_writer(ctx)
    period = parse_period(period_text)
    with ctx.session() as s:
        rows.require(s, Unit, unit_id, "单位")
        return rows.insert(s, ctx, InspectionPlan, {
            "period": period.key, "unit_id": unit_id, "due_date": due_date or period.end.isoformat(),
            "assignees": assignees or None, "rule": "计划外安排", "note": note or None})


def update_plan(ctx, plan_id: str, changes: dict) -> dict:
    """Change assignees, due date or note of a plan row."""
    users.require_writer(ctx)
    allowed = {k: (v or None) for k, v in changes.items() if k in ("assignees", "due_date", "note")}
    with ctx.session() as s:
        return rows.update(s, ctx, InspectionPlan, plan_id, allowed, reason="调整检查计划")


def delete_plan(ctx, plan_id: str) -> None:
    users.require_writer(ctx)
    with ctx.session() as s:
        rows.soft_delete(s, ctx, InspectionPlan, plan_id, reason="删除检查计划")
