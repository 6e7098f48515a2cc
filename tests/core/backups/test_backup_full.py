"""Issue 11 §6–7: one backup file with the database, attachments and documents; verified; atomic restore that
an interruption cannot break; administrator only; another site's backup refused unless confirmed; the restore
audited in the restored database; crash leftovers cleaned at the next start."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile

import pytest

from desktop.core.errors import PermissionDenied, StoreError, ValidationError
from desktop.core.services.backups import backup as backups
from desktop.core.services.org import users
from desktop.core.services.org.context import open_context
from desktop.core.services.registry import units
from desktop.core.store import archive, blobs
from desktop.core.store import backup as store_backup
from tests.conftest import db_snapshot, fixed_clock


def _put(ctx, content: bytes, ext: str, folder: str):
    import hashlib

    sha = hashlib.sha256(content).hexdigest()
    dest = blobs.path_of(ctx.data, sha, ext, folder)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(content)
    return dest


def test_backup_is_one_file_with_database_attachments_and_documents(ctx, tmp_path):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    photo = _put(ctx, b"\xff\xd8 evidence photo " * 500, ".jpg", "attachments")
    notice = _put(ctx, b"%PDF-1.4 issued notice " * 300, ".pdf", "documents")
    made = backups.backup_now(ctx, tmp_path / "U盘")
    assert made.suffix == ".qfbak" and list((tmp_path / "U盘").iterdir()) == [made]
    with zipfile.ZipFile(made) as zf:
        names = set(zf.namelist())
        m = json.loads(zf.read("manifest.json"))
    rel = {str(p.relative_to(ctx.data.root)) for p in (photo, notice)}
    assert names == {"manifest.json", "qingfeng.db", *rel}
    assert {f["path"] for f in m["files"]} == names - {"manifest.json"}
    assert all(len(f["sha256"]) == 64 for f in m["files"])
    info = backups.preview(made, check=True)
    assert (info.site_code, info.site_name, info.kind) == ("330226101", "清溪镇", "完整备份")
    assert info.counts["单位"] == 1 and info.files == 2 and info.created_at.startswith("2026-11-24")
    # the evidence is gone from this PC; the restore brings it back with the database
    photo.unlink()
    notice.unlink()
    units.create(ctx, {"name": "柳溪村", "type": "行政村"})
    backups.restore_backup(ctx, made)
    assert photo.read_bytes().startswith(b"\xff\xd8") and notice.exists()
    assert [u["name"] for u in units.list_units(ctx)] == ["青石村"]


@pytest.mark.parametrize("damage", ["blob", "db", "manifest", "truncate"])
def test_a_damaged_backup_is_refused_and_changes_nothing(ctx, tmp_path, damage):
    _put(ctx, b"photo " * 4000, ".jpg", "attachments")
    made = backups.backup_now(ctx, tmp_path)
    raw = bytearray(made.read_bytes())
    with zipfile.ZipFile(made) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    if damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "manifest":
        i = infos["manifest.json"]
        raw[i.header_offset + 30 + len(i.filename) + 2] ^= 0x20
    else:
        i = infos["qingfeng.db" if damage == "db" else next(n for n in infos if n.startswith("attachments/"))]
        raw[i.header_offset + 30 + len(i.filename) + 200] ^= 0x01
    bad = tmp_path / "坏备份.qfbak"
    bad.write_bytes(bytes(raw))
    units.create(ctx, {"name": "柳溪村", "type": "行政村"})
    before = db_snapshot(ctx.db.path)
    with pytest.raises(StoreError, match="坏备份.qfbak"):
        backups.restore_backup(ctx, bad)
    assert db_snapshot(ctx.db.path) == before
    assert not store_backup.staged_path(ctx.data).exists()
    units.create(ctx, {"name": "白沙村", "type": "行政村"})


def test_restore_needs_an_administrator(ctx, tmp_path):
    made = backups.backup_now(ctx, tmp_path)
    for role in ("只读", "工作人员", "负责人"):
        ctx.user_role = role
        with pytest.raises(PermissionDenied):
            backups.restore_backup(ctx, made)


def test_another_sites_backup_needs_explicit_consent(ctx, tmp_path, demo_template):
    other = tmp_path / "other"
    import shutil

    shutil.copytree(demo_template, other, ignore=shutil.ignore_patterns("qingfeng.lock"))
    con = sqlite3.connect(other / "qingfeng.db")
    con.execute("UPDATE org_profile SET site_code = '330226199', site_name = '别的镇'")
    con.execute("UPDATE app_user SET origin_site = '330226199'")
    con.commit()
    con.close()
    o = open_context(other, clock=fixed_clock())
    try:
        foreign = backups.backup_now(o, tmp_path / "b")
    finally:
        o.close()
    before = db_snapshot(ctx.db.path)
    with pytest.raises(ValidationError, match="属于“别的镇”（330226199），不是本单位“清溪镇”"):
        backups.restore_backup(ctx, foreign)
    assert db_snapshot(ctx.db.path) == before
    backups.restore_backup(ctx, foreign, allow_other_site=True)
    assert ctx.site_code == "330226199"


def test_restore_keeps_the_replaced_data_and_audits_in_the_restored_database(ctx, tmp_path):
    made = backups.backup_now(ctx, tmp_path)
    units.create(ctx, {"name": "备份后新建村", "type": "行政村"})
    kept = backups.restore_backup(ctx, made)
    con = sqlite3.connect(kept)
    assert con.execute("SELECT count(*) FROM unit WHERE name = '备份后新建村'").fetchone()[0] == 1
    con.close()
    with ctx.reader() as s:
        from sqlalchemy import text

        rows = s.execute(text("SELECT action, user_name, summary FROM audit_log WHERE action = '恢复备份'")).all()
    assert len(rows) == 1 and made.name in rows[0].summary and kept.name in rows[0].summary
    assert not (ctx.data.root / store_backup.MARKER).exists()


def test_the_swap_never_leaves_the_data_dir_without_a_database(ctx, tmp_path, monkeypatch):
    made = backups.backup_now(ctx, tmp_path)
    db = ctx.data.db_path
    real = os.replace
    seen = []

    def watch(src, dst):
        seen.append(db.exists())
        return real(src, dst)

    monkeypatch.setattr(store_backup.os, "replace", watch)
    backups.restore_backup(ctx, made)
    assert seen and all(seen)


class Killed(BaseException):
    pass


def test_a_restore_killed_after_its_marker_is_finished_at_the_next_start(site_dir, tmp_path, monkeypatch):
    ctx = open_context(site_dir, clock=fixed_clock())
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    made = backups.backup_now(ctx, tmp_path)
    units.create(ctx, {"name": "柳溪村", "type": "行政村"})

    def die(*a):
        raise Killed

    monkeypatch.setattr(store_backup, "_finish_swap", die)  # killed right after the marker is written
    with pytest.raises(Killed):
        backups.restore_backup(ctx, made)
    ctx.close()
    monkeypatch.undo()
    assert store_backup.staged_path(ctx.data).exists() and (site_dir / store_backup.MARKER).exists()
    again = open_context(site_dir, clock=fixed_clock())
    try:
        assert [u["name"] for u in units.list_units(again)] == ["青石村"]
        with again.reader() as s:
            from sqlalchemy import text

            assert s.execute(text("SELECT count(*) FROM audit_log WHERE action = '恢复备份'")).scalar() == 1
    finally:
        again.close()
    assert not (site_dir / store_backup.MARKER).exists() and not store_backup.staged_path(again.data).exists()


def test_a_restore_killed_before_its_marker_leaves_the_old_database(site_dir, tmp_path, monkeypatch):
    ctx = open_context(site_dir, clock=fixed_clock())
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    made = backups.backup_now(ctx, tmp_path)
    units.create(ctx, {"name": "柳溪村", "type": "行政村"})

    def die(*a):
        raise Killed

    monkeypatch.setattr(store_backup, "swap", die)
    with pytest.raises(Killed):
        backups.restore_backup(ctx, made)
    ctx.close()
    monkeypatch.undo()
    assert store_backup.staged_path(ctx.data).exists()
    again = open_context(site_dir, clock=fixed_clock())
    try:
        assert len(units.list_units(again)) == 2
    finally:
        again.close()
    assert not store_backup.staged_path(again.data).exists()


def test_crash_leftovers_are_removed_and_logged_at_the_next_start(site_dir, caplog):
    root = site_dir
    (root / ".import-abc123").mkdir()
    (root / ".import-abc123" / "package.zip").write_bytes(b"PK plaintext rows")
    (root / "exports" / ".pkg-x1").mkdir(parents=True)
    (root / ".backup-q").mkdir()
    (root / "qingfeng.db.restore").write_bytes(b"x" * 1000)
    (root / "backups" / "清风台账备份.qfbak.part").write_bytes(b"half")
    (root / "backups" / "导入前备份-同步-1.db.part").write_bytes(b"half")
    (root / ".demo-1234.db").write_bytes(b"half a demo")
    (root / "attachments" / "ab").mkdir(parents=True)
    (root / "attachments" / "ab" / ".tmp-x").write_bytes(b"half a photo")
    keep = root / "backups" / "清风台账备份-1.qfbak"
    keep.write_bytes(b"a real backup")
    with caplog.at_level("WARNING"):
        c = open_context(root, clock=fixed_clock())
        c.close()
    left = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.name.startswith((".import", ".pkg",
                                                                                        ".backup", ".demo", ".tmp"))
                  or p.name.endswith((".part", ".restore")))
    assert left == []
    assert keep.exists()
    assert "已清理上次异常退出留下的临时文件" in caplog.text and ".import-abc123/" in caplog.text


def test_older_database_only_backups_still_restore(ctx, tmp_path):
    from desktop.core.store.backup import online_backup

    units.create(ctx, {"name": "青石村", "type": "行政村"})
    old = online_backup(ctx.db.path, tmp_path / "清风台账备份-330226101-20260101-000000.db")
    units.create(ctx, {"name": "柳溪村", "type": "行政村"})
    info = backups.preview(old)
    assert info.kind == "仅数据库" and info.site_code == "330226101" and info.counts["单位"] == 1
    backups.restore_backup(ctx, old)
    assert [u["name"] for u in units.list_units(ctx)] == ["青石村"]


def test_restore_keeps_the_logged_in_user(ctx, tmp_path):
    u = users.create_user(ctx, "李四", "lisi", "管理员")
    made = backups.backup_now(ctx, tmp_path)
    ctx.user_id, ctx.user_name, ctx.user_role, ctx.user_login = u["id"], "李四", "管理员", "lisi"
    backups.restore_backup(ctx, made)
    assert ctx.user_name == "李四"
    assert archive.read_info(made).site_code == "330226101"
