"""`qingfeng backup` / `restore` (issue 11 §6): one-file backups, preview, administrator only, another
site's backup only with --other-site, the automatic daily backup."""

from __future__ import annotations

import json
import shutil
import sqlite3

from desktop.core.services.org import users
from desktop.core.services.org.context import open_context
from tests.cli.test_cli import no_traceback, run
from tests.conftest import db_snapshot, fixed_clock


def _add_user(data_dir, name, login, role, password=""):
    c = open_context(data_dir, clock=fixed_clock())
    try:
        users.create_user(c, name, login, role, password)
    finally:
        c.close()


def test_backup_preview_and_restore(demo_dir, tmp_path, capsys):
    code, out, err = run(capsys, "backup", "--out", tmp_path / "U盘", "--data-dir", demo_dir, "--json")
    assert code == 0, err
    made = json.loads(out)["backup"]
    assert made.endswith(".qfbak")
    code, out, err = run(capsys, "restore", made, "--preview", "--data-dir", demo_dir)
    assert code == 0 and "单位：清溪镇（330226101）" in out and "附件和文书" in out and "已校验" in out
    code, out, _ = run(capsys, "restore", made, "--preview", "--json", "--data-dir", demo_dir)
    info = json.loads(out)
    assert info["site_code"] == "330226101" and info["counts"]["问题"] > 0 and info["files"] > 0
    con = sqlite3.connect(demo_dir / "qingfeng.db")
    con.execute("UPDATE person SET name = '改过' WHERE rowid = 1")
    con.commit()
    con.close()
    code, out, err = run(capsys, "restore", made, "--data-dir", demo_dir)
    assert code == 0, err
    assert "原数据库已另存为" in out
    con = sqlite3.connect(demo_dir / "qingfeng.db")
    assert con.execute("SELECT count(*) FROM person WHERE name = '改过'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM audit_log WHERE action = '恢复备份'").fetchone()[0] == 1
    con.close()


def test_read_only_user_cannot_restore(demo_dir, tmp_path, capsys, monkeypatch):
    _add_user(demo_dir, "赵六", "zhaoliu", "只读", "Zhao-liu-2026!")
    code, out, err = run(capsys, "backup", "--out", tmp_path, "--data-dir", demo_dir, "--json")
    made = json.loads(out)["backup"]
    before = db_snapshot(demo_dir / "qingfeng.db")
    con = sqlite3.connect(demo_dir / "qingfeng.db")  # as if 赵六 had already changed the first password
    con.execute("UPDATE login_state SET must_change = 0")
    con.commit()
    con.close()
    before = db_snapshot(demo_dir / "qingfeng.db")
    monkeypatch.setenv("QINGFENG_PASSWORD", "Zhao-liu-2026!")
    code, _, err = run(capsys, "--user", "zhaoliu", "restore", made, "--data-dir", demo_dir)
    assert code == 1 and "无权" in err, err
    no_traceback(err)
    assert db_snapshot(demo_dir / "qingfeng.db") == before


def test_another_sites_backup_needs_other_site(demo_dir, tmp_path, capsys):
    other = tmp_path / "other"
    shutil.copytree(demo_dir, other, ignore=shutil.ignore_patterns("qingfeng.lock"))
    con = sqlite3.connect(other / "qingfeng.db")
    con.execute("UPDATE org_profile SET site_code = '330226199', site_name = '别的镇'")
    con.execute("UPDATE app_user SET origin_site = '330226199'")
    con.commit()
    con.close()
    code, out, err = run(capsys, "backup", "--out", tmp_path / "o", "--data-dir", other, "--json")
    foreign = json.loads(out)["backup"]
    before = db_snapshot(demo_dir / "qingfeng.db")
    code, _, err = run(capsys, "restore", foreign, "--data-dir", demo_dir)
    assert code == 1 and "属于“别的镇”（330226199）" in err and "--other-site" in err
    assert db_snapshot(demo_dir / "qingfeng.db") == before
    code, _, err = run(capsys, "restore", foreign, "--other-site", "--data-dir", demo_dir)
    assert code == 0, err
    code, out, _ = run(capsys, "info", "--data-dir", demo_dir, "--json")
    assert json.loads(out)["site"]["site_code"] == "330226199"


def test_damaged_backup_is_refused(demo_dir, tmp_path, capsys):
    code, out, err = run(capsys, "backup", "--out", tmp_path, "--data-dir", demo_dir, "--json")
    made = tmp_path / json.loads(out)["backup"].rsplit("/", 1)[1]
    raw = bytearray(made.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    made.write_bytes(bytes(raw))
    before = db_snapshot(demo_dir / "qingfeng.db")
    for argv in (["restore", made, "--preview"], ["restore", made]):
        code, _, err = run(capsys, *argv, "--data-dir", demo_dir)
        assert code == 1 and "备份" in err
        no_traceback(err)
    assert db_snapshot(demo_dir / "qingfeng.db") == before


def test_automatic_daily_backup(site_dir, capsys):
    code, out, err = run(capsys, "backup", "--auto", "--data-dir", site_dir, "--json")
    assert code == 0, err
    first = json.loads(out)
    assert first["made"] and first["backup"].endswith("自动备份-330226101-2026-11-24.qfbak")
    code, out, _ = run(capsys, "backup", "--auto", "--data-dir", site_dir, "--json")
    assert json.loads(out)["made"] is False  # once a day


def test_restore_into_a_new_empty_data_dir(demo_dir, tmp_path, capsys):
    """The PC died: a new data dir gets the database, the attachments and the documents back."""
    code, out, err = run(capsys, "backup", "--out", tmp_path / "U盘", "--data-dir", demo_dir, "--json")
    made = json.loads(out)["backup"]
    new = tmp_path / "新电脑"
    code, out, err = run(capsys, "restore", made, "--data-dir", new)
    assert code == 0, err
    assert "清溪镇（330226101）" in out
    files = sorted(p.relative_to(demo_dir) for p in (demo_dir / "attachments").rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(new) for p in (new / "attachments").rglob("*") if p.is_file())
    code, out, _ = run(capsys, "info", "--data-dir", new, "--json")
    assert json.loads(out)["counts"]["problem"] > 0
    con = sqlite3.connect(new / "qingfeng.db")
    assert con.execute("SELECT count(*) FROM audit_log WHERE action = '恢复备份'").fetchone()[0] == 1
    con.close()
