"""Excel export of the problem ledger (DOMAIN §8.3) and import of a messy legacy ledger."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from desktop.core.errors import ImportFileError
from desktop.core.progress import drain
from desktop.core.services.problems import ledger_io
from desktop.core.services.problems import query as problem_query
from desktop.core.services.problems import records as problems
from desktop.core.services.workbench import today as workbench
from tests.conftest import db_snapshot
from tests.core.problem_helpers import assigned, closed, new_problem, village
from tests.fixtures.messy_ledger import GOOD_ROWS, write_empty, write_merged_header, write_messy_ledger


@pytest.fixture
def messy(ctx, tmp_path):
    village(ctx, "青石村")
    village(ctx, "石门村")
    return write_messy_ledger(tmp_path / "旧台账.xlsx", "青石村", "石门")


def test_export_has_known_headers_real_dates_and_status_fill(ctx, tmp_path):
    a = closed(ctx, tmp_path)
    b = new_problem(ctx)
    problems.transition(ctx, b["id"], "交办", requirement="x", deadline="2026-11-20")
    out = tmp_path / "台账.xlsx"
    assert drain(ledger_io.export_problems(ctx, out)) == 2
    ws = load_workbook(out).active
    headers = [c.value for c in ws[1]]
    for h in ("序号", "问题编号", "发现时间", "问题来源", "所属村(单位)", "问题类别", "问题描述", "责任人", "处置方式",
              "整改要求", "整改时限", "文书编号", "整改措施", "整改进展", "反馈日期", "佐证材料", "审核意见", "销号日期",
              "回头看日期/结果", "追回资金(元)", "建章立制(项)", "状态", "备注"):
        assert h in headers, h
    assert ws.freeze_panes == "A2"
    col = {h: i for i, h in enumerate(headers)}
    row_a, row_b = [list(r) for r in ws.iter_rows(min_row=2, max_row=3)]
    assert row_a[col["问题编号"]].value == a["no"]
    assert row_a[col["发现时间"]].is_date and row_a[col["销号日期"]].is_date
    assert row_a[col["状态"]].value == "已销号（蓝）" and row_a[col["佐证材料"]].value == "1 份"
    assert row_a[col["状态"]].fill.fgColor.rgb == "FFDDEBF7"
    assert row_b[col["状态"]].value == "已交办（红）" and row_b[col["状态"]].fill.fgColor.rgb == "FFF4CCCC"
    assert ws.column_dimensions["H"].width > 30  # 问题描述 is wide


def test_export_respects_filters(ctx, tmp_path):
    assigned(ctx)
    new_problem(ctx)
    out = tmp_path / "x.xlsx"
    assert drain(ledger_io.export_problems(ctx, out, {"status": "已交办"})) == 1


def test_dry_run_reports_per_row_and_writes_nothing(ctx, messy):
    before = db_snapshot(ctx.db.path)
    r = ledger_io.import_problems(ctx, messy)
    assert db_snapshot(ctx.db.path) == before
    assert r["header_row"] == 2 and r["mapping"]["description"] == "存在问题" and r["mapping"]["unit"] == "村别"
    assert r["mapping"]["no"] == "编号" and r["mapping"]["found_date"] == "发现日期"
    assert len(r["accepted"]) == GOOD_ROWS
    reasons = {(x["row"], x["column"]): x["reason"] for x in r["rejected"]}
    assert "不在目录" in reasons[(6, "问题类别")]
    assert "与第 3 行重复" in reasons[(7, "编号")]
    assert "不是可识别的日期" in reasons[(8, "发现日期")]
    assert "不在名册" in reasons[(9, "村别")]
    assert "早于发现日期" in reasons[(11, "整改期限")]
    assert "不在目录" in reasons[(10, "问题类别")]
    assert r["unknown_categories"] == {"土地管理": [6], "财务": [10]}
    assert r["category_suggestions"]["财务"] == ["村级财务"]
    by_row = {a["row"]: a for a in r["accepted"]}
    assert by_row[3]["status"] == "已销号" and by_row[4]["status"] == "整改中" and by_row[12]["status"] == "整改中"


def test_import_then_reimport_creates_no_duplicates(ctx, messy):
    r = ledger_io.import_problems(ctx, messy, dry_run=False, category_map={"财务": "村级财务", "土地管理": "集体“三资”"})
    assert r["written"] == GOOD_ROWS + 2
    # imported problems are numbered in this township's own sequence; the sheet's number is kept as 原编号
    no_of = {a["original_no"]: a["no"] for a in r["accepted"]}
    assert no_of == {"2025-101": "2025-001", "2025-102": "2025-002", "2025-103": "2025-003",
                     "2025-107": "2025-004", "2025-109": "2025-005"}
    p = problems.get_problem(ctx, "2025-001")
    assert p["original_no"] == "2025-101" and p["import_key"] == "no:2025-101"
    assert p["status"] == "已销号" and p["found_date"] == "2025-03-05" and p["closed_date"] == "2025-05-06"
    assert p["deadline"] == "2025-04-30" and p["money_recovered"] == 3200.0 and p["people_names"] == "张三、李四"
    assert p["source"] == "自主" and p["revisit_due"] == "2025-08-06" and p["events"][0]["action"] == "导入"
    assert problems.get_problem(ctx, "2025-002")["source"] == "信访"
    assert problems.get_problem(ctx, "2025-004")["category"] == "村级财务"
    assert problems.get_problem(ctx, "2025-004")["source"] == "巡察/审计移交"
    total = problem_query.count_problems(ctx)
    again = ledger_io.import_problems(ctx, messy, dry_run=False)
    # rows 6 and 10 were imported with mapped categories: on re-import they are "already imported", not category
    # errors, although no category map is given this time; row 7 repeats row 3's number within the sheet
    assert again["written"] == 0 and len(again["skipped"]) == GOOD_ROWS + 2
    assert again["unknown_categories"] == {} and {6, 10} <= {x["row"] for x in again["skipped"]}
    assert not [x for x in again["rejected"] if x["column"] == "问题类别"]
    assert "与第 3 行重复" in {x["row"]: x["reason"] for x in again["rejected"]}[7]
    assert len(again["accepted"]) + len(again["rejected"]) + len(again["skipped"]) == again["data_rows"] == 9
    assert problem_query.count_problems(ctx) == total
    assert new_problem(ctx, found_date="2025-12-01")["no"] == "2025-006"  # numbering continues after imports


def test_real_import_backs_up_first_dry_run_does_not(ctx, messy):
    import sqlite3

    folder = ctx.data.sub("backups")
    ledger_io.import_problems(ctx, messy)
    assert list(folder.glob("导入前备份-*.db")) == []
    r = ledger_io.import_problems(ctx, messy, dry_run=False)
    assert r["written"] == GOOD_ROWS and [str(p) for p in folder.glob("导入前备份-问题台账-*.db")] == [r["backup"]]
    con = sqlite3.connect(r["backup"])
    try:
        assert con.execute("SELECT count(*) FROM problem").fetchone() == (0,)  # taken before the import
    finally:
        con.close()


def test_manual_header_override(ctx, messy):
    r = ledger_io.import_problems(ctx, messy, overrides={"description": "备注"})
    assert r["mapping"]["description"] == "备注"


def test_structural_problems_are_refused_in_chinese(ctx, tmp_path):
    before = db_snapshot(ctx.db.path)
    with pytest.raises(ImportFileError, match="合并单元格"):
        ledger_io.import_problems(ctx, write_merged_header(tmp_path / "merged.xlsx"), dry_run=False)
    with pytest.raises(ImportFileError, match="空的"):
        ledger_io.import_problems(ctx, write_empty(tmp_path / "empty.xlsx"), dry_run=False)
    foreign = tmp_path / "foreign.xlsx"
    foreign.write_text("不是表格", encoding="utf-8")
    with pytest.raises(ImportFileError, match="不是有效的 Excel"):
        ledger_io.import_problems(ctx, foreign, dry_run=False)
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["商品", "单价", "数量"])
    wb.active.append(["铅笔", 1.5, 10])
    wb.save(tmp_path / "sales.xlsx")
    with pytest.raises(ImportFileError, match="表头"):
        ledger_io.import_problems(ctx, tmp_path / "sales.xlsx", dry_run=False)
    wb = Workbook()
    wb.active.append(["问题描述", "备注"])
    wb.active.append(["只有描述", None])
    wb.save(tmp_path / "partial.xlsx")
    with pytest.raises(ImportFileError, match="必需的列"):
        ledger_io.import_problems(ctx, tmp_path / "partial.xlsx", dry_run=False)
    assert db_snapshot(ctx.db.path) == before


def test_chase_list_export(ctx, tmp_path):
    a = new_problem(ctx)
    problems.transition(ctx, a["id"], "交办", requirement="限期补齐", deadline="2026-11-20")
    b = new_problem(ctx, unit_id=village(ctx, "石门村")["id"])
    problems.transition(ctx, b["id"], "交办", requirement="公开", deadline="2026-12-01")
    assigned(ctx)  # not due within tiers
    out = tmp_path / "催办单.xlsx"
    assert workbench.export_chase_list(ctx, out) == 2
    ws = load_workbook(out).active
    assert "催办单" in ws["A1"].value and ws["A2"].value == "序号"
    assert workbench.export_chase_list(ctx, tmp_path / "one.xlsx", unit_id=b["unit_id"]) == 1
    assert "石门村" in load_workbook(tmp_path / "one.xlsx").active["A1"].value
