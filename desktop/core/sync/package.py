"""The package container (notes/tech.md §2.7): an age-encrypted ZIP holding

    manifest.json          format, ids, source/target, schema version, change range, counts, every file's hash
    manifest.sig           Ed25519 signature over the exact bytes of manifest.json
    data/<table>.jsonl     one JSON object per row (the travelling columns)
    files/<sha256>         blob files (attachments, issued documents), named by their content hash

Reading verifies everything before anything is returned: decryption (age's AEAD catches flips and truncation),
ZIP safety, the manifest's shape, the signature, every hash and size, and that nothing unlisted is present.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyrage

from desktop.core.errors import ImportFileError

FORMAT = "qingfeng-package"
FORMAT_VERSION = 1
SUFFIX = ".qfpkg"
AGE_MAGIC = b"age-encryption.org/v1"
KINDS = ("township_export", "district_publish", "township_cases")  # township_cases: services/cases/package.py
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
# Caps against ZIP bombs and runaway packages (module constants so tests can lower them).
MAX_PACKAGE_BYTES = 16 * 2**30
MAX_ENTRIES = 500_000
MAX_ENTRY_BYTES = 2 * 2**30
MAX_TOTAL_BYTES = 16 * 2**30
MAX_MANIFEST_BYTES = 64 * 2**20
MAX_RATIO = 1000  # uncompressed / compressed for any entry above 1 MiB
CHUNK = 1 << 20
_SHA = re.compile(r"^[0-9a-f]{64}$")
_TABLE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class PackageError(ImportFileError):
    """A package failed a check; nothing was written."""


# --- writing ------------------------------------------------------------------------------------------------


class _HashingWriter:
    def __init__(self, fh):
        self.fh, self.h, self.size = fh, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.h.update(data)
        self.size += len(data)


def write_zip(path: Path, manifest: dict, tables: Iterable[tuple[str, Iterable[dict]]],
              blobs: Iterable[tuple[str, Path]], signer, on_table: Callable[[str, int], None] | None = None) -> dict:
    """Write the plain ZIP: JSONL per table, blob files, then the manifest (with every hash) and its signature.

    `tables` yields (table name, row dicts); `blobs` yields (sha256, path). Returns the final manifest.
    """
    from desktop.core.sync.keys import sign

    files, counts = [], dict(manifest.get("counts") or {})
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1, allowZip64=True) as zf:
        for name, rows in tables:
            entry = f"data/{name}.jsonl"
            with zf.open(entry, "w", force_zip64=True) as raw:
                w = _HashingWriter(raw)
                n = 0
                for row in rows:
                    w.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
                    n += 1
            files.append({"path": entry, "sha256": w.h.hexdigest(), "size": w.size})
            if on_table:
                on_table(name, n)
        for sha, src in blobs:
            entry = f"files/{sha}"
            info = zipfile.ZipInfo(entry, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            with zf.open(info, "w", force_zip64=True) as raw, open(src, "rb") as fh:
                w = _HashingWriter(raw)
                while chunk := fh.read(CHUNK):
                    w.write(chunk)
            if w.h.hexdigest() != sha:
                raise PackageError(f"附件文件已损坏（内容与编号不符）：{src}")
            files.append({"path": entry, "sha256": sha, "size": w.size})
        manifest = {**manifest, "counts": counts, "files": files}
        body = manifest_bytes(manifest)
        zf.writestr(MANIFEST, body)
        zf.writestr(SIGNATURE, sign(signer, body))
    return manifest


def manifest_bytes(manifest: dict) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def encrypt_file(src: Path, dest: Path, recipient: str) -> str:
    """age-encrypt `src` to one X25519 recipient ('age1…'); returns the ciphertext's SHA-256."""
    rec = pyrage.x25519.Recipient.from_str(recipient)
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        pyrage.encrypt_io(fin, fout, [rec])
    return sha256_file(dest)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


# --- reading ------------------------------------------------------------------------------------------------


@dataclass
class OpenedPackage:
    """A decrypted package whose ZIP, manifest, signature and hashes all checked out."""

    path: Path  # the encrypted file as given
    zip_path: Path  # decrypted ZIP in a local temp dir
    manifest: dict
    file_sha256: str
    staged_files: dict[str, Path] = field(default_factory=dict)  # sha256 → extracted blob

    def rows(self, table: str) -> Iterator[dict]:
        info = self.manifest["tables"].get(table)
        if not info:
            return
        with zipfile.ZipFile(self.zip_path) as zf, zf.open(info["file"]) as fh:
            for line in fh:
                if line.strip():
                    row = json.loads(line)
                    if not isinstance(row, dict):
                        raise PackageError(f"数据包中“{table}”的数据格式不正确。")
                    yield row


