"""Automatic daily backups and their rotation (issue 11 §6): 7 daily, 4 weekly, 12 monthly."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.core.clock import FixedClock
from desktop.core.services.backups import auto as auto_backup
from desktop.core.services.backups import backup as backups
from desktop.core.store import archive


def test_to_keep_daily_weekly_monthly():
    days = [date(2026, 11, 24) - timedelta(days=i) for i in range(400)]
    keep = auto_backup.to_keep(days)
    assert set(days[:7]) <= keep
    weekly = {d.isocalendar()[:2] for d in keep}
    assert len([d for d in keep if d < days[6]]) <= 4 + 12
    assert {(d.year, d.month) for d in keep} >= {(2026, m) for m in range(1, 12)} | {(2025, 12)}
    assert min(keep) >= date(2025, 12, 1) and len(weekly) >= 4


def test_one_backup_per_day_used_and_old_ones_rotated(ctx, monkeypatch):
    first = auto_backup.run_daily(ctx)
    assert first.made and archive.verify(first.file).site_code == "330226101"
    assert not auto_backup.run_daily(ctx).made  # the second start of the day does nothing

    def tiny(c, dest):
        dest.write_bytes(b"PK\x03\x04")

    monkeypatch.setattr(backups, "write_backup", tiny)
    day = date(2026, 11, 24)
    for i in range(1, 200, 2):  # used every other day for 200 days
        ctx.clock = FixedClock(day + timedelta(days=i))
        auto_backup.run_daily(ctx)
    left = sorted(p.name for p in auto_backup.folder_of(ctx).glob("*.qfbak"))
    last = day + timedelta(days=199)
    assert f"自动备份-330226101-{last.isoformat()}.qfbak" in left
    assert 7 <= len(left) <= 7 + 4 + 12
    assert "自动备份-330226101-2026-11-29.qfbak" in left  # the newest of November 2026 stays as its month
    assert "自动备份-330226101-2026-11-24.qfbak" not in left
