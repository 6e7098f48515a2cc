"""Local store: migrations, schema vs models, refusal of foreign/newer files, lock, backup/restore, audit."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import text

from desktop.core.errors import AlreadyRunning, StoreError
from desktop.core.paths import DataDir
from desktop.core.store import migrate
from desktop.core.store.engine import open_database
from tests.conftest import db_snapshot


def _norm_type(t: str) -> str:
    t = t.upper()
    if any(k in t for k in ("CHAR", "TEXT", "CLOB")):
        return "TEXT"
    if "INT" in t or "BOOL" in t:
        return "INTEGER"
    if any(k in t for k in ("REAL", "FLOA", "DOUB", "NUMERIC", "DECIMAL")):
        return "REAL"
    return t


def test_migrated_schema_equals_models(tmp_path):
    from desktop.core.models import load_all

    db = open_database(DataDir(tmp_path), create=True)
    db.close()
    con = sqlite3.connect(tmp_path / "qingfeng.db")
    metadata = load_all()
    for table in metadata.sorted_tables:
        cols = {r[1]: r for r in con.execute(f'PRAGMA table_info("{table.name}")')}
        assert cols, f"table {table.name} missing from migrations"
        model_cols = {c.name: c for c in table.columns}
        assert set(cols) == set(model_cols), f"{table.name}: columns differ"
        for name, c in model_cols.items():
            _, _, sqltype, notnull, _, pk = cols[name]
            assert _norm_type(sqltype) == _norm_type(str(c.type.compile())), f"{table.name}.{name} type"
            assert bool(pk) == c.primary_key, f"{table.name}.{name} primary key"
            assert bool(notnull) or bool(pk) == (not c.nullable) or pk, f"{table.name}.{name} nullability"
        indexes = {r[1] for r in con.execute(f'PRAGMA index_list("{table.name}")')}
        for ix in table.indexes:
            assert ix.name in indexes, f"index {ix.name} missing from migrations"
    model_tables = set(metadata.tables)
    db_tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    extra = {t for t in db_tables - model_tables if not t.startswith("sqlite_") and "_fts" not in t}
    assert not extra, f"tables without a model: {extra}"


def test_new_database_is_marked_and_versioned(tmp_path):
    open_database(DataDir(tmp_path), create=True).close()
    con = sqlite3.connect(tmp_path / "qingfeng.db")
    assert con.execute("PRAGMA application_id").fetchone()[0] == migrate.APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == migrate.latest_version()
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_text_file_posing_as_database_is_refused_untouched(tmp_path):
    fake = tmp_path / "qingfeng.db"
    fake.write_text("这不是数据库\n" * 20, encoding="utf-8")
    before = fake.read_bytes()
    with pytest.raises(StoreError, match="不是清风台账的数据库"):
        open_database(DataDir(tmp_path))
    assert fake.read_bytes() == before


def test_foreign_sqlite_database_is_refused(tmp_path):
    con = sqlite3.connect(tmp_path / "qingfeng.db")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="别的程序"):
        open_database(DataDir(tmp_path))


def test_newer_database_is_refused_untouched(site_dir):
    path = site_dir / "qingfeng.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrate.latest_version() + 5}")
    con.close()
    before = db_snapshot(path)
    with pytest.raises(StoreError, match="请升级软件"):
        open_database(DataDir(site_dir))
    assert db_snapshot(path) == before


def test_older_database_is_backed_up_then_migrated(site_dir, monkeypatch, tmp_path):
    # Pretend the program gained a migration: the existing file must be backed up before it runs.
    extra = tmp_path / "migs"
    extra.mkdir()
    for m in migrate.available():
        (extra / m.path.name).write_text(m.path.read_text(encoding="utf-8"), encoding="utf-8")
    n = migrate.latest_version() + 1
    (extra / f"{n:04d}_test.sql").write_text("CREATE TABLE zz_probe (id INTEGER PRIMARY KEY);\n", encoding="utf-8")
    monkeypatch.setattr("desktop.core.paths.migrations_dir", lambda: extra)
    open_database(DataDir(site_dir)).close()
    backups = list((site_dir / "backups").glob("升级前备份-*.db"))
    assert len(backups) == 1
    con = sqlite3.connect(site_dir / "qingfeng.db")
    assert con.execute("PRAGMA user_version").fetchone()[0] == n
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == n - 1


def test_second_instance_is_refused(site_dir):
    first = open_database(DataDir(site_dir))
    try:
        with pytest.raises(AlreadyRunning, match="已在使用"):
            open_database(DataDir(site_dir))
    finally:
        first.close()
    open_database(DataDir(site_dir)).close()  # released


def test_failed_migration_leaves_no_partial_schema(tmp_path, monkeypatch):
    migs = tmp_path / "migs"
    migs.mkdir()
    (migs / "0001_ok.sql").write_text("CREATE TABLE a (id INTEGER PRIMARY KEY);\n", encoding="utf-8")
    (migs / "0002_bad.sql").write_text("CREATE TABLE b (id INTEGER);\nTHIS IS NOT SQL;\n", encoding="utf-8")
    monkeypatch.setattr("desktop.core.paths.migrations_dir", lambda: migs)
    data = tmp_path / "data"
    with pytest.raises(StoreError):
        open_database(DataDir(data), create=True)
    con = sqlite3.connect(data / "qingfeng.db")
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert "a" in names and "b" not in names


def test_audit_log_is_append_only(ctx):
    from desktop.core.services.registry import units

    units.create(ctx, {"name": "青石村", "type": "行政村"})
    with pytest.raises(Exception, match="只能追加"):
        with ctx.session() as s:
            s.execute(text("UPDATE audit_log SET user_name = 'x'"))
    with pytest.raises(Exception, match="只能追加"):
        with ctx.session() as s:
            s.execute(text("DELETE FROM audit_log"))


def test_backup_and_restore_roundtrip(ctx, tmp_path):
    from desktop.core.services.registry import units
    from desktop.core.store.backup import online_backup, restore

    units.create(ctx, {"name": "青石村", "type": "行政村"})
    backup = online_backup(ctx.db.path, tmp_path / "b" / "x.db")
    units.create(ctx, {"name": "柳溪村", "type": "行政村"})
    data = ctx.data
    ctx.close()
    kept = restore(data, backup)
    assert kept.exists()
    con = sqlite3.connect(data.db_path)
    names = {r[0] for r in con.execute("SELECT name FROM unit")}
    assert names == {"青石村"}


def test_restore_refuses_a_bad_file_and_keeps_database(site_dir, tmp_path):
    from desktop.core.store.backup import restore

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 100)
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(StoreError):
        restore(DataDir(site_dir), bad)
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_core_does_not_import_qt():
    code = (
        "import importlib, pkgutil, sys, desktop.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'desktop.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'desktop.ui', 'desktop.cli'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
