"""Every date the program shows or names files with comes from the clock (issue 11 §1), never the real date."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.core.services.backups import backup as backups

ROOT = Path(__file__).resolve().parents[2] / "desktop"
ALLOWED = {"core/clock.py", "core/store/ids.py"}  # ids: UUIDv7 ordering, not a date anyone reads


def test_no_real_date_outside_the_clock():
    pattern = re.compile(r"datetime\.now\(|date\.today\(|datetime\.utcnow\(|time\.time\(|time\.localtime\(")
    found = [f"{p.relative_to(ROOT)}:{i}" for p in ROOT.rglob("*.py") if str(p.relative_to(ROOT)) not in ALLOWED
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if pattern.search(line)]
    assert found == []


def test_backup_names_carry_the_clock_date(ctx, tmp_path):
    assert "-20261124-" in backups.backup_now(ctx, tmp_path / "备份").name
    first = backups.backup_before_import(ctx, "问题台账")
    second = backups.backup_before_import(ctx, "问题台账")  # same fixed moment: numbered, never overwritten
    assert "20261124" in first.name and first != second and first.exists() and second.exists()
