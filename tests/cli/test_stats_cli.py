"""CLI: qingfeng stats (figures, --by, drill, survey) and qingfeng report, on the fixture of known counts."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core.services.org.context import open_context
from tests.conftest import db_snapshot, fixed_clock
from tests.core import stats_helpers


@pytest.fixture
def stats_dir(site_dir, tmp_path):
    ctx = open_context(site_dir, clock=fixed_clock())
    try:
        ids = stats_helpers.build(ctx, tmp_path)
    finally:
        ctx.close()
    return site_dir, ids


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_stats_json_figures_and_breakdown(stats_dir, capsys):
    d, ids = stats_dir
    assert main(["stats", "--period", "2026Q3", "--by", "village", "--json", "--data-dir", str(d)]) == 0
    data = _json(capsys)
    assert data["period"] == "2026Q3"
    s4 = next(f for f in data["figures"] if f["code"] == "S4")
    assert s4 == {**s4, "name": "发现问题数", "unit": "个", "value": 4, "yoy": 300.0, "mom": None}
    assert next(f for f in data["figures"] if f["code"] == "M1")["value"] == 0.08
    rows = {r["name"]: r for r in data["breakdown"]["rows"]}
    assert rows["青石村"]["S4"] == 2 and rows["红旗社区（已停用）"]["S4"] == 1


def test_stats_text_units_and_errors(stats_dir, capsys):
    d, _ = stats_dir
    assert main(["stats", "--period", "2026Q3", "--units", "青石村", "--data-dir", str(d)]) == 0
    out = capsys.readouterr().out
    assert "单位：青石村" in out and "发现问题数" in out
    assert main(["stats", "--period", "2026Q9", "--data-dir", str(d)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "无法识别" in err
    assert main(["stats", "--period", "2026Q3", "--units", "不存在村", "--data-dir", str(d)]) == 1
    assert "找不到单位" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["stats", "--period", "2026Q3", "--by", "nonsense", "--data-dir", str(d)])
    assert usage.value.code == 2


def test_stats_drill_lists_the_records(stats_dir, capsys):
    d, ids = stats_dir
    assert main(["stats", "drill", "S5", "--period", "2026Q3", "--json", "--data-dir", str(d)]) == 0
    data = _json(capsys)
    assert data["value"] == 2 and {r["id"] for r in data["records"]} == {ids["P3"], ids["P4"]}
    assert main(["stats", "drill", "T4", "--period", "2026Q3", "--data-dir", str(d)]) == 0
    out = capsys.readouterr().out
    assert "诫勉：张三" in out and "共 2 条记录" in out and "1 人" in out
    assert main(["stats", "drill", "S5R", "--period", "2026Q3", "--json", "--data-dir", str(d)]) == 0
    data = _json(capsys)
    assert sorted(r["counted"] for r in data["records"]) == [False, True]
    assert main(["stats", "drill", "XX9", "--period", "2026Q3", "--data-dir", str(d)]) == 1


def test_survey_add_refuses_bad_input_and_changes_nothing(stats_dir, capsys):
    d, _ = stats_dir
    before = db_snapshot(d / "qingfeng.db")
    assert main(["stats", "survey", "add", "--unit", "东岭村", "--date", "2026-09-01", "--respondents", "5",
                 "--satisfied", "9", "--data-dir", str(d)]) == 1
    assert "不能多于受访人数" in capsys.readouterr().err
    assert db_snapshot(d / "qingfeng.db") == before
    assert main(["stats", "survey", "add", "--unit", "东岭村", "--date", "2026-09-01", "--respondents", "10",
                 "--satisfied", "10", "--json", "--data-dir", str(d)]) == 0
    sid = _json(capsys)["id"]
    assert main(["stats", "--period", "2026Q3", "--json", "--data-dir", str(d)]) == 0
    assert next(f for f in _json(capsys)["figures"] if f["code"] == "P1")["value"] == 92.5
    assert main(["stats", "survey", "list", "--period", "2026Q3", "--json", "--data-dir", str(d)]) == 0
    assert len(_json(capsys)) == 3
    assert main(["stats", "survey", "delete", sid, "--data-dir", str(d)]) == 0


def test_report_writes_workbook_docx_pdf(stats_dir, tmp_path, capsys):
    d, _ = stats_dir
    out = tmp_path / "报表"
    assert main(["report", "--period", "2026Q3", "--out", str(out), "--data-dir", str(d)]) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert len(printed) == 3 and {p.rsplit(".", 1)[1] for p in printed} == {"xlsx", "docx", "pdf"}
    from pathlib import Path

    assert all(Path(p).exists() for p in printed)
