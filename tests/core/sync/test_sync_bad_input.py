"""Every bad input of issue 7 gets a clear Chinese message and changes nothing (db_snapshot before == after)."""

from __future__ import annotations

import errno
import io
import json
import shutil
import stat
import zipfile
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from desktop.core.errors import ImportFileError, OutputError
from desktop.core.progress import drain
from desktop.core.services.registry import units
from desktop.core.services.sync import exchange as sync
from desktop.core.store import migrate
from desktop.core.sync import export as export_mod
from desktop.core.sync import keys, package
from tests.conftest import db_snapshot
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import export_from, import_at, import_one, open_ctx

# --- crafting packages ---------------------------------------------------------------------------------------


def unpack(pkg, identity) -> dict[str, bytes]:
    data = pyrage.decrypt(Path(pkg).read_bytes(), [identity])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def resign(entries: dict[str, bytes], signer, edit=None) -> dict[str, bytes]:
    """Recompute the manifest's file list from the entries, apply `edit(manifest)`, sign again."""
    import hashlib

    m = json.loads(entries["manifest.json"])
    m["files"] = [{"path": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                  for n, b in entries.items() if n.startswith(("data/", "files/"))]
    if edit:
        edit(m)
    body = package.manifest_bytes(m)
    return {**entries, "manifest.json": body, "manifest.sig": signer.sign(body)}


def repack(entries, recipient: str, dest: Path, extra: list[zipfile.ZipInfo | tuple] = ()) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, b in entries.items():
            zf.writestr(n, b)
        for item in extra:
            info, data = item
            zf.writestr(info, data)
    dest.write_bytes(pyrage.encrypt(buf.getvalue(), [pyrage.x25519.Recipient.from_str(recipient)]))
    return dest


@pytest.fixture
def setup(world, usb, district_keys):
    """A township package for the district, plus what is needed to forge variants of it."""
    town = world.towns[0]
    pkg = Path(export_from(town, usb)["file"])
    t = open_ctx(town)
    try:
        signer = keys.unlock(t).signer
    finally:
        t.close()
    d = open_ctx(world.district)
    try:
        recipient = keys.own_key(d)["age_recipient"]
    finally:
        d.close()
    return {"world": world, "pkg": pkg, "signer": signer, "recipient": recipient, "keys": district_keys,
            "entries": unpack(pkg, district_keys.identity), "usb": usb}


def refused(setup, file, match: str, **kw):
    """Import `file` at the district; assert the Chinese message and that the database did not change."""
    db = setup["world"].district / "qingfeng.db"
    before = db_snapshot(db)
    with pytest.raises(ImportFileError, match=match) as err:
        import_one(setup["world"].district, file, setup["keys"], **kw)
    assert db_snapshot(db) == before
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))
    return err.value


# --- the list in the issue -----------------------------------------------------------------------------------


