"""The CLI logs in like the GUI: --user / QINGFENG_USER, password from QINGFENG_PASSWORD (never an argument);
refusals are one Chinese line; lockout applies; sensitive exports need their role; audit verify; user admin."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.cli import main
from tests.conftest import ADMIN_PASSWORD, db_snapshot


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = [x for x in err.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_without_a_user_data_commands_are_refused(site_dir, capsys, logged_out):
    before = db_snapshot(site_dir / "qingfeng.db")
    code, out, err = run(capsys, "info", "--data-dir", site_dir)
    assert code == 1 and out == ""
    assert one_line(err).startswith("错误：需要登录：请用 --user 登录名 或环境变量 QINGFENG_USER 指定用户")
    assert db_snapshot(site_dir / "qingfeng.db") == before
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and "清风台账" in capsys.readouterr().out


def test_user_from_option_password_from_env(site_dir, capsys, logged_out, monkeypatch):
    monkeypatch.setenv("QINGFENG_PASSWORD", ADMIN_PASSWORD)
    code, out, err = run(capsys, "--user", "admin", "info", "--data-dir", site_dir, "--json")
    assert code == 0, err
    assert json.loads(out)["site"]["site_code"] == "330226101"
    code, out, err = run(capsys, "info", "--data-dir", site_dir, "--user", "admin")
    assert code == 0, err


def test_password_is_never_an_argument(site_dir, capsys):
    with pytest.raises(SystemExit) as info:
        main(["info", "--data-dir", str(site_dir), "--password", ADMIN_PASSWORD])
    assert info.value.code == 2 and "用法错误" in capsys.readouterr().err


def test_no_password_without_a_terminal_is_one_line(site_dir, capsys, monkeypatch):
    monkeypatch.delenv("QINGFENG_PASSWORD")
    code, _, err = run(capsys, "info", "--data-dir", site_dir)
    assert code == 1 and "需要用户“admin”的密码" in one_line(err) and "QINGFENG_PASSWORD" in err


@pytest.mark.parametrize("user, password, message", [
    ("admin", "wrong-password", "密码不正确（再错 4 次将锁定 5 分钟）。"),
    ("nobody", "x", "没有名为“nobody”的用户。"),
    ("admin", "", "请输入密码。"),
])
def test_bad_login_is_one_line(site_dir, capsys, monkeypatch, user, password, message):
    monkeypatch.setenv("QINGFENG_USER", user)
    monkeypatch.setenv("QINGFENG_PASSWORD", password)
    before = db_snapshot(site_dir / "qingfeng.db")
    code, out, err = run(capsys, "info", "--data-dir", site_dir)
    assert code == 1 and out == "" and one_line(err) == f"错误：{message}"
    if user == "nobody" or not password:
        assert db_snapshot(site_dir / "qingfeng.db") == before


def test_lockout_applies_to_the_cli(site_dir, capsys, monkeypatch):
    monkeypatch.setenv("QINGFENG_PASSWORD", "wrong-password")
    for _ in range(4):
        assert run(capsys, "info", "--data-dir", site_dir)[0] == 1
    assert "锁定 5 分钟" in run(capsys, "info", "--data-dir", site_dir)[2]
    monkeypatch.setenv("QINGFENG_PASSWORD", ADMIN_PASSWORD)
    code, _, err = run(capsys, "info", "--data-dir", site_dir)
    assert code == 1 and "已锁定，请 5 分钟后再试" in one_line(err)


def test_init_takes_the_admin_password_from_the_environment(tmp_path, capsys, monkeypatch):
    d = tmp_path / "d"
    monkeypatch.setenv("QINGFENG_PASSWORD", "12345678")
    code, _, err = run(capsys, "init", "--data-dir", d, "--role", "township", "--site-code", "330226101",
                       "--site-name", "清溪镇", "--admin", "wxy")
    assert code == 1 and "密码不能全是数字" in one_line(err) and not d.exists()
    monkeypatch.setenv("QINGFENG_PASSWORD", "wxy-secret-1")
    code, _, err = run(capsys, "init", "--data-dir", d, "--role", "township", "--site-code", "330226101",
                       "--site-name", "清溪镇", "--admin", "wxy")
    assert code == 0, err
    monkeypatch.setenv("QINGFENG_USER", "wxy")
    assert run(capsys, "info", "--data-dir", d)[0] == 0


def test_demo_prints_its_users(tmp_path, capsys, logged_out):
    code, out, err = run(capsys, "demo", "--data-dir", tmp_path / "demo", "--json")
    assert code == 0, err
    users = json.loads(out)["users"]
    assert [u["role"] for u in users] == ["管理员", "负责人", "工作人员", "只读"]
    assert all(set(u) == {"login", "password", "role"} for u in users)


def test_sensitive_exports_need_their_role_and_are_audited(demo_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QINGFENG_USER", "chayue")
    monkeypatch.setenv("QINGFENG_PASSWORD", "qingfeng-chayue")
    code, _, err = run(capsys, "backup", "--out", tmp_path / "b", "--data-dir", demo_dir)
    assert code == 1 and "无权" in one_line(err) and not (tmp_path / "b").exists()
    monkeypatch.setenv("QINGFENG_USER", "ganshi")
    monkeypatch.setenv("QINGFENG_PASSWORD", "qingfeng-ganshi")
    code, _, err = run(capsys, "registry", "export", "--kind", "people", "--with-id-no", "--out",
                       tmp_path / "p.xlsx", "--data-dir", demo_dir)
    assert code == 1 and "无权" in one_line(err) and not (tmp_path / "p.xlsx").exists()
    assert run(capsys, "registry", "export", "--kind", "people", "--out", tmp_path / "p.xlsx",
               "--data-dir", demo_dir)[0] == 0
    monkeypatch.setenv("QINGFENG_USER", "shuji")
    monkeypatch.setenv("QINGFENG_PASSWORD", "qingfeng-shuji")
    assert run(capsys, "backup", "--out", tmp_path / "b", "--data-dir", demo_dir)[0] == 0
    assert run(capsys, "registry", "export", "--kind", "people", "--with-id-no", "--out", tmp_path / "p2.xlsx",
               "--data-dir", demo_dir)[0] == 0
    code, out, _ = run(capsys, "audit", "list", "--action", "导出", "--data-dir", demo_dir, "--json")
    summaries = [e["summary"] for e in json.loads(out)]
    assert any("含身份证号" in s for s in summaries) and any("人员名册：p.xlsx" in s for s in summaries)
    code, out, _ = run(capsys, "audit", "list", "--action", "备份", "--data-dir", demo_dir, "--json")
    assert json.loads(out)[0]["user_name"] == "陈建国"


def test_audit_verify_names_a_tampered_entry(site_dir, capsys):
    code, out, _ = run(capsys, "audit", "verify", "--data-dir", site_dir, "--json")
    assert code == 0 and json.loads(out)["ok"]
    con = sqlite3.connect(site_dir / "qingfeng.db")
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET summary = '改过' WHERE id = 2")
    con.commit()
    con.close()
    code, out, err = run(capsys, "audit", "verify", "--data-dir", site_dir)
    assert code == 1 and one_line(out).startswith("错误：第 2 条") and "改动" in out


def test_user_admin_and_passwd(site_dir, capsys, monkeypatch):
    monkeypatch.setenv("QINGFENG_NEW_PASSWORD", "liming-first")
    code, out, err = run(capsys, "user", "add", "liming", "--name", "李明", "--role", "工作人员", "--data-dir", site_dir)
    assert code == 0, err
    monkeypatch.setenv("QINGFENG_USER", "liming")
    monkeypatch.setenv("QINGFENG_PASSWORD", "liming-first")
    code, _, err = run(capsys, "info", "--data-dir", site_dir)
    assert code == 1 and "须先修改密码" in one_line(err)
    monkeypatch.setenv("QINGFENG_NEW_PASSWORD", "liming-mine")
    assert run(capsys, "passwd", "--data-dir", site_dir)[0] == 0
    monkeypatch.setenv("QINGFENG_PASSWORD", "liming-mine")
    assert run(capsys, "info", "--data-dir", site_dir)[0] == 0
    code, _, err = run(capsys, "user", "disable", "admin", "--data-dir", site_dir)
    assert code == 1 and "无权" in err
    monkeypatch.setenv("QINGFENG_USER", "admin")
    monkeypatch.setenv("QINGFENG_PASSWORD", ADMIN_PASSWORD)
    code, _, err = run(capsys, "user", "role", "admin", "只读", "--data-dir", site_dir)
    assert code == 1 and "唯一的在用管理员" in one_line(err)
    assert run(capsys, "user", "disable", "liming", "--data-dir", site_dir)[0] == 0
    code, out, _ = run(capsys, "user", "list", "--data-dir", site_dir, "--json")
    assert {u["login_name"]: u["active"] for u in json.loads(out)} == {"admin": True, "liming": False}
