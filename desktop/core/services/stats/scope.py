"""Build a Scope from what the user typed: a period text and unit codes (ids, names, 区划代码; at the district also
township site codes or names). A village brings its 村民小组 along."""

from __future__ import annotations

from sqlalchemy import text

from desktop.core.errors import ValidationError
from desktop.core.services.stats import periods
from desktop.core.services.stats.engine import Scope


def _split(codes) -> list[str]:
    if codes is None:
        return []
    if isinstance(codes, str):
        codes = codes.replace("，", ",").replace("、", ",").split(",")
    return [c.strip() for c in codes if c and c.strip()]


def townships(s, ctx) -> list[tuple[str, str]]:
    """(site code, name) of the townships known at the district (registered peers and sites data came from)."""
    names = {r[0]: r[1] for r in s.execute(text("SELECT site_code, site_name FROM sync_peer WHERE role = 'township'"))}
    for code, name in s.execute(text("SELECT site_code, site_name FROM org_profile WHERE deleted_at IS NULL "
                                     "AND role = 'township'")):
        names.setdefault(code, name)
    for (code,) in s.execute(text("SELECT DISTINCT origin_site FROM unit WHERE deleted_at IS NULL")):
        if code and code != ctx.site_code:
            names.setdefault(code, code)
    return sorted(names.items())


def build(s, ctx, period_text: str, units=None) -> Scope:
    period = periods.parse(period_text)
    wanted = _split(units)
    if not wanted:
        return Scope(period, ctx.clock.today(), district=ctx.is_district)
    unit_ids: list[str] = []
    sites: list[str] = []
    town = dict(townships(s, ctx)) if ctx.is_district else {}
    by_name = {v: k for k, v in town.items()}
    for code in wanted:
        if code in town or code in by_name:
            sites.append(code if code in town else by_name[code])
            continue
        row = s.execute(text("SELECT id FROM unit WHERE deleted_at IS NULL AND (id = :c OR name = :c OR admin_code = :c "
                             "OR short_name = :c) ORDER BY type = '村民小组', sort_order LIMIT 1"), {"c": code}).first()
        if row is None:
            raise ValidationError(f"找不到单位“{code}”。", field="units",
                                  hint="可填写单位名称、区划代码或编号，多个用逗号分隔")
        unit_ids.append(row[0])
    if unit_ids:
        kids = s.execute(text("SELECT id FROM unit WHERE deleted_at IS NULL AND parent_id IN "
                              "(SELECT value FROM json_each(:ids))"), {"ids": __import__("json").dumps(unit_ids)})
        unit_ids += [r[0] for r in kids]
    return Scope(period, ctx.clock.today(), tuple(dict.fromkeys(unit_ids)) or None, tuple(sites) or None,
                 district=ctx.is_district)
