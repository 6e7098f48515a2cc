"""The `qingfeng` command: init/info/demo/backup/restore/registry, and every kind of bad input."""

from __future__ import annotations

import json
import sqlite3

import pytest
from openpyxl import Workbook

from desktop.cli import main
from desktop.core.store import migrate
from tests.conftest import db_snapshot


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def no_traceback(err: str) -> None:
    assert "Traceback" not in err


def test_init_info_json(tmp_path, capsys):
    d = tmp_path / "d"
    code, out, err = run(capsys, "init", "--data-dir", d, "--role", "township", "--site-code", "330226101",
                         "--site-name", "清溪镇", "--capacity", "纪律检查", "--capacity", "监察", "--json")
    assert code == 0, err
    assert json.loads(out)["site"]["full_name"] == "中共清溪镇纪律检查委员会"
    fingerprint = json.loads(out)["key_fingerprint"]  # a township gets its signing key at init (issue 7)
    assert fingerprint and len(fingerprint.replace("-", "")) >= 16
    code, out, _ = run(capsys, "sync", "keys", "--data-dir", d, "--json")
    assert code == 0 and fingerprint in out
    code, out, _ = run(capsys, "info", "--data-dir", d, "--json")
    info = json.loads(out)
    assert code == 0 and info["site"]["site_code"] == "330226101" and info["counts"]["app_user"] == 1
    assert info["schema_version"] == migrate.latest_version()


def test_demo_and_registry_export_import(demo_dir, tmp_path, capsys):
    out_file = tmp_path / "人员.xlsx"
    code, out, err = run(capsys, "registry", "export", "--kind", "people", "--out", out_file, "--data-dir", demo_dir)
    assert code == 0, err
    assert out_file.exists() and "已导出人员 80 条" in out
    before = db_snapshot(demo_dir / "qingfeng.db")
    code, out, err = run(capsys, "--data-dir", demo_dir, "registry", "import", out_file, "--kind", "people", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["written"] and data["result"] == {"新增": 0, "更新": 0, "不变": 80}
    assert db_snapshot(demo_dir / "qingfeng.db")["person"] == before["person"]


def test_registry_import_dry_run_reports_rows(site_dir, tmp_path, capsys):
    wb = Workbook()
    for r in (["单位名称", "类型"], ["青石村", "行政村"], ["", "社区"], ["柳溪村", "火星"]):
        wb.active.append(r)
    wb.save(tmp_path / "u.xlsx")
    before = db_snapshot(site_dir / "qingfeng.db")
    code, out, err = run(capsys, "registry", "import", tmp_path / "u.xlsx", "--kind", "units", "--dry-run",
                         "--data-dir", site_dir)
    assert code == 1
    assert "第 3 行“单位名称”列" in out and "第 4 行“类型”列" in out and "未导入任何数据" in err
    assert db_snapshot(site_dir / "qingfeng.db") == before
    code, out, err = run(capsys, "registry", "import", tmp_path / "u.xlsx", "--kind", "units", "--data-dir", site_dir)
    assert code == 1 and db_snapshot(site_dir / "qingfeng.db") == before


def test_registry_import_chosen_rows_only(site_dir, tmp_path, capsys):
    wb = Workbook()
    for r in (["单位名称", "类型"], ["青石村", "行政村"], ["坏行", "火星"], ["柳溪村", "行政村"]):
        wb.active.append(r)
    wb.save(tmp_path / "u.xlsx")
    code, out, err = run(capsys, "registry", "import", tmp_path / "u.xlsx", "--kind", "units", "--rows", "2,4",
                         "--data-dir", site_dir, "--json")
    assert code == 0, err
    assert json.loads(out)["result"] == {"新增": 2, "更新": 0, "不变": 0}
    with pytest.raises(SystemExit) as exc:
        main(["registry", "import", str(tmp_path / "u.xlsx"), "--kind", "units", "--rows", "x"])
    assert exc.value.code == 2 and "行号" in capsys.readouterr().err


def test_backup_and_restore(demo_dir, tmp_path, capsys):
    code, out, err = run(capsys, "backup", "--out", tmp_path / "bk", "--data-dir", demo_dir, "--json")
    assert code == 0, err
    backup = json.loads(out)["backup"]
    con = sqlite3.connect(demo_dir / "qingfeng.db")
    con.execute("UPDATE person SET name = '改过' WHERE rowid = 1")
    con.commit()
    con.close()
    code, out, err = run(capsys, "restore", backup, "--data-dir", demo_dir)
    assert code == 0, err and "原数据库已另存为" in out
    con = sqlite3.connect(demo_dir / "qingfeng.db")
    assert con.execute("SELECT count(*) FROM person WHERE name = '改过'").fetchone()[0] == 0


# ------------------------------------------------------------------ bad input: message, exit code, nothing changed

def test_bad_site_code(tmp_path, capsys):
    d = tmp_path / "new"
    code, _, err = run(capsys, "init", "--data-dir", d, "--role", "township", "--site-code", "3302261",
                       "--site-name", "清溪镇")
    assert code == 1 and "行政区划代码“3302261”不正确" in err
    no_traceback(err)
    assert not d.exists()


def test_usage_error_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["init", "--data-dir", str(tmp_path), "--role", "village"])
    assert exc.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_registry_without_action_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["registry"])
    assert exc.value.code == 2 and "用法错误" in capsys.readouterr().err


