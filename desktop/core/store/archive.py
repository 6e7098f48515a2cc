"""The backup file (.qfbak): ONE file with the database, every attachment and every issued document.

A ZIP (entries stored: photos and PDFs do not shrink, and storing is fastest) holding

    manifest.json        format, site, time, schema version, counts of the main records, and for every other
                         entry its path, size and SHA-256
    qingfeng.db          a consistent online snapshot of the database (SQLite backup API, integrity-checked)
    attachments/…        the content-addressed files, same layout as in the data dir
    documents/…

The file is written as <name>.part, read back completely and checked against the manifest, then renamed; a
restore checks it the same way before touching anything (`verify`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from desktop.core.errors import StoreError

FORMAT = "qingfeng-backup"
FORMAT_VERSION = 1
SUFFIX = ".qfbak"
MANIFEST = "manifest.json"
DB_ENTRY = "qingfeng.db"
BLOB_FOLDERS = ("attachments", "documents")
CHUNK = 1 << 20
# What the preview counts (live rows), with the Chinese names shown.
COUNTED = {"unit": "单位", "person": "人员", "problem": "问题", "supervision_matter": "监督事项",
           "talk_record": "谈话记录", "inspection": "检查", "document": "文书", "attachment": "附件"}


@dataclass
class BackupInfo:
    """What a backup holds (for the preview and the checks before a restore)."""

    file: str
    kind: str  # 完整备份 (.qfbak) | 仅数据库 (an older .db backup)
    site_code: str
    site_name: str
    role: str
    created_at: str  # UTC ISO, or '' when unknown
    schema_version: int
    counts: dict[str, int] = field(default_factory=dict)  # Chinese label → live rows
    files: int = 0  # attachments and documents in the file
    files_bytes: int = 0
    db_bytes: int = 0
    sync_state: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _hash_copy(src, dest, h=None) -> tuple[str, int]:
    h = h or hashlib.sha256()
    size = 0
    while chunk := src.read(CHUNK):
        h.update(chunk)
        dest.write(chunk)
        size += len(chunk)
    return h.hexdigest(), size


def db_facts(db_path: Path) -> dict:
    """Site, schema version and counts of a database file (plain sqlite3, read-only)."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        try:
            site = con.execute("SELECT site_code, site_name, role FROM org_profile WHERE deleted_at IS NULL "
                               "LIMIT 1").fetchone() or ("", "", "")
        except sqlite3.Error:
            site = ("", "", "")
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = {label: int(con.execute(f'SELECT count(*) FROM "{t}" WHERE deleted_at IS NULL').fetchone()[0])
                  for t, label in COUNTED.items() if t in names}
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"备份中的数据库无法读取：{exc}") from exc
    finally:
        con.close()
    return {"site_code": site[0], "site_name": site[1], "role": site[2], "schema_version": version,
            "counts": counts}


def blob_files(root: Path) -> list[tuple[str, Path]]:
    """(entry name, path) of every stored file under the data dir's attachment and document folders."""
    out = []
    for folder in BLOB_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for sub in sorted(base.iterdir()):
            if not sub.is_dir():
                continue
            for f in sorted(sub.iterdir()):
                if f.is_file() and not f.name.startswith("."):
                    out.append((f"{folder}/{sub.name}/{f.name}", f))
    return out


def write(db_path: Path, data_root: Path, dest: Path, *, created_at: str, app_version: str,
          sync_state: dict | None = None) -> BackupInfo:
    """Write a verified backup of the live database `db_path` and the data dir's files to `dest`."""
    from desktop.core.store.backup import online_backup

    dest = Path(dest)
    part = dest.with_name(dest.name + ".part")
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=data_root) as work:
        snap = online_backup(db_path, Path(work) / DB_ENTRY)  # consistent snapshot, integrity-checked
        facts = db_facts(snap)
        files = []
        try:
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
                for name, src in [(DB_ENTRY, snap), *blob_files(data_root)]:
                    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                    with open(src, "rb") as fin, zf.open(info, "w", force_zip64=True) as fout:
                        sha, size = _hash_copy(fin, fout)
                    files.append({"path": name, "sha256": sha, "size": size})
                manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "created_at": created_at,
                            "app_version": app_version, **facts, "files": files, "sync_state": sync_state or {}}
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            with open(part, "rb+") as fh:
                os.fsync(fh.fileno())
            info = verify(part)  # read back every entry against the manifest
            os.replace(part, dest)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    info.file = str(dest)
    return info