def test_one_flipped_byte(setup, tmp_path):
    bad = tmp_path / "flip.qfpkg"
    data = bytearray(setup["pkg"].read_bytes())
    data[len(data) // 2] ^= 0x01
    bad.write_bytes(bytes(data))
    refused(setup, bad, "已损坏或不完整")


def test_truncated_file(setup, tmp_path):
    bad = tmp_path / "cut.qfpkg"
    bad.write_bytes(setup["pkg"].read_bytes()[:-100])
    refused(setup, bad, "已损坏或不完整")


def test_package_for_another_recipient(setup, tmp_path):
    stranger = pyrage.x25519.Identity.generate().to_public()
    bad = repack(setup["entries"], str(stranger), tmp_path / "other.qfpkg")
    refused(setup, bad, "不是发给本单位的")


def test_same_package_again_says_already_imported(setup):
    db = setup["world"].district / "qingfeng.db"
    import_one(setup["world"].district, setup["pkg"], setup["keys"])
    before = db_snapshot(db)
    again = import_one(setup["world"].district, setup["pkg"], setup["keys"])
    assert again.status == "重复" and "已导入" in again.message and again.rows_changed == 0
    copy = setup["usb"] / "改名的副本.qfpkg"  # same package under another name: caught by package id too
    shutil.copyfile(setup["pkg"], copy)
    assert import_one(setup["world"].district, copy, setup["keys"]).status == "重复"
    assert db_snapshot(db) == before


def test_older_package_after_a_newer_one(setup, tmp_path):
    world, usb = setup["world"], setup["usb"]
    stale_copy = tmp_path / "stale-town"
    shutil.copytree(world.towns[0], stale_copy, ignore=shutil.ignore_patterns("qingfeng.lock"))
    t = open_ctx(world.towns[0])
    try:
        units.create(t, {"name": "后来新设站", "type": "镇直站所"})
    finally:
        t.close()
    newer = export_from(world.towns[0], usb)["file"]
    import_at(world.district, [setup["pkg"], newer], setup["keys"])
    older = export_from(stale_copy, tmp_path, full=True)["file"]
    refused(setup, older, "比已导入的数据包旧")


def test_package_from_an_unregistered_township(setup):
    import sqlite3

    con = sqlite3.connect(setup["world"].district / "qingfeng.db")
    con.execute("DELETE FROM sync_peer WHERE site_code='330226101'")
    con.commit()
    con.close()
    err = refused(setup, setup["pkg"], "未登记的乡镇")
    assert err.source["site_code"] == "330226101"


def test_township_package_carrying_another_townships_rows(setup, tmp_path):
    e = dict(setup["entries"])
    lines = e["data/unit.jsonl"].decode().splitlines()
    row = json.loads(lines[0])
    row.update(id="0190aaaa-0000-7000-8000-000000000001", origin_site="330226102", name="别的乡镇的村")
    e["data/unit.jsonl"] = ("\n".join([*lines, json.dumps(row, ensure_ascii=False)]) + "\n").encode()
    bad = repack(resign(e, setup["signer"]), setup["recipient"], tmp_path / "foreign.qfpkg")
    err = refused(setup, bad, "含有不属于“清溪镇”的记录")
    assert {t.table: t.rejected for t in err.result.tables}["unit"] == 1


def test_zip_entry_with_dot_dot(setup, tmp_path):
    bad = repack(setup["entries"], setup["recipient"], tmp_path / "dotdot.qfpkg",
                 extra=[("../../evil.txt", b"x")])
    refused(setup, bad, "不安全的路径")


def test_oversized_entry(setup, tmp_path, monkeypatch):
    monkeypatch.setattr(package, "MAX_ENTRY_BYTES", 4096)
    refused(setup, setup["pkg"], "过大或压缩比异常")


def test_zip_bomb(setup, tmp_path):
    e = dict(setup["entries"])
    e["files/" + "0" * 64] = bytes(30 * 2**20)  # 30 MiB of zeros deflate to ~30 KiB
    bad = repack(resign(e, setup["signer"]), setup["recipient"], tmp_path / "bomb.qfpkg")
    refused(setup, bad, "压缩炸弹")


def test_total_uncompressed_size_cap(setup, monkeypatch):
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 10_000)
    refused(setup, setup["pkg"], "解压后总大小超过上限")


def test_newer_schema_version(setup, tmp_path):
    newer = migrate.latest_version() + 1
    e = resign(setup["entries"], setup["signer"], lambda m: m.update(schema_version=newer))
    bad = repack(e, setup["recipient"], tmp_path / "newer.qfpkg")
    err = refused(setup, bad, "请升级")
    assert "较新版本" in str(err)


def test_file_that_is_not_a_package(setup, tmp_path):
    text_file = tmp_path / "说明.qfpkg"
    text_file.write_text("这不是数据包", encoding="utf-8")
    refused(setup, text_file, "不是清风台账的数据包")
    plain_zip = tmp_path / "plain.qfpkg"
    plain_zip.write_bytes(b"PK\x03\x04" + bytes(100))
    refused(setup, plain_zip, "不是清风台账的数据包")


