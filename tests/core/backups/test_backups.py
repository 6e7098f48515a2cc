"""Back up now / restore from the GUI's point of view: the Context keeps working across the swap."""

from __future__ import annotations

import pytest

from desktop.core.errors import PermissionDenied, StoreError
from desktop.core.services.backups import backup as backups
from desktop.core.services.registry import units
from tests.conftest import db_snapshot


def test_backup_then_restore_reopens_context(ctx, tmp_path):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    backup = backups.backup_now(ctx, tmp_path / "备份")
    assert backup.exists() and backup.name.startswith("清风台账备份-330226101-")
    units.create(ctx, {"name": "柳溪村", "type": "行政村"})
    kept = backups.restore_backup(ctx, backup)
    assert kept.exists()
    assert [u["name"] for u in units.list_units(ctx)] == ["青石村"]  # same ctx, reopened database
    units.create(ctx, {"name": "白沙村", "type": "行政村"})
    assert ctx.user_name == "王晓燕"


def test_restore_refuses_bad_file_and_keeps_working(ctx, tmp_path):
    bad = tmp_path / "x.db"
    bad.write_text("not a database" * 20)
    before = db_snapshot(ctx.db.path)
    with pytest.raises(StoreError, match="不是清风台账的数据库"):
        backups.restore_backup(ctx, bad)
    assert db_snapshot(ctx.db.path) == before
    units.create(ctx, {"name": "青石村", "type": "行政村"})


def test_only_admin_restores(ctx, tmp_path):
    backup = backups.backup_now(ctx, tmp_path)
    ctx.user_role = "工作人员"
    with pytest.raises(PermissionDenied):
        backups.restore_backup(ctx, backup)


def test_backup_to_unwritable_folder(ctx):
    from desktop.core.errors import OutputError

    with pytest.raises(OutputError, match="无法写入备份文件夹"):
        backups.backup_now(ctx, "/proc/self/备份")


def test_import_backups_keep_the_newest_ten_of_their_kind(ctx):
    other = backups.backup_before_import(ctx, "清单")
    made = [backups.backup_before_import(ctx, "问题台账") for _ in range(12)]
    left = sorted(ctx.data.sub("backups").glob("导入前备份-问题台账-*.db"))
    assert left == made[-10:] and other.exists()
