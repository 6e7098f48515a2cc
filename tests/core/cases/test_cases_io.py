"""Legacy 问题线索处置台账 import (header matching, dry run, row reasons, 序号 never drops a row) and export."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from desktop.core.errors import PermissionDenied
from desktop.core.services.cases import io, leads
from tests.conftest import db_snapshot
from tests.core.case_helpers import as_role, registry

HEAD = ["序号", "线索编号", "受理日期", "来源", "举报人", "被反映人", "所在单位", "职务", "反映问题", "处置方式",
        "排查时间", "办理结果", "办结时间", "备注"]


def _sheet(tmp_path, rows, head=HEAD):
    wb = Workbook()
    ws = wb.active
    ws.append(["某镇问题线索处置台账（2026年）"])
    ws.append(head)
    for r in rows:
        ws.append(r)
    path = tmp_path / "旧线索台账.xlsx"
    wb.save(path)
    return path


ROWS = [
    [1, "2026-01", date(2026, 3, 2), "信访举报", "匿名", "张伟", "青石村", "一肩挑", "反映违规发放误工补贴", "初步核实",
     "2026-03-05", "部分属实", "2026-05-30", ""],
    [1, None, "2026-04-01", "电话", "王某", "李红、钱某", "青石村", "会计", "报账白条入账", "谈话函询", "2026-04-03", None,
     None, "序号与上一行重复"],
    [3, "2026-03", "2026-13-01", "来信", None, "周某", "镇农办", "科员", "日期错误的行", None, None, None, None, ""],
    [4, "2026-04", "2026-05-01", "来信", None, "", "", "", "没有被反映人", None, None, None, None, ""],
    [5, "2026-05", "2026-05-08", "来访", None, "吴某", "白石村", "文书", "处置早于受理", "予以了结", "2026-05-01", None,
     None, ""],
]


def test_io_dry_run_reports_rows_and_writes_nothing(ctx, site_dir, tmp_path):
    registry(ctx)
    path = _sheet(tmp_path, ROWS)
    before = db_snapshot(site_dir / "qingfeng.db")
    report = io.import_leads(ctx, path, dry_run=True)
    assert db_snapshot(site_dir / "qingfeng.db") == before
    assert report.header_row == 2 and report.mapping["reporter"] == "举报人"
    assert [a["row"] for a in report.accepted] == [3, 4]  # the repeated 序号 drops nothing
    reasons = {r["row"]: r["message"] for r in report.rejected}
    assert set(reasons) == {5, 6, 7}
    assert "受理日期" in reasons[5] and "缺少被反映人" in reasons[6] and "不能早于受理日期" in reasons[7]


def test_io_import_then_reimport_skips_by_number_and_export_hides_reporter(ctx, tmp_path):
    reg = registry(ctx)
    path = _sheet(tmp_path, ROWS[:2])
    report = io.import_leads(ctx, path, dry_run=False)
    assert report.written == 2 and report.backup
    got = {x["no"]: x for x in leads.list_leads(ctx)}
    first = got["2026-01"]
    assert first["status"] == "初步核实" and first["due_date"] is None
    assert first["subjects"][0]["person_id"] == reg["zhang"]["id"]
    second = next(x for no, x in got.items() if no != "2026-01")
    assert [p["name"] for p in second["subjects"]] == ["李红", "钱某"] and second["status"] == "谈话函询"
    assert leads.get_lead(ctx, second["id"], with_reporter=True).reporter["name"] == "王某"
    again = io.import_leads(ctx, path, dry_run=False)
    assert [s["no"] for s in again.skipped] == ["2026-01"] and len(again.accepted) == 1  # no number: a new lead
    out = tmp_path / "导出.xlsx"
    assert io.export_leads(ctx, out) == 3
    ws = load_workbook(out).active
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert "王某" not in cells and "实名" in cells and "匿名" in cells
    assert [c.value for c in ws[1]][:6] == ["序号", "线索编号", "受理时间", "线索来源", "反映人", "被反映人"]


def test_io_reporter_column_refused_for_roles_that_may_not_see(ctx, site_dir, tmp_path):
    registry(ctx)
    path = _sheet(tmp_path, ROWS[:1])
    as_role(ctx, "工作人员")
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(PermissionDenied, match="导入文件含“举报人”列（反映人信息）.*未导入任何数据"):
        io.import_leads(ctx, path, dry_run=False)
    assert db_snapshot(site_dir / "qingfeng.db") == before
    with pytest.raises(PermissionDenied):
        io.export_leads(ctx, tmp_path / "x.xlsx")
