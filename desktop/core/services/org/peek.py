"""A cheap look at a data dir before the full stack is imported (start-up path: plain sqlite3 only)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.core.paths import DataDir
from desktop.core.store import migrate


def site_of(data: DataDir) -> dict | None:
    """The site profile if this data dir is initialised; None when new or not yet set up.

    Raises StoreError for a foreign or too-new file, like opening it would.
    """
    path: Path = data.db_path
    state = migrate.inspect_file(path)
    if state.new:
        return None
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        con.row_factory = sqlite3.Row
        row = con.execute(
            "SELECT site_code, site_name, full_name, role FROM org_profile WHERE deleted_at IS NULL "
            "ORDER BY role, created_at LIMIT 1"
        ).fetchone()
        return dict(row) if row else None
    except sqlite3.Error:
        return None
    finally:
        con.close()
