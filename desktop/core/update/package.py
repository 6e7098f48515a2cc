"""Update packages: `清风台账-升级-<version>.qfupd`, a zip holding

  manifest.json   what the package is: app, version, platform, the payload's SHA-256 and size
  manifest.sig    Ed25519 signature of manifest.json's exact bytes by a release key
  payload.tar.gz  the one-folder bundle of the new version (stored, not compressed again)

`verify_package` checks, in this order, that nothing is accepted unless it is signed, whole, for this platform and
newer than the running program; each refusal is one Chinese line (UpdateRefused).
"""

from __future__ import annotations

import hashlib
import json
import platform as _platform
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop.core.errors import QingfengError

FORMAT = "qingfeng-update/1"
MANIFEST, SIGNATURE, PAYLOAD = "manifest.json", "manifest.sig", "payload.tar.gz"
SUFFIX = ".qfupd"


class UpdateRefused(QingfengError):
    """The update package is not applied: tampered, unsigned, too old, for another platform, unreadable."""


@dataclass(frozen=True)
class UpdateInfo:
    path: Path
    version: str
    platform: str
    payload_size: int
    key_id: str


def platform_id(system: str | None = None, machine: str | None = None) -> str:
    """'linux-amd64', 'linux-arm64', 'linux-loongarch64', 'windows-amd64' … for this machine (or the given one)."""
    system = (system or sys.platform).lower()
    os_name = "windows" if system.startswith("win") else "macos" if system == "darwin" else "linux"
    machine = (machine or _platform.machine()).lower()
    arch = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64",
            "loongarch64": "loongarch64", "loong64": "loongarch64"}.get(machine, machine)
    return f"{os_name}-{arch}"


def parse_version(text: str) -> tuple[int, ...]:
    """'0.1.10' -> (0, 1, 10); UpdateRefused for anything else."""
    try:
        parts = tuple(int(p) for p in str(text).strip().split("."))
    except ValueError:
        parts = ()
    if not parts or any(p < 0 for p in parts):
        raise UpdateRefused(f"升级包的版本号“{text}”无法识别，没有升级。")
    return parts + (0,) * (4 - len(parts))


def package_name(version: str) -> str:
    return f"清风台账-升级-{version}{SUFFIX}"


def build_package(bundle: Path, version: str, platform: str, private_key, out_dir: Path) -> Path:
    """Pack the one-folder `bundle` as a signed update package in out_dir (release tooling and tests)."""
    import tarfile
    import tempfile

    parse_version(version)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tar_path = Path(tmp) / PAYLOAD
        with tarfile.open(tar_path, "w:gz", compresslevel=6) as tar:
            for item in sorted(Path(bundle).iterdir()):
                tar.add(item, arcname=item.name)
        digest, size = _sha256(tar_path)
        manifest = json.dumps({"format": FORMAT, "app": "qingfeng", "version": version, "platform": platform,
                               "payload": PAYLOAD, "payload_sha256": digest, "payload_size": size},
                              ensure_ascii=False, indent=1).encode()
        dest = out_dir / package_name(version)
        part = dest.with_name(dest.name + ".part")
        with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED) as z:
            z.writestr(MANIFEST, manifest)
            z.writestr(SIGNATURE, private_key.sign(manifest))
            z.write(tar_path, PAYLOAD)
        part.replace(dest)
    return dest


def verify_package(path: Path | str, *, trusted: list, current_version: str, platform: str) -> UpdateInfo:
    """Check an update package; returns what it is or raises UpdateRefused (one Chinese line)."""
    path = Path(path)
    try:
        z = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise UpdateRefused(f"找不到升级包：{path}") from None
    except (zipfile.BadZipFile, OSError):
        raise UpdateRefused(f"“{path.name}”不是清风台账的升级包（文件损坏或格式不对），没有升级。") from None
    with z:
        names = set(z.namelist())
        if not {MANIFEST, SIGNATURE, PAYLOAD} <= names:
            raise UpdateRefused(f"“{path.name}”不是清风台账的升级包（缺少清单或签名），没有升级。")
        manifest_bytes, signature = z.read(MANIFEST), z.read(SIGNATURE)
        signer = _signer(manifest_bytes, signature, trusted)
        if signer is None:
            raise UpdateRefused("升级包的签名无效：文件被改动过，或不是清风台账发布的，没有升级。")
        manifest = json.loads(manifest_bytes)
        if manifest.get("format") != FORMAT or manifest.get("app") != "qingfeng":
            raise UpdateRefused("升级包的格式本程序不认识，没有升级。")
        if manifest["platform"] != platform:
            raise UpdateRefused(f"这个升级包适用于 {manifest['platform']}，本机是 {platform}，没有升级。")
        if parse_version(manifest["version"]) <= parse_version(current_version):
            raise UpdateRefused(f"升级包的版本 {manifest['version']} 不高于当前版本 {current_version}，"
                                "没有升级（不能降级或重复安装）。")
        try:
            with z.open(PAYLOAD) as fh:
                digest, size = _sha256_stream(fh)
        except (zipfile.BadZipFile, OSError, EOFError):  # the zip's own CRC noticed the change first
            digest, size = "", -1
        if digest != manifest["payload_sha256"] or size != manifest["payload_size"]:
            raise UpdateRefused("升级包的内容与签名不符：文件被改动过或没有复制完整，没有升级。")
    return UpdateInfo(path=path, version=manifest["version"], platform=platform, payload_size=size, key_id=signer)


def extract_payload(path: Path, dest: Path) -> None:
    """Unpack the (already verified) payload into the empty folder `dest`; refuses members that leave it."""
    import tarfile

    dest.mkdir(parents=True)
    base = dest.resolve()
    with zipfile.ZipFile(path) as z, z.open(PAYLOAD) as fh, tarfile.open(fileobj=fh, mode="r|gz") as tar:
        for member in tar:
            target = (base / member.name).resolve()
            if not (target == base or base in target.parents) or not (member.isfile() or member.isdir()
                                                                      or member.issym()):
                raise UpdateRefused(f"升级包里有不安全的文件“{member.name}”，没有升级。")
            if member.issym() and not (target.parent / member.linkname).resolve().is_relative_to(base):
                raise UpdateRefused(f"升级包里有指向安装目录以外的链接“{member.name}”，没有升级。")
            tar.extract(member, base, set_attrs=True, **_no_filter())


def _no_filter() -> dict:
    """Members are checked above; say so to tarfile where it asks (Python >= 3.11.4 / Debian backports)."""
    import tarfile

    return {"filter": "fully_trusted"} if hasattr(tarfile, "fully_trusted_filter") else {}


def _signer(manifest: bytes, signature: bytes, trusted: list) -> str | None:
    from cryptography.exceptions import InvalidSignature

    from desktop.core.update.keys import key_id

    for key in trusted:
        try:
            key.verify(signature, manifest)
            return key_id(key)
        except InvalidSignature:
            continue
    return None


def _sha256(path: Path) -> tuple[str, int]:
    with open(path, "rb") as fh:
        return _sha256_stream(fh)


def _sha256_stream(fh) -> tuple[str, int]:
    h, size = hashlib.sha256(), 0
    while chunk := fh.read(1 << 20):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size
