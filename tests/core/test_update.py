"""Offline update packages: signature, integrity, rollback protection, platform; applying with backup and way back."""

from __future__ import annotations

import io
import json
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from desktop.core.paths import DataDir
from desktop.core.update import apply as upd
from desktop.core.update.package import UpdateRefused, parse_version, platform_id, verify_package
from tests.conftest import db_snapshot
from tests.update_helpers import fake_bundle, new_key, package

PLATFORM = "linux-amd64"


@pytest.fixture
def key():
    return new_key()


def verify(path, key, current="0.1.0", platform=PLATFORM):
    return verify_package(path, trusted=[key.public_key()], current_version=current, platform=platform)


def test_a_signed_newer_package_for_this_platform_passes(tmp_path, key):
    from desktop.core.update.keys import key_id

    info = verify(package(tmp_path, key, "0.2.0"), key)
    assert (info.version, info.platform, info.key_id) == ("0.2.0", PLATFORM, key_id(key.public_key()))
    assert info.path.name == "清风台账-升级-0.2.0.qfupd"


def test_each_refusal_is_one_chinese_line(tmp_path, key):
    good = package(tmp_path, key, "0.2.0")
    tampered = tmp_path / "改过.qfupd"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the payload
    tampered.write_bytes(bytes(data))
    forged = tmp_path / "伪造.qfupd"  # a manifest edited after signing (claims another version)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            dst.writestr(item, body.replace(b'"0.2.0"', b'"0.9.0"') if item.filename == "manifest.json" else body)
    junk = tmp_path / "乱码.qfupd"
    junk.write_bytes(b"not a package" * 100)
    cases = [
        (tampered, "被改动过"),
        (forged, "签名无效"),
        (package(tmp_path, new_key(), "0.2.0", name="stranger"), "签名无效"),  # a key this program does not trust
        (package(tmp_path, key, "0.1.0", name="same"), "不高于当前版本 0.1.0"),
        (package(tmp_path, key, "0.0.9", name="older"), "不能降级"),
        (package(tmp_path, key, "0.2.0", platform="windows-amd64", name="win"), "适用于 windows-amd64，本机是 linux-amd64"),
        (junk, "不是清风台账的升级包"),
        (tmp_path / "没有这个文件.qfupd", "找不到升级包"),
    ]
    for path, message in cases:
        with pytest.raises(UpdateRefused) as err:
            verify(path, key)
        assert message in str(err.value) and "\n" not in str(err.value), (path.name, str(err.value))


def test_versions_compare_as_numbers_and_platforms_have_one_name(monkeypatch):
    assert parse_version("0.1.10") > parse_version("0.1.9") > parse_version("0.1") == parse_version("0.1.0")
    with pytest.raises(UpdateRefused, match="版本号“1.x”无法识别"):
        parse_version("1.x")
    assert platform_id("linux", "x86_64") == "linux-amd64"
    assert platform_id("linux", "aarch64") == "linux-arm64"
    assert platform_id("linux", "loongarch64") == "linux-loongarch64"
    assert platform_id("win32", "AMD64") == "windows-amd64"
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setattr("platform.machine", lambda: "ARM64")
    assert platform_id() == "windows-arm64"


@pytest.fixture
def installed(tmp_path):
    """An installed 0.1.0 in a folder with a space and Chinese characters, and a township's data dir."""
    root = fake_bundle(tmp_path / "程序 文件" / "qingfeng", "0.1.0")
    return root


def apply(pkg, key, data, root, lines=None):
    return upd.apply_update(pkg, data=data, root=root, trusted=[key.public_key()], current_version="0.1.0",
                            platform=PLATFORM, progress=(lines.append if lines is not None else lambda _l: None))


def test_apply_backs_up_first_swaps_in_the_new_version_and_can_roll_back(tmp_path, key, installed, site_dir):
    data = DataDir(site_dir)
    before = db_snapshot(data.db_path)
    lines = []
    result = apply(package(tmp_path, key, "0.2.0"), key, data, installed, lines)
    assert (installed / "_internal" / "VERSION").read_text().strip() == "0.2.0"
    prev = installed.with_name("qingfeng.prev")
    assert (prev / "_internal" / "VERSION").read_text().strip() == "0.1.0" and result.previous_kept_at == prev
    assert not installed.with_name("qingfeng.new").exists()
    assert result.backup.parent == data.sub("backups") and result.backup.name.startswith("升级前备份-程序-")
    assert db_snapshot(result.backup) == before  # the verified backup is of the data before the update
    assert "fake_migration_0_2_0" in db_snapshot(data.db_path)  # the new version's first start ran on the data
    assert any("签名密钥" in line for line in lines) and any("已备份数据并校验" in line for line in lines)
    state = json.loads((data.root / upd.STATE_FILE).read_text(encoding="utf-8"))
    assert state["previous_version"] == "0.1.0" and state["version"] == "0.2.0"

    upd.rollback(data=data, progress=lambda _l: None)
    assert (installed / "_internal" / "VERSION").read_text().strip() == "0.1.0" and not prev.exists()
    assert db_snapshot(data.db_path) == before
    assert not (data.root / upd.STATE_FILE).exists()
    with pytest.raises(upd.QingfengError, match="没有可以撤销的升级记录"):
        upd.rollback(data=data)


