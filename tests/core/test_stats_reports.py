"""The report workbook (sheets in district-form layout, native charts, print set-up), the written report (the
editable template's narrative with zero figures left out, tables, charts) and the district's township view."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from desktop.core.progress import drain
from desktop.core.services.org.context import open_context
from desktop.core.services.stats import report, service, written
from tests.conftest import fixed_clock
from tests.core import stats_helpers
from tests.sync_helpers import *  # noqa: F403


@pytest.fixture(scope="module")
def built(tmp_path_factory, site_template):
    import shutil

    target = tmp_path_factory.mktemp("stats-report") / "data"
    shutil.copytree(site_template, target, ignore=shutil.ignore_patterns("qingfeng.lock"))
    ctx = open_context(target, clock=fixed_clock())
    stats_helpers.build(ctx, tmp_path_factory.mktemp("evidence"))
    paths = drain(report.write_all(ctx, "2026Q3", tmp_path_factory.mktemp("out"), maker="李明", checker="王书记"))
    yield ctx, paths
    ctx.close()


def test_workbook_sheets_layout_and_native_charts(built):
    _, paths = built
    wb = load_workbook(paths["xlsx"])
    assert wb.sheetnames == ["主要指标", "分村统计", "分类统计", "专题统计", "月度趋势", "四种形态"]
    ws = wb["主要指标"]
    assert ws["A1"].value.endswith("2026年第三季度纪检监察工作统计表")
    assert ws["A2"].value.startswith("填报单位：") and "统计期间：2026年第三季度" in ws.cell(2, 6).value
    assert [c.value for c in ws[3]][:5] == ["序号", "代码", "指标", "单位", "本期"]
    row = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "S4")
    assert row[4].value == 4 and row[7].value == 1 and row[8].value == 300.0
    foot = next(c.value for c in ws["A"] if isinstance(c.value, str) and c.value.startswith("制表人"))
    assert "李明" in foot and "审核人：王书记" in foot and "报送日期：2026年11月24日" in foot
    for name in wb.sheetnames:
        s = wb[name]
        assert s.page_setup.orientation == "landscape" and int(s.page_setup.paperSize) == 9  # A4
        assert s.print_title_rows == "$1:$3"
    kinds = {name: [type(c).__name__ for c in wb[name]._charts] for name in wb.sheetnames}
    assert kinds["分村统计"] == ["BarChart"] and kinds["分类统计"] == ["BarChart"]
    assert kinds["月度趋势"] == ["LineChart"] and kinds["四种形态"] == ["PieChart"]
    village = {r[0].value: r for r in wb["分村统计"].iter_rows(min_row=4) if r[0].value}
    assert village["青石村"][2].value == 2 and village["合计"][2].value == 4


def test_written_report_narrative_tables_and_charts(built):
    from docx import Document

    _, paths = built
    doc = Document(paths["docx"])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "纪检监察工作情况统计报告" in text
    assert "共开展监督检查3次，覆盖村（社区）3个，覆盖率100.0%" in text
    assert "发现问题4个，督促整改销号2个" in text and "整改率50.0%" in text
    assert "谈话提醒、约谈1人次，批评教育1人次，诫勉1人，函询1件次" in text   # 书面检查 0: left out
    assert "开展回访和满意度测评30人次，群众满意度90.0%。" in text and "追缴、清退、挽回资金0.08万元。" in text
    assert "书面检查" not in text and "督办函" not in text and "建议书" not in text
    assert not re.search(r"(?<![\d.])0(个|件|份|人|次|项|户)", text)   # a zero figure is never written
    assert "附件：1. 主要指标统计表" in text
    assert len(doc.tables) >= 4 and len(doc.inline_shapes) >= 4   # the charts as pictures
    assert paths["pdf"].read_bytes()[:5] == b"%PDF-"


def test_narrative_leaves_out_zero_clauses_sentences_and_empty_headings():
    tpl = ("@一 监督检查\n本期，全镇共开展检查${检查次数}次，覆盖村${覆盖村数}个；发现问题${发现问题数}个。\n"
           "@一 案件\n立案${立案数}件，结案${结案数}件。\n@署名 x\n")
    words = {"检查次数": "3", "覆盖村数": "", "发现问题数": "5", "立案数": "", "结案数": ""}
    out = written.narrative(tpl, words)
    assert "本期，全镇共开展检查3次；发现问题5个。" in out
    assert "案件" not in out and "立案" not in out and "@署名 x" in out


def test_district_breaks_down_by_township_with_submission_status(district_copy):  # noqa: F811
    ctx = open_context(district_copy, clock=fixed_clock())
    try:
        result = service.compute(ctx, "2026Q4", by="township")
        bd = result.breakdown
        names = dict(bd.keys)
        assert set(names.values()) >= {"清溪镇", "梅山镇", "白石乡"}
        with ctx.reader() as s:
            from sqlalchemy import text

            counts = dict(s.execute(text(
                "SELECT origin_site, count(*) FROM problem WHERE deleted_at IS NULL AND status <> '不予认定' "
                "AND found_date BETWEEN '2026-10-01' AND '2026-12-31' GROUP BY origin_site")).all())
        assert {k: v for k, v in bd.cells["S4"].items() if v} == counts
        assert result.figure("S4").value == sum(counts.values())
        data = report.collect(ctx, "2026Q4")
        subs = {names[k]: v for k, v in data.submissions.items()}
        assert subs["清溪镇"].startswith("已报送") and subs["梅山镇"].startswith("已报送") and subs["白石乡"] == "未报送"
        one = service.compute(ctx, "2026Q4", units="梅山镇")
        assert one.figure("S4").value == counts.get("330226102", 0)
    finally:
        ctx.close()


def test_workbook_writes_formula_like_names_as_text(ctx, tmp_path):
    import zipfile

    from desktop.core.services.registry import units
    from desktop.core.services.stats import workbook
    from tests.core.problem_helpers import new_problem

    evil = '=HYPERLINK("http://evil.example/x","点击查看")'
    u = units.create(ctx, {"name": evil, "type": "行政村"})
    new_problem(ctx, unit_id=u["id"], found_date="2026-08-01")
    path = workbook.write(report.collect(ctx, "2026Q3"), tmp_path / "统计表.xlsx")
    with zipfile.ZipFile(path) as z:
        formulas = [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]
    assert formulas == []
    names = {r[0].value for r in load_workbook(path)["分村统计"].iter_rows(min_row=4)}
    assert evil in names
