"""What this site has already sent, kept OUTSIDE the database so that restoring a backup cannot roll it back.

<data dir>/sync-state.json holds, per direction and recipient, the highest package number and change sequence
sent, and the highest catalogue version published. Exports continue past max(database, this file); a restore
first folds the outgoing database's export ledger in (so the file is right even if it never existed), and
afterwards moves the change counter past everything sent. Without that the other side would refuse every later
package as older than what it holds (issue 11 §5).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

FILE = "sync-state.json"


def _path(data) -> Path:
    return data.root / FILE


def load(data) -> dict:
    try:
        raw = json.loads(_path(data).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"sent": {}}
    return raw if isinstance(raw, dict) and isinstance(raw.get("sent"), dict) else {"sent": {}}


def _save(data, state: dict) -> None:
    path = _path(data)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def merge(data, entries: list[dict]) -> dict:
    """Fold export-ledger-like entries (direction, target_code, package_no, seq_to, catalogue_version) in,
    keeping the maximum of each number. Returns the new state."""
    state = load(data)
    changed = False
    for e in entries:
        key = f"{e['direction']}:{e['target_code']}"
        cur = state["sent"].setdefault(key, {"package_no": 0, "seq_to": 0, "catalogue_version": 0})
        for name in ("package_no", "seq_to", "catalogue_version"):
            v = int(e.get(name) or 0)
            if v > int(cur.get(name) or 0):
                cur[name], changed = v, True
    if changed:
        _save(data, state)
    return state


def record(data, row: dict) -> None:
    """After an export is recorded in the database: remember it here too (a failure here is not fatal)."""
    with contextlib.suppress(OSError):
        merge(data, [row])


def ledger_of(db_path: Path) -> list[dict]:
    """The export ledger maxima of a database file (read with plain sqlite3; [] when it has none)."""
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        rows = con.execute("SELECT direction, target_code, max(package_no), max(seq_to), max(catalogue_version) "
                           "FROM sync_export GROUP BY direction, target_code").fetchall()
    except sqlite3.Error:
        return []
    finally:
        con.close()
    return [{"direction": d, "target_code": t, "package_no": n, "seq_to": s, "catalogue_version": c}
            for d, t, n, s, c in rows]


def absorb(data, db_path: Path) -> dict:
    """Fold a database file's export ledger into the state (before that database is replaced)."""
    return merge(data, ledger_of(db_path))


def sent(data, direction: str, target_code: str) -> dict:
    return load(data)["sent"].get(f"{direction}:{target_code}") or {}


def highest(data, name: str, direction: str | None = None) -> int:
    """The highest `name` (package_no, seq_to, catalogue_version) sent, over all recipients of `direction`."""
    out = 0
    for key, e in load(data)["sent"].items():
        if direction is None or key.startswith(f"{direction}:"):
            out = max(out, int(e.get(name) or 0))
    return out


def continue_counter_in(s, data) -> int:
    """Move the change counter past every change sequence already sent (inside a write transaction).
    Returns the counter's value afterwards."""
    from sqlalchemy import select, update

    from desktop.core.models.org import ChangeCounter

    t = ChangeCounter.__table__
    high = highest(data, "seq_to")
    cur = int(s.execute(select(t.c.value).where(t.c.id == 1)).scalar() or 0)
    if high > cur:
        s.execute(update(t).where(t.c.id == 1).values(value=high))
        return high
    return cur
