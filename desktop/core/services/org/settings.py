"""Local business settings (table app_setting), JSON values with defaults declared here."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.core.models.org import AppSetting

DEFAULTS: dict[str, Any] = {
    "warning_tiers": [20, 10, 0],  # days before a deadline that turn an item yellow (工作台 tiers)
    "revisit_months": 3,  # 回头看 after close-out
    "repeat_offence_months": 12,  # 屡查屡犯 window
    "stale_package_days": 45,  # district: a township is stale after this many days without a package
}


def get(ctx, key: str, default: Any = None) -> Any:
    with ctx.reader() as s:
        return get_in(s, key, default)


def get_in(s, key: str, default: Any = None) -> Any:
    t = AppSetting.__table__
    raw = s.execute(select(t.c.value).where(t.c.key == key)).scalar()
    if raw is None:
        return DEFAULTS.get(key, default) if default is None else default
    return json.loads(raw)


def put(ctx, key: str, value: Any) -> None:
    from desktop.core.services.org import users
    from desktop.core.services.rows import write_audit

    users.require_role(ctx, "管理员")  # settings are the administrator's (docs/ROLES.md)
    with ctx.session() as s:
        before = get_in(s, key)
        t = AppSetting.__table__
        raw = json.dumps(value, ensure_ascii=False)
        s.execute(sqlite_insert(t).values(key=key, value=raw).on_conflict_do_update(index_elements=["key"], set_={"value": raw}))
        write_audit(s, ctx, "修改设置", "app_setting", key, before={"value": before}, after={"value": value})