@pytest.mark.parametrize("how", ["full", "removed", "readback"])
def test_stick_full_or_removed_during_export(world, usb, monkeypatch, how):
    town = world.towns[0]
    db = town / "qingfeng.db"
    before = db_snapshot(db)
    real = export_mod._copy_and_sync

    def failing(src, dest):
        if how == "readback":
            real(src, dest)
            with open(dest, "r+b") as fh:  # the stick returned different bytes
                fh.seek(100)
                fh.write(b"\x00\x00")
            return
        with open(dest, "wb") as fh:
            fh.write(b"partial")
        raise OSError(errno.ENOSPC if how == "full" else errno.EIO, "设备上没有空间" if how == "full" else "I/O 错误")

    monkeypatch.setattr(export_mod, "_copy_and_sync", failing)
    with pytest.raises(OutputError, match="U 盘可能已拔出或已满；本次导出未记录"):
        export_from(town, usb)
    assert list(usb.iterdir()) == []  # neither the final name nor the .part file
    assert db_snapshot(db) == before
    monkeypatch.setattr(export_mod, "_copy_and_sync", real)
    ok = export_from(town, usb)
    assert ok["package_no"] == 1 and [p.name for p in usb.iterdir()] == [Path(ok["file"]).name]


# --- further checks of the same kind -------------------------------------------------------------------------


def test_symlink_and_duplicate_entries(setup, tmp_path):
    link = zipfile.ZipInfo("files/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = repack(setup["entries"], setup["recipient"], tmp_path / "link.qfpkg", extra=[(link, b"/etc/passwd")])
    refused(setup, bad, "链接")
    with pytest.warns(UserWarning):
        dup = repack(setup["entries"], setup["recipient"], tmp_path / "dup.qfpkg",
                     extra=[("data/unit.jsonl", b"{}\n")])
    refused(setup, dup, "重名文件")


def test_unlisted_file_and_changed_data(setup, tmp_path):
    e = dict(setup["entries"])
    extra = repack({**e, "data/hidden.jsonl": b"{}\n"}, setup["recipient"], tmp_path / "extra.qfpkg")
    refused(setup, extra, "清单之外的文件")
    e["data/unit.jsonl"] = e["data/unit.jsonl"].replace("村".encode(), "庄".encode(), 1)
    refused(setup, repack(e, setup["recipient"], tmp_path / "changed.qfpkg"), "校验值不符")


def test_signature_by_another_key(setup, tmp_path):
    e = resign(setup["entries"], Ed25519PrivateKey.generate())
    refused(setup, repack(e, setup["recipient"], tmp_path / "forged.qfpkg"), "签名校验未通过")


def test_older_schema_version_is_converted(setup, tmp_path):
    e = dict(setup["entries"])
    rows = [json.loads(x) for x in e["data/unit.jsonl"].decode().splitlines()]
    e["data/unit.jsonl"] = "".join(json.dumps({k: v for k, v in r.items() if k != "note"}, ensure_ascii=False)
                                   + "\n" for r in rows).encode()

    def older(m):
        m["schema_version"] = 1
        m["tables"]["unit"]["columns"].remove("note")
    pkg = repack(resign(e, setup["signer"], older), setup["recipient"], tmp_path / "old.qfpkg")
    res = import_one(setup["world"].district, pkg, setup["keys"])
    assert res.status == "已导入" and {t.table: t.new for t in res.tables}["unit"] == len(rows)


# --- downward ------------------------------------------------------------------------------------------------


def _publish(world, usb, district_keys, title):
    d = open_ctx(world.district)
    try:
        sync.create_task(d, {"title": title})
        out = drain(sync.publish(d, usb, district_keys, ["330226101"]))
    finally:
        d.close()
    return Path(out[0]["file"])


def test_township_refuses_older_catalogue_version_and_foreign_signature(world, usb, district_keys, tmp_path):
    v1 = _publish(world, usb / "v1", district_keys, "第一次派单")
    v2 = _publish(world, usb / "v2", district_keys, "第二次派单")
    town = world.towns[0]
    db = town / "qingfeng.db"
    assert import_one(town, v2, None).catalogue_version == 2
    before = db_snapshot(db)
    with pytest.raises(ImportFileError, match="防止回滚"):
        import_one(town, v1, None)
    t = open_ctx(town)
    try:
        town_keys = keys.unlock(t)
        own = keys.own_key(t)
    finally:
        t.close()
    e = unpack(v1, town_keys.identity)

    def bump(m):
        m["catalogue_version"] = 9
    forged = repack(resign(e, Ed25519PrivateKey.generate(), bump), own["age_recipient"], tmp_path / "forged.qfpkg")
    with pytest.raises(ImportFileError, match="签名校验未通过"):
        import_one(town, forged, None)
    with pytest.raises(ImportFileError, match="不是发给本单位的"):
        import_one(world.towns[1], v2, None)
    assert db_snapshot(db) == before
