"""CLI: qingfeng update check|apply|status|self-check (the install itself is tested on the built program in CI)."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core.store import migrate
from tests.conftest import db_snapshot
from tests.update_helpers import new_key, package


@pytest.fixture
def key(monkeypatch):
    k = new_key()
    monkeypatch.setattr("desktop.core.update.service.trusted_keys", lambda: [k.public_key()])
    return k


def test_check_reports_a_good_package_and_refuses_bad_ones_in_one_line(tmp_path, key, capsys):
    good = package(tmp_path, key, "9.0.0")
    assert main(["update", "check", str(good)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("升级包校验通过：清风台账 9.0.0（linux-") and "可以从 0.1.0 升级" in out
    assert main(["update", "check", str(good), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["version"] == "9.0.0"
    old = package(tmp_path, key, "0.0.1")
    assert main(["update", "check", str(old)]) == 1
    err = capsys.readouterr().err
    assert err == "错误：升级包的版本 0.0.1 不高于当前版本 0.1.0，没有升级（不能降级或重复安装）。\n"


def test_apply_from_the_source_tree_checks_then_refuses(tmp_path, key, site_dir, capsys):
    before = db_snapshot(site_dir / "qingfeng.db")
    stranger = package(tmp_path, new_key(), "9.0.0", name="stranger")
    assert main(["update", "apply", str(stranger), "--data-dir", str(site_dir)]) == 1
    assert "签名无效" in capsys.readouterr().err
    assert main(["update", "apply", str(package(tmp_path, key, "9.0.0")), "--data-dir", str(site_dir)]) == 1
    assert "从源代码运行的程序不能用升级包升级" in capsys.readouterr().err
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_status_and_self_check(site_dir, capsys):
    assert main(["update", "status", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert st["version"] == "0.1.0" and st["install_root"] == "" and st["test_build"] is False
    assert st["key_ids"] and all(len(k) == 16 for k in st["key_ids"])
    assert main(["update", "self-check", "--json", "--data-dir", str(site_dir)]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["schema_version"] == migrate.latest_version() and res["qt_platform"] == "offscreen"
