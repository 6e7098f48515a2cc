"""`qingfeng info`: schema version, site, live row counts per table."""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from desktop.core.store import migrate


def summary(ctx) -> dict:
    from desktop.core.services.org import profile as org

    with ctx.reader() as s:
        names = [r[0] for r in s.execute(text(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE '%_fts%' ORDER BY name"))]
        counts = {}
        for name in names:
            cols = {r[1] for r in s.execute(text(f'PRAGMA table_info("{name}")'))}
            where = " WHERE deleted_at IS NULL" if "deleted_at" in cols else ""
            counts[name] = s.execute(text(f'SELECT count(*) FROM "{name}"{where}')).scalar()
        version = s.execute(text("PRAGMA user_version")).scalar()
    profile = org.get_profile(ctx) or {}
    return {
        "schema_version": version,
        "program_schema_version": migrate.latest_version(),
        "sqlite_version": sqlite3.sqlite_version,
        "data_dir": str(ctx.data.root),
        "site": {k: profile.get(k) for k in ("role", "site_code", "site_name", "full_name", "short_name")},
        "user": ctx.user_name,
        "counts": counts,
    }
