"""Automatic backups: one full backup (store/archive.py) the first time the program is used each day, into
<data dir>/backups/自动备份/, rotated to keep the newest of each of the last 7 days, 4 weeks and 12 months."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)
FOLDER = "自动备份"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_NAME = re.compile(r"^自动备份-(?:\d+-)?(\d{4}-\d{2}-\d{2})\.qfbak$")


@dataclass
class AutoBackup:
    file: Path | None
    made: bool
    removed: list[str] = field(default_factory=list)


def folder_of(ctx) -> Path:
    return ctx.data.sub("backups") / FOLDER


def _dated(folder: Path) -> dict[date, Path]:
    out = {}
    for p in folder.glob("自动备份-*.qfbak"):
        m = _NAME.match(p.name)
        if m:
            try:
                out[date.fromisoformat(m.group(1))] = p
            except ValueError:
                continue
    return out


def to_keep(days: list[date]) -> set[date]:
    """The 7 newest days, the newest day of each of the 4 newest ISO weeks, and of the 12 newest months."""
    days = sorted(set(days), reverse=True)
    keep = set(days[:KEEP_DAILY])
    for key, n in ((lambda d: d.isocalendar()[:2], KEEP_WEEKLY), (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen = []
        for d in days:
            k = key(d)
            if k not in seen:
                seen.append(k)
                keep.add(d)
            if len(seen) >= n:
                break
    return keep


def run_daily(ctx) -> AutoBackup:
    """Today's automatic backup unless there is one already; then the rotation."""
    from desktop.core.services.backups import backup as backups

    folder = folder_of(ctx)
    folder.mkdir(parents=True, exist_ok=True)
    today = ctx.clock.today()
    have = _dated(folder)
    made = today not in have
    if made:
        dest = folder / f"自动备份-{ctx.site_code + '-' if ctx.site_code else ''}{today.isoformat()}.qfbak"
        backups.write_backup(ctx, dest)
        have[today] = dest
        log.info("已自动备份：%s", dest)
    keep = to_keep(list(have))
    removed = []
    for d, p in sorted(have.items()):
        if d not in keep:
            p.unlink(missing_ok=True)
            removed.append(p.name)
    return AutoBackup(have[today], made, removed)


def last(ctx) -> Path | None:
    have = _dated(folder_of(ctx))
    return have[max(have)] if have else None
