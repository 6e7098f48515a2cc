"""CLI: qingfeng checklist export/import and qingfeng check list/coverage."""

from __future__ import annotations

import json

from openpyxl import Workbook

from desktop.cli import main
from tests.conftest import db_snapshot


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_checklist_export_then_dry_run_import(site_dir, tmp_path, capsys):
    out = tmp_path / "清单.xlsx"
    assert main(["checklist", "export", "--out", str(out), "--data-dir", str(site_dir), "--json"]) == 0
    assert _json(capsys) == {"file": str(out), "items": 58}
    before = db_snapshot(site_dir / "qingfeng.db")
    assert main(["checklist", "import", str(out), "--dry-run", "--data-dir", str(site_dir)]) == 1
    assert "已有同名清单" in capsys.readouterr().err
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_checklist_import_and_errors(site_dir, tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "清单类型", "领域/类别", "监督内容", "检查要点", "年度", "下发单位/文号"])
    ws.append(["Q-01", "共性化", "三务公开", "公开是否及时", "每季度公开", 2026, "区纪委监委 区纪发〔2026〕5号"])
    ws.append(["Q-02", "共性化", "村级财务", "票据是否合规", "无白条", 2026, "区纪委监委 区纪发〔2026〕5号"])
    good = tmp_path / "区清单.xlsx"
    wb.save(good)
    assert main(["checklist", "import", str(good), "--dry-run", "--json", "--data-dir", str(site_dir)]) == 0
    data = _json(capsys)
    assert data["written"] is False and data["items"] == 2 and data["lists"][0]["read_only"] is True
    assert main(["checklist", "import", str(good), "--data-dir", str(site_dir)]) == 0
    assert "已导入：1 份清单，2 个检查事项" in capsys.readouterr().out
    ws.append(["Q-02", "共性化", "村级财务", "重复", "x", 2026, ""])
    ws.cell(1, 1).value = "备注"
    bad = tmp_path / "坏.xlsx"
    wb.save(bad)
    before = db_snapshot(site_dir / "qingfeng.db")
    assert main(["checklist", "import", str(bad), "--data-dir", str(site_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：表头中找不到必需的列：编号（或序号）") and "Traceback" not in err
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_check_list_and_coverage_on_demo_data(demo_dir, capsys):
    assert main(["check", "list", "--json", "--data-dir", str(demo_dir)]) == 0
    rows = _json(capsys)
    assert len(rows) >= 50 and {r["status"] for r in rows} == {"草稿", "已完成"}
    unit = rows[0]["unit_ids"][0]
    assert main(["check", "list", "--unit", unit, "--json", "--data-dir", str(demo_dir)]) == 0
    mine = _json(capsys)
    assert mine and all(unit in r["unit_ids"] for r in mine)
    assert main(["check", "coverage", "--period", "2026Q3", "--json", "--data-dir", str(demo_dir)]) == 0
    cov = _json(capsys)
    assert cov["period"] == "2026Q3" and cov["checked"] + cov["unchecked"] + cov["not_required"] == len(cov["rows"])
    assert main(["check", "coverage", "--period", "2026Q3", "--data-dir", str(demo_dir)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2026年第三季度（2026-07-01 至 2026-09-30）：已覆盖")
    unchecked = [r["unit_name"] for r in cov["rows"] if r["status"] == "未覆盖"]
    for name in unchecked:
        assert f"✗ {name}" in text


def test_check_errors_are_one_chinese_line(demo_dir, capsys):
    assert main(["check", "coverage", "--period", "2026Q9", "--data-dir", str(demo_dir)]) == 1
    assert capsys.readouterr().err.strip().startswith("错误：期间“2026Q9”无法识别")
    assert main(["check", "list", "--unit", "nope", "--data-dir", str(demo_dir)]) == 1
    assert "找不到单位" in capsys.readouterr().err
    try:
        main(["check", "coverage", "--data-dir", str(demo_dir)])
    except SystemExit as exc:
        assert exc.code == 2
