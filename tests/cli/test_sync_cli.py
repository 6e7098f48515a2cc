"""`qingfeng sync …`: keys, enrolment, export, import (dry run, JSON, repeat, bad file), publish, status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.core.errors import PermissionDenied
from tests.conftest import _init, db_snapshot
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import PASSPHRASE


@pytest.fixture
def fast_unlock(monkeypatch, district_keys):
    """Skip the slow scrypt run but still check that the CLI passes the right passphrase."""
    from desktop.core.services.sync import exchange as sync

    real = sync.unlock

    def unlock(ctx, passphrase=None):
        if not ctx.is_district:
            return real(ctx, passphrase)
        if passphrase != PASSPHRASE:
            raise PermissionDenied("密钥口令不正确。")
        return district_keys

    monkeypatch.setattr(sync, "unlock", unlock)


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_init_district_keys_from_passphrase_file_and_show_them(tmp_path, capsys):
    d = _init(tmp_path / "d", demo=False, code="330227", name="象山县", role="district")
    pw = tmp_path / "pw.txt"
    pw.write_text("足够长的口令-1234\n", encoding="utf-8")
    code, out, _ = run(capsys, "sync", "keys", "--init-district", "--passphrase-file", pw, "--data-dir", d, "--json")
    assert code == 0
    fp = json.loads(out)["own"]["fingerprint"]
    code, out, _ = run(capsys, "sync", "keys", "--data-dir", d)
    assert code == 0 and f"本单位密钥指纹：{fp}" in out
    code, _, err = run(capsys, "sync", "keys", "--init-district", "--passphrase-file", pw, "--data-dir", d)
    assert code == 1 and "区县密钥已经存在" in err
    code, out, _ = run(capsys, "sync", "enrolment", "--out", tmp_path / "d.qfkey", "--data-dir", d)
    assert code == 0 and fp in out and (tmp_path / "d.qfkey").exists()


def test_passphrase_is_never_an_argument(world, capsys, monkeypatch):
    monkeypatch.delenv("QINGFENG_PASSPHRASE", raising=False)
    code, _, err = run(capsys, "sync", "import", "x.qfpkg", "--passphrase", "abc", "--data-dir", world.district)
    assert code == 2 and "用法错误" in err
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # no terminal to ask on
    code, _, err = run(capsys, "sync", "publish", "--out", world.root / "o", "--data-dir", world.district)
    assert code == 1 and "QINGFENG_PASSPHRASE" in err and "Traceback" not in err


def test_export_then_import_with_dry_run_json_and_repeat(world, usb, capsys, monkeypatch, fast_unlock):
    code, out, _ = run(capsys, "sync", "export", "--out", usb, "--data-dir", world.towns[0], "--json")
    assert code == 0
    summary = json.loads(out)
    pkg = summary["file"]
    assert Path(pkg).name == "330226101_20261124_001.qfpkg" and summary["verified"]
    monkeypatch.setenv("QINGFENG_PASSPHRASE", PASSPHRASE)
    before = db_snapshot(world.district / "qingfeng.db")
    code, out, _ = run(capsys, "sync", "import", pkg, "--dry-run", "--json", "--data-dir", world.district)
    assert code == 0 and json.loads(out)[0]["status"] == "预览"
    assert db_snapshot(world.district / "qingfeng.db") == before
    code, out, _ = run(capsys, "sync", "import", pkg, "--data-dir", world.district)
    assert code == 0 and "已导入 清溪镇：新增" in out and "人员：新增 80" in out
    code, out, _ = run(capsys, "sync", "import", pkg, "--json", "--data-dir", world.district)
    assert code == 0 and json.loads(out)[0]["status"] == "重复"
    code, out, _ = run(capsys, "sync", "status", "--data-dir", world.district)
    assert "清溪镇（330226101）：最近 2026-11-24" in out and "梅山镇（330226102）：尚未收到数据包" in out


def test_bad_file_gives_one_chinese_line_and_exit_1(world, tmp_path, capsys, monkeypatch, fast_unlock):
    bad = tmp_path / "坏文件.qfpkg"
    bad.write_bytes(b"garbage" * 10)
    monkeypatch.setenv("QINGFENG_PASSPHRASE", PASSPHRASE)
    before = db_snapshot(world.district / "qingfeng.db")
    code, _, err = run(capsys, "sync", "import", bad, "--data-dir", world.district)
    assert code == 1 and "不是清风台账的数据包" in err and "Traceback" not in err
    monkeypatch.setenv("QINGFENG_PASSPHRASE", "wrong-passphrase")
    code, _, err = run(capsys, "sync", "import", bad, "--data-dir", world.district)
    assert code == 1 and "口令不正确" in err
    assert db_snapshot(world.district / "qingfeng.db") == before


def test_task_publish_and_township_import(world, usb, capsys, monkeypatch, fast_unlock):
    monkeypatch.setenv("QINGFENG_PASSPHRASE", PASSPHRASE)
    code, out, _ = run(capsys, "sync", "task", "--title", "惠民资金发放专项检查", "--deadline", "2026-12-20",
                       "--site", "330226102", "--data-dir", world.district)
    assert code == 0 and "已派单" in out
    code, out, _ = run(capsys, "sync", "publish", "--out", usb, "--site", "330226102", "--json",
                       "--data-dir", world.district)
    assert code == 0
    [pub] = json.loads(out)
    assert pub["catalogue_version"] == 1 and pub["target"]["site_code"] == "330226102"
    code, out, _ = run(capsys, "sync", "import", pub["file"], "--data-dir", world.towns[1])
    assert code == 0 and "派单任务：新增 1" in out


def test_enrol_wrong_kind_of_file(world, tmp_path, capsys):
    code, _, _ = run(capsys, "sync", "enrolment", "--out", tmp_path / "t.qfkey", "--data-dir", world.towns[0])
    assert code == 0
    code, _, err = run(capsys, "sync", "enrol", tmp_path / "t.qfkey", "--data-dir", world.towns[1])
    assert code == 1 and "这里需要区县的登记文件" in err
