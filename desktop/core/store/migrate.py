"""Schema versions: numbered SQL files in db/migrations, applied in order, one transaction each.

`PRAGMA application_id` marks our files; `PRAGMA user_version` is the number of the last migration applied.
A new database runs the same chain from 0. Uses plain sqlite3 so the check is cheap on start-up.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.core import paths
from desktop.core.errors import StoreError

APPLICATION_ID = 0x51465441  # "QFTA"
SQLITE_MAGIC = b"SQLite format 3\x00"
_NAME = re.compile(r"^(\d{4})_[\w\-]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path

    def statements(self) -> list[str]:
        """Split the file into complete SQL statements (triggers with inner ';' stay whole)."""
        out, buf = [], ""
        for line in self.path.read_text(encoding="utf-8").splitlines(keepends=True):
            if not buf and (not line.strip() or line.lstrip().startswith("--")):
                continue
            buf += line
            if sqlite3.complete_statement(buf):
                out.append(buf.strip())
                buf = ""
        if buf.strip():
            raise StoreError(f"迁移脚本不完整：{self.path.name}")
        return out


def available(folder: Path | None = None) -> list[Migration]:
    """All migrations shipped with the program, in order."""
    folder = folder or paths.migrations_dir()
    found = []
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if m:
            found.append(Migration(int(m.group(1)), p))
    found.sort(key=lambda m: m.version)
    return found


def latest_version() -> int:
    migs = available()
    return migs[-1].version if migs else 0


@dataclass(frozen=True)
class FileState:
    """What an existing file is: `new` (empty/absent), `ours` at `version`."""

    new: bool
    version: int


def inspect_file(path: Path) -> FileState:
    """Classify a database file without changing it. Raises StoreError for foreign or too-new files."""
    if not path.exists() or path.stat().st_size == 0:
        return FileState(new=True, version=0)
    with open(path, "rb") as fh:
        head = fh.read(100)
    if not head.startswith(SQLITE_MAGIC):
        raise StoreError(
            f"“{path.name}”不是清风台账的数据库文件，程序没有改动它。",
            hint="请检查数据目录，或把这个文件移走后重新初始化",
        )
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    if app_id != APPLICATION_ID:
        if app_id == 0 and version == 0 and _table_count(path) == 0:
            return FileState(new=True, version=0)
        raise StoreError(
            f"“{path.name}”是别的程序的 SQLite 数据库，不是清风台账的数据，程序没有改动它。",
            hint="请检查数据目录",
        )
    latest = latest_version()
    if version > latest:
        raise StoreError(
            f"这个数据库由较新版本的清风台账创建（数据版本 {version}，本程序只支持到 {latest}），程序没有改动它。",
            hint="请升级软件后再打开",
        )
    return FileState(new=False, version=version)


def _table_count(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    finally:
        con.close()


def apply_pending(con: sqlite3.Connection, current: int, progress=None) -> int:
    """Apply every migration newer than `current`, each in its own transaction. Returns the new version."""
    con.isolation_level = None
    version = current
    for mig in available():
        if mig.version <= current:
            continue
        con.execute("BEGIN IMMEDIATE")
        try:
            for stmt in mig.statements():
                con.execute(stmt)
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {mig.version}")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        version = mig.version
        if progress:
            progress(mig)
    return version
