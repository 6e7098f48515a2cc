"""Open the database: check the file, lock the data dir, back up, migrate, check integrity, make the engine."""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.core.errors import StoreError
from desktop.core.paths import DataDir
from desktop.core.store import migrate
from desktop.core.store.backup import online_backup
from desktop.core.store.lock import InstanceLock

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10_000


def check_writable(data: DataDir) -> None:
    """Create the data tree and prove we can write there, or raise a clear StoreError."""
    try:
        data.ensure()
        fd, probe = tempfile.mkstemp(prefix=".probe-", dir=data.root)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise StoreError(
            f"数据目录不可写：{data.root}",
            hint="请换一个有写入权限的文件夹（用 --data-dir 指定），或请管理员开放权限",
        ) from exc


class Database:
    """One SQLite database file. Use `session()` for a write transaction and `reader()` for reads."""

    def __init__(self, data: DataDir, lock: InstanceLock | None):
        from sqlalchemy import create_engine, event

        self.data = data
        self.path = data.db_path
        self._lock = lock
        self.engine = create_engine(
            f"sqlite:///{self.path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )

        @event.listens_for(self.engine, "connect")
        def _on_connect(dbapi_con, _record):
            dbapi_con.isolation_level = None  # we emit BEGIN ourselves (see _on_begin)
            for pragma in _PRAGMAS:
                dbapi_con.execute(pragma)

        @event.listens_for(self.engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("write", True) else "BEGIN")

    @contextmanager
    def session(self) -> Iterator:
        """A write transaction (BEGIN IMMEDIATE): commits on success, rolls back on any exception."""
        yield from self._session(write=True)

    @contextmanager
    def reader(self) -> Iterator:
        """A read-only snapshot (deferred BEGIN); never blocks the writer for long."""
        yield from self._session(write=False)

    def _session(self, write: bool):
        from sqlmodel import Session

        with self.engine.connect() as conn:
            conn.info["write"] = write
            with Session(bind=conn, expire_on_commit=False) as s:
                try:
                    yield s
                    if write:
                        s.commit()
                    else:
                        s.rollback()
                except BaseException:
                    s.rollback()
                    raise
            conn.info.pop("write", None)

    def raw(self) -> sqlite3.Connection:
        """A plain sqlite3 connection (backup API, bulk loads). The caller closes it."""
        con = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        con.isolation_level = None
        for pragma in _PRAGMAS:
            con.execute(pragma)
        return con

    def close(self) -> None:
        self.engine.dispose()
        if self._lock:
            self._lock.release()
            self._lock = None


_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous = NORMAL",
)


def open_database(data: DataDir, *, create: bool = False, lock: bool = True, check: bool = True) -> Database:
    """Open (or with `create`, make) the database of a data dir, migrating it to the current schema.

    Order matters: nothing is written before the file is known to be ours and not too new, and an existing
    database is backed up before any migration touches it.
    """
    if not create and not data.db_path.exists():
        raise StoreError(f"这里还没有清风台账的数据：{data.root}", hint="请先运行 qingfeng init 或在界面中完成初始设置")
    state = migrate.inspect_file(data.db_path)  # raises for foreign / too new, before any write
    if create or state.new:
        check_writable(data)
    elif not os.access(data.root, os.W_OK):
        raise StoreError(f"数据目录不可写：{data.root}", hint="请检查文件夹权限")
    instance = InstanceLock(data.root) if lock else None
    if instance:
        instance.acquire()
    try:
        _migrate(data, state)
        from desktop.core.store.private import secure

        secure(data.root)
        db = Database(data, instance)
        if check:
            quick_check(db.path)
        return db
    except BaseException:
        if instance:
            instance.release()
        raise


def _migrate(data: DataDir, state: migrate.FileState) -> None:
    latest = migrate.latest_version()
    if state.version >= latest and not state.new:
        return
    if not state.new:
        from desktop.core.store.backup import local_stamp

        stamp = local_stamp()
        online_backup(data.db_path, data.sub("backups") / f"升级前备份-v{state.version}-{stamp}.db")
    con = sqlite3.connect(data.db_path)
    try:
        con.execute("PRAGMA journal_mode = WAL")
        migrate.apply_pending(con, state.version)
    except sqlite3.Error as exc:
        raise StoreError(f"数据库升级失败：{exc}", hint="原数据库已在升级前备份到 backups 文件夹") from exc
    finally:
        con.close()


def quick_check(path: Path) -> None:
    """PRAGMA quick_check; raise StoreError when the file is damaged."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"数据库文件已损坏：{exc}", hint="请用“恢复备份”从 backups 文件夹恢复") from exc
    finally:
        con.close()
    if result != "ok":
        raise StoreError(f"数据库完整性检查未通过：{result}", hint="请用“恢复备份”从 backups 文件夹恢复")