def test_duplicate_unit_via_import(site_dir, tmp_path, capsys):
    from desktop.core.services.org.context import open_context
    from desktop.core.services.registry import units

    ctx = open_context(site_dir)
    units.create(ctx, {"name": "青石村", "type": "行政村", "admin_code": "330226101201"})
    ctx.close()
    wb = Workbook()
    for r in (["单位名称", "类型", "区划代码"], ["柳溪村", "行政村", "330226101202"],
              ["白沙村", "行政村", "330226101209"], ["白沙村", "行政村", "330226101209"]):
        wb.active.append(r)
    wb.save(tmp_path / "u.xlsx")
    before = db_snapshot(site_dir / "qingfeng.db")
    code, out, err = run(capsys, "registry", "import", tmp_path / "u.xlsx", "--kind", "units", "--data-dir", site_dir)
    assert code == 1 and "与第 3 行重复" in out
    no_traceback(err)
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_duplicate_unit_in_service_names_the_field(ctx):
    from desktop.core.errors import Duplicate
    from desktop.core.services.registry import units

    units.create(ctx, {"name": "青石村", "type": "行政村"})
    before = db_snapshot(ctx.db.path)
    with pytest.raises(Duplicate, match="已有名为“青石村”的单位") as exc:
        units.create(ctx, {"name": "青石村", "type": "行政村"})
    assert exc.value.field == "name"
    assert db_snapshot(ctx.db.path) == before


@pytest.mark.parametrize("content,msg", [(b"\x00\x01not a zip", "不是有效的 Excel"),
                                         (b"PK\x03\x04\x14\x00broken zip", "不是有效的 Excel")])
def test_broken_xlsx(site_dir, tmp_path, capsys, content, msg):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    before = db_snapshot(site_dir / "qingfeng.db")
    code, _, err = run(capsys, "registry", "import", bad, "--kind", "units", "--data-dir", site_dir)
    assert code == 1 and msg in err
    no_traceback(err)
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_foreign_xlsx(site_dir, tmp_path, capsys):
    wb = Workbook()
    wb.active.append(["凭证号", "金额", "摘要"])
    wb.active.append(["记-001", 120.5, "办公用品"])
    wb.save(tmp_path / "账.xlsx")
    before = db_snapshot(site_dir / "qingfeng.db")
    code, _, err = run(capsys, "registry", "import", tmp_path / "账.xlsx", "--kind", "people", "--data-dir", site_dir)
    assert code == 1 and "表头" in err
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_text_file_posing_as_database(tmp_path, capsys):
    db = tmp_path / "qingfeng.db"
    db.write_text("我只是一个文本文件\n" * 50, encoding="utf-8")
    before = db.read_bytes()
    for argv in (["info"], ["backup", "--out", tmp_path / "b"], ["registry", "export", "--kind", "units",
                                                                  "--out", tmp_path / "x.xlsx"]):
        code, _, err = run(capsys, *argv, "--data-dir", tmp_path)
        assert code == 1 and "不是清风台账的数据库文件" in err
        no_traceback(err)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qingfeng.db"]


def test_database_from_newer_version(site_dir, capsys):
    path = site_dir / "qingfeng.db"
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {migrate.latest_version() + 1}")
    con.close()
    before = path.read_bytes()
    code, _, err = run(capsys, "info", "--data-dir", site_dir)
    assert code == 1 and "较新版本" in err and "请升级软件" in err
    assert path.read_bytes() == before


def test_read_only_new_data_dir(capsys):
    # We run as root, so chmod cannot make a folder unwritable. /proc is a kernel filesystem in which nobody,
    # root included, can create folders or files: an honest "cannot write here" that needs no monkeypatching.
    code, _, err = run(capsys, "init", "--data-dir", "/proc/self/qingfeng-data", "--role", "township",
                       "--site-code", "330226101", "--site-name", "清溪镇")
    assert code == 1 and "数据目录不可写" in err
    no_traceback(err)


def test_read_only_existing_data_dir(site_dir, capsys, monkeypatch):
    # An existing data dir cannot be moved under /proc, and root ignores file modes; so we make the access
    # probe answer "not writable" as it would for a normal user on a read-only folder or medium.
    import desktop.core.store.engine as engine

    real = engine.os.access
    monkeypatch.setattr(engine.os, "access", lambda p, mode: False if mode == engine.os.W_OK else real(p, mode))
    before = db_snapshot(site_dir / "qingfeng.db")
    code, _, err = run(capsys, "info", "--data-dir", site_dir)
    assert code == 1 and "数据目录不可写" in err
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_second_instance(site_dir, capsys):
    from desktop.core.store.lock import InstanceLock

    before = db_snapshot(site_dir / "qingfeng.db")
    with InstanceLock(site_dir):
        for argv in (["info"], ["restore", site_dir / "qingfeng.db"]):
            code, _, err = run(capsys, *argv, "--data-dir", site_dir)
            assert code == 1 and "已在使用这个数据目录" in err
            no_traceback(err)
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_export_to_unwritable_place(demo_dir, capsys):
    code, _, err = run(capsys, "registry", "export", "--kind", "units", "--out", "/proc/self/单位.xlsx",
                       "--data-dir", demo_dir)
    assert code == 1 and "无法写入" in err
    no_traceback(err)