def check_outer(path: Path) -> None:
    """Is this plausibly a package at all? (before spending time decrypting)"""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(len(AGE_MAGIC))
    except OSError as exc:
        raise PackageError(f"无法读取文件“{path.name}”：{exc.strerror or exc}") from exc
    if head != AGE_MAGIC:
        raise PackageError(f"“{path.name}”不是清风台账的数据包（.qfpkg）。")
    if size > MAX_PACKAGE_BYTES:
        raise PackageError(f"数据包“{path.name}”超过大小上限，已拒绝。")


def decrypt_to(path: Path, dest: Path, identity) -> None:
    """age-decrypt with our X25519 identity. Wrong recipient, flipped bytes and truncation each get a message."""
    try:
        with open(path, "rb") as fin, open(dest, "wb") as fout:
            pyrage.decrypt_io(fin, fout, [identity])
    except (pyrage.DecryptError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:  # a real disk error, not the cipher's verdict
            raise PackageError(f"无法解密数据包“{path.name}”：{exc.strerror or exc}") from exc
        if "No matching keys" in str(exc):
            raise PackageError(f"数据包“{path.name}”不是发给本单位的（接收方密钥不符），无法解密。") from None
        raise PackageError(f"数据包“{path.name}”已损坏或不完整（可能被截断或改动），解密校验未通过。") from None


def check_zip(zip_path: Path, name: str) -> list[zipfile.ZipInfo]:
    """ZIP safety: no absolute or '..' paths, no links or directories, no duplicates, caps on count and size."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError):
        raise PackageError(f"数据包“{name}”内容不是有效的压缩包。") from None
    with zf:
        infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise PackageError(f"数据包“{name}”中的文件数超过上限（{MAX_ENTRIES}），已拒绝。")
    seen, total = set(), 0
    for info in infos:
        n = info.filename
        parts = re.split(r"[\\/]", n)
        if (n.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", n) or ".." in parts or "" in parts
                or "\x00" in n):
            raise PackageError(f"数据包“{name}”含有不安全的路径“{n}”，已拒绝。")
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode) or info.is_dir():
            raise PackageError(f"数据包“{name}”含有链接或目录项“{n}”，已拒绝。")
        if n in seen:
            raise PackageError(f"数据包“{name}”含有重名文件“{n}”，已拒绝。")
        seen.add(n)
        if info.file_size > MAX_ENTRY_BYTES or (
                info.file_size > CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise PackageError(f"数据包“{name}”中的“{n}”过大或压缩比异常（疑似压缩炸弹），已拒绝。")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError(f"数据包“{name}”解压后总大小超过上限，已拒绝（疑似压缩炸弹）。")
    return infos


def read_manifest(zip_path: Path, name: str) -> tuple[bytes, bytes, dict]:
    with zipfile.ZipFile(zip_path) as zf:
        names = set(zf.namelist())
        if MANIFEST not in names or SIGNATURE not in names:
            raise PackageError(f"数据包“{name}”缺少清单或签名。")
        if zf.getinfo(MANIFEST).file_size > MAX_MANIFEST_BYTES:
            raise PackageError(f"数据包“{name}”的清单过大，已拒绝。")
        body, sig = zf.read(MANIFEST), zf.read(SIGNATURE)[:1024]
    try:
        manifest = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackageError(f"数据包“{name}”的清单无法读取。") from None
    validate_manifest(manifest, name)
    return body, sig, manifest


def _need(cond: bool, name: str, what: str) -> None:
    if not cond:
        raise PackageError(f"数据包“{name}”的清单格式不正确：{what}。")


def validate_manifest(m, name: str) -> None:
    """The manifest schema (hand-written: keys, types, ranges)."""
    _need(isinstance(m, dict), name, "不是对象")
    _need(m.get("format") == FORMAT, name, "格式标识不符")
    _need(isinstance(m.get("format_version"), int), name, "缺少格式版本")
    if m["format_version"] > FORMAT_VERSION:
        raise PackageError(f"数据包“{name}”由较新版本的清风台账生成（格式 {m['format_version']}）。",
                           hint="请升级软件后再导入")
    _need(m.get("kind") in KINDS, name, "类型未知")
    for key in ("package_id", "created_at"):
        _need(isinstance(m.get(key), str) and 0 < len(m[key]) <= 64, name, f"缺少 {key}")
    for key in ("schema_version", "package_no", "seq_from", "seq_to"):
        _need(isinstance(m.get(key), int) and not isinstance(m[key], bool) and m[key] >= 0, name, f"{key} 无效")
    _need(m["seq_from"] <= m["seq_to"] + 1, name, "变更序号范围无效")
    for side in ("source", "target"):
        _need(isinstance(m.get(side), dict) and isinstance(m[side].get("site_code"), str), name, f"缺少 {side}")
    for key in ("ed25519", "age", "site_name"):
        _need(isinstance(m["source"].get(key), str), name, f"source.{key} 无效")
    _need(isinstance(m.get("full_snapshot"), bool), name, "full_snapshot 无效")
    cv = m.get("catalogue_version")
    _need(cv is None or (isinstance(cv, int) and cv >= 0), name, "catalogue_version 无效")
    prev = m.get("prev_package")
    _need(prev is None or (isinstance(prev, dict) and isinstance(prev.get("id"), str)), name, "prev_package 无效")
    _need(isinstance(m.get("tables"), dict) and isinstance(m.get("files"), list), name, "缺少 tables/files")
    paths = set()
    for f in m["files"]:
        _need(isinstance(f, dict) and isinstance(f.get("path"), str) and isinstance(f.get("size"), int)
              and isinstance(f.get("sha256"), str) and _SHA.match(f["sha256"]), name, "文件清单条目无效")
        _need(f["path"].startswith(("data/", "files/")) and f["path"] not in paths, name, f"文件 {f['path']} 无效")
        if f["path"].startswith("files/"):
            _need(f["path"] == f"files/{f['sha256']}", name, f"附件 {f['path']} 与其哈希不符")
        paths.add(f["path"])
    for t, info in m["tables"].items():
        _need(_TABLE.match(t) and isinstance(info, dict), name, f"数据表 {t} 无效")
        _need(info.get("file") == f"data/{t}.jsonl" and info["file"] in paths, name, f"数据表 {t} 的文件未列出")
        _need(isinstance(info.get("columns"), list) and all(isinstance(c, str) for c in info["columns"])
              and "id" in info["columns"], name, f"数据表 {t} 的列无效")
        _need(isinstance(info.get("rows"), int), name, f"数据表 {t} 的行数无效")


def check_signature(body: bytes, sig: bytes, ed25519_public: str, name: str) -> None:
    from desktop.core.sync.keys import verify

    if not verify(ed25519_public, body, sig):
        raise PackageError(f"数据包“{name}”的签名校验未通过（不是由登记的密钥签发，或清单被改动），已拒绝。")


def check_files(zip_path: Path, manifest: dict, name: str, stage_dir: Path | None) -> dict[str, Path]:
    """Every listed file is present with its hash and size; nothing unlisted. Blobs are staged on the way."""
    listed = {f["path"]: f for f in manifest["files"]}
    staged = {}
    with zipfile.ZipFile(zip_path) as zf:
        present = set(zf.namelist()) - {MANIFEST, SIGNATURE}
        extra = present - set(listed)
        if extra:
            raise PackageError(f"数据包“{name}”含有清单之外的文件“{sorted(extra)[0]}”，已拒绝。")
        missing = set(listed) - present
        if missing:
            raise PackageError(f"数据包“{name}”缺少清单中列出的文件“{sorted(missing)[0]}”。")
        for path, f in listed.items():
            out = stage_dir / f["sha256"] if stage_dir and path.startswith("files/") else None
            got_sha, got_size = _hash_entry(zf, path, out)
            if got_sha != f["sha256"] or got_size != f["size"]:
                raise PackageError(f"数据包“{name}”中的“{path}”校验值不符（文件被改动或损坏），已拒绝。")
            if out is not None:
                staged[f["sha256"]] = out
    return staged


def _hash_entry(zf: zipfile.ZipFile, path: str, out: Path | None) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    try:
        with zf.open(path) as fh, (open(out, "wb") if out else _Null()) as dest:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
                size += len(chunk)
                if size > MAX_ENTRY_BYTES:
                    break
                dest.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise PackageError(f"数据包中的“{path}”无法解压：{exc}") from None
    return h.hexdigest(), size


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, data):
        pass


def open_package(path: Path, identity, work_dir: Path, key_for: Callable[[dict], str],
                 file_sha256: str = "") -> OpenedPackage:
    """Decrypt and verify a package completely. `key_for(manifest)` returns the sender's registered Ed25519
    public key (or raises); it runs after the manifest's shape is checked and before the signature check.
    """
    path = Path(path)
    check_outer(path)
    zip_path = work_dir / "package.zip"
    decrypt_to(path, zip_path, identity)
    check_zip(zip_path, path.name)
    body, sig, manifest = read_manifest(zip_path, path.name)
    check_signature(body, sig, key_for(manifest), path.name)
    stage = work_dir / "files"
    stage.mkdir(exist_ok=True)
    staged = check_files(zip_path, manifest, path.name, stage)
    return OpenedPackage(path, zip_path, manifest, file_sha256 or sha256_file(path), staged)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