def _manifest(zf: zipfile.ZipFile, name: str) -> dict:
    try:
        m = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (KeyError, UnicodeDecodeError, ValueError):
        raise StoreError(f"“{name}”不是清风台账的备份文件（缺少或无法读取备份清单）。") from None
    if not isinstance(m, dict) or m.get("format") != FORMAT or not isinstance(m.get("files"), list):
        raise StoreError(f"“{name}”不是清风台账的备份文件。")
    if int(m.get("format_version") or 0) > FORMAT_VERSION:
        raise StoreError(f"备份“{name}”由较新版本的清风台账生成，请升级后再恢复。")
    return m


def _info(path: Path, m: dict) -> BackupInfo:
    blobs = [f for f in m["files"] if f.get("path") != DB_ENTRY]
    db = next((f for f in m["files"] if f.get("path") == DB_ENTRY), {})
    return BackupInfo(str(path), "完整备份", str(m.get("site_code") or ""), str(m.get("site_name") or ""),
                      str(m.get("role") or ""), str(m.get("created_at") or ""), int(m.get("schema_version") or 0),
                      dict(m.get("counts") or {}), len(blobs), sum(int(f.get("size") or 0) for f in blobs),
                      int(db.get("size") or 0), dict(m.get("sync_state") or {}))


def read_info(path: Path) -> BackupInfo:
    """The manifest only (fast: for the preview). `verify` checks the content."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            return _info(path, _manifest(zf, path.name))
    except (zipfile.BadZipFile, OSError) as exc:
        raise StoreError(f"“{path.name}”不是清风台账的备份文件，或文件已损坏：{exc}") from None


def verify(path: Path) -> BackupInfo:
    """Every entry present with its size and SHA-256, nothing unlisted. Raises StoreError (Chinese)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            m = _manifest(zf, path.name)
            listed = {f["path"]: f for f in m["files"] if isinstance(f, dict) and isinstance(f.get("path"), str)}
            present = set(zf.namelist()) - {MANIFEST}
            if DB_ENTRY not in listed or present != set(listed):
                raise StoreError(f"备份“{path.name}”的内容与清单不符（文件缺失或多出），已损坏。")
            for name, f in listed.items():
                h = hashlib.sha256()
                size = 0
                with zf.open(name) as fh:
                    while chunk := fh.read(CHUNK):
                        h.update(chunk)
                        size += len(chunk)
                if h.hexdigest() != f.get("sha256") or size != f.get("size"):
                    raise StoreError(f"备份“{path.name}”中的“{name}”校验值不符，备份已损坏，不能使用。")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise StoreError(f"备份“{path.name}”已损坏或不完整：{exc}") from None
    return _info(path, m)


def extract_db(path: Path, dest: Path) -> None:
    """Copy the backup's database to `dest` (fsynced), checking its hash again on the way."""
    with zipfile.ZipFile(path) as zf:
        m = _manifest(zf, Path(path).name)
        want = next(f["sha256"] for f in m["files"] if f["path"] == DB_ENTRY)
        with zf.open(DB_ENTRY) as fin, open(dest, "wb") as fout:
            sha, _size = _hash_copy(fin, fout)
            fout.flush()
            os.fsync(fout.fileno())
    if sha != want:
        raise StoreError(f"备份“{Path(path).name}”中的数据库校验值不符，已停止恢复。")


def restore_files(path: Path, data_root: Path) -> int:
    """Put the backup's attachments and documents back where they are missing (files are named by their
    content, so existing ones are already right). Returns how many were written."""
    written = 0
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            parts = name.split("/")
            if len(parts) != 3 or parts[0] not in BLOB_FOLDERS or ".." in parts or not parts[2]:
                continue
            dest = data_root / parts[0] / parts[1] / parts[2]
            if dest.exists():
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(f".tmp-{parts[2]}")
            with zf.open(name) as fin, open(tmp, "wb") as fout:
                _hash_copy(fin, fout)
            os.replace(tmp, dest)
            written += 1
    return written


def legacy_info(path: Path) -> BackupInfo:
    """An older backup that is just a database file (.db)."""
    from desktop.core.store.backup import verify as verify_db

    path = Path(path)
    verify_db(path)
    facts = db_facts(path)
    return BackupInfo(str(path), "仅数据库", facts["site_code"], facts["site_name"], facts["role"], "",
                      facts["schema_version"], facts["counts"], 0, 0, path.stat().st_size)


def is_archive(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False