def test_a_new_version_that_fails_to_start_puts_everything_back(tmp_path, key, installed, site_dir):
    data = DataDir(site_dir)
    before = db_snapshot(data.db_path)
    with pytest.raises(upd.UpdateFailed) as err:
        apply(package(tmp_path, key, "0.2.0", fails=True), key, data, installed)
    message = str(err.value)
    assert "新版本无法启动或升级数据（错误：数据库升级失败：假的迁移出错）" in message
    assert "已恢复原版本 0.1.0 和升级前的数据" in message
    assert (installed / "_internal" / "VERSION").read_text().strip() == "0.1.0"
    assert not installed.with_name("qingfeng.new").exists() and not installed.with_name("qingfeng.prev").exists()
    assert db_snapshot(data.db_path) == before
    assert not (data.root / upd.STATE_FILE).exists()


def test_a_refused_package_changes_nothing(tmp_path, key, installed, site_dir):
    data = DataDir(site_dir)
    before = db_snapshot(data.db_path)
    backups = sorted(data.sub("backups").iterdir())
    with pytest.raises(UpdateRefused, match="不高于当前版本"):
        apply(package(tmp_path, key, "0.1.0"), key, data, installed)
    assert db_snapshot(data.db_path) == before and sorted(data.sub("backups").iterdir()) == backups
    assert sorted(p.name for p in installed.parent.iterdir()) == ["qingfeng"]


def test_a_package_with_a_path_outside_the_install_folder_is_refused(tmp_path, key, installed, site_dir):
    from desktop.core.update.package import build_package

    bundle = fake_bundle(tmp_path / "evil" / "qingfeng", "0.2.0")
    pkg = build_package(bundle, "0.2.0", PLATFORM, key, tmp_path / "evil-out")
    # re-sign a package whose payload holds ../escaped.txt
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, body in (("qingfeng", b"#!/bin/sh\n"), ("../escaped.txt", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    payload = buf.getvalue()
    import hashlib

    manifest = json.loads(zipfile.ZipFile(pkg).read("manifest.json"))
    manifest.update(payload_sha256=hashlib.sha256(payload).hexdigest(), payload_size=len(payload))
    body = json.dumps(manifest).encode()
    with zipfile.ZipFile(pkg, "w") as z:
        z.writestr("manifest.json", body)
        z.writestr("manifest.sig", key.sign(body))
        z.writestr("payload.tar.gz", payload)
    with pytest.raises(UpdateRefused, match="不安全的文件“../escaped.txt”"):
        apply(pkg, key, DataDir(site_dir), installed)
    assert not (installed.parent / "escaped.txt").exists() and not installed.with_name("qingfeng.new").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_install_folder_without_write_permission_is_one_line(tmp_path, key, installed, site_dir):
    installed.parent.chmod(0o555)
    try:
        with pytest.raises(upd.QingfengError, match="没有写入安装目录的权限"):
            apply(package(tmp_path, key, "0.2.0"), key, DataDir(site_dir), installed)
    finally:
        installed.parent.chmod(0o755)


def test_the_console_program_is_qingfeng_cli_exe_on_windows(monkeypatch):
    root = Path("安装 目录")
    assert upd.executable(root).name == "qingfeng"
    monkeypatch.setattr(os, "name", "nt")
    assert upd.executable(root).name == "qingfeng-cli.exe"


def test_test_builds_trust_the_keys_in_their_update_keys_folder(tmp_path, key):
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from desktop.core.update.keys import RELEASE_KEYS, is_test_build, trusted_keys

    assert len(trusted_keys(tmp_path)) == len(RELEASE_KEYS) and not is_test_build(tmp_path)
    (tmp_path / "update-keys").mkdir()
    (tmp_path / "update-keys" / "test.pub").write_bytes(
        key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))
    keys = trusted_keys(tmp_path)
    assert is_test_build(tmp_path) and len(keys) == len(RELEASE_KEYS) + 1
    pkg = package(tmp_path, key, "0.2.0")
    assert verify_package(pkg, trusted=keys, current_version="0.1.0", platform=PLATFORM).version == "0.2.0"
    with pytest.raises(UpdateRefused, match="签名无效"):  # the release build (no folder) refuses the same file
        verify_package(pkg, trusted=trusted_keys(tmp_path / "release"), current_version="0.1.0", platform=PLATFORM)
