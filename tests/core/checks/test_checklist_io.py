"""Checklists to and from .xlsx (DOMAIN §8.2): round trip, 共性 read-only, bad files refused untouched."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from desktop.core.errors import ImportFileError, ValidationError
from desktop.core.services.checks import checklist_io, checklists
from tests.conftest import db_snapshot

HEADERS = ["序号", "编号", "清单类型", "领域/类别", "监督内容", "检查要点", "依据", "检查方式", "频次", "适用对象",
           "下发单位/文号", "年度"]


def _sheet(path, rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _row(code, kind="共性化", subject="村务公开是否及时"):
    return [1, code, kind, "三务公开", subject, "每季度公开\n公开内容完整", "《村务公开民主管理工作规定》",
            "实地查看", "每季度", "行政村、社区", "区纪委监委党风政风监督室 区纪发〔2026〕5号", 2026]


def test_export_has_the_8_2_columns_and_reimports(ctx, tmp_path):
    out = tmp_path / "清单.xlsx"
    assert checklist_io.export_xlsx(ctx, out) == 58
    wb = load_workbook(out)
    ws = wb.active
    headers = [c.value for c in ws[1]]
    for h in HEADERS:
        assert h in headers
    assert ws.freeze_panes == "A2"
    with pytest.raises(ValidationError, match="已有同名清单"):
        checklist_io.read_xlsx(ctx, out)
    for r in range(2, ws.max_row + 1):
        ws.cell(r, headers.index("清单名称") + 1).value = "2027年区共性清单"
    wb.save(out)
    result = checklist_io.import_xlsx(ctx, out)
    assert [(x.title, x.kind, len(x.items)) for x in result.lists] == [("2027年区共性清单", "共性化", 58)]
    again = {i["code"]: i for i in checklists.list_items(ctx) if i["checklist_title"] == "2027年区共性清单"}
    orig = {i["code"]: i for i in checklists.list_items(ctx) if i["checklist_title"] != "2027年区共性清单"}
    for code, it in orig.items():
        for key in ("category", "subject", "check_points", "basis", "weight", "problem_type", "applies_to"):
            assert again[code][key] == it[key], (code, key)


def test_import_of_a_district_list_marks_it_common_and_read_only(ctx, tmp_path):
    path = _sheet(tmp_path / "区清单.xlsx", [_row("Q-01"), _row("Q-02", subject="财务公开")])
    dry = checklist_io.import_xlsx(ctx, path, dry_run=True)
    assert not dry.written and len(checklists.list_checklists(ctx)) == 1
    assert list(ctx.data.sub("backups").glob("导入前备份-*.db")) == []  # a dry run takes no backup
    result = checklist_io.import_xlsx(ctx, path)
    assert result.written
    assert len(list(ctx.data.sub("backups").glob("导入前备份-清单-*.db"))) == 1  # the import backed up first
    cl = [c for c in checklists.list_checklists(ctx) if c["title"] != "村级小微权力监督检查清单（默认）"][0]
    assert (cl["kind"], cl["read_only"], cl["source_doc"], cl["issued_by"], cl["item_count"]) == (
        "共性化", True, "区纪发〔2026〕5号", "区纪委监委党风政风监督室", 2)
    items = checklists.list_items(ctx, cl["id"])
    assert items[0]["check_points"] == "每季度公开\n公开内容完整"


def test_missing_columns_are_refused_untouched(ctx, site_dir, tmp_path):
    path = _sheet(tmp_path / "缺列.xlsx", [["Q-01", "三务公开", "x"]], headers=["编号", "领域/类别", "备注"])
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ImportFileError, match="找不到必需的列：清单类型、监督内容、检查要点、年度"):
        checklist_io.import_xlsx(ctx, path)
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_duplicate_codes_are_refused_untouched(ctx, site_dir, tmp_path):
    path = _sheet(tmp_path / "重复.xlsx", [_row("Q-01"), _row("Q-02"), _row("Q-01", subject="重复的")])
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match="第 4 行“编号”列：编号“Q-01”与第 2 行重复"):
        checklist_io.import_xlsx(ctx, path)
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_bad_cells_are_listed_and_nothing_written(ctx, site_dir, tmp_path):
    bad = _row("Q-02")
    bad[2] = "随便"
    path = _sheet(tmp_path / "坏.xlsx", [_row("Q-01"), bad])
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(ValidationError, match="第 3 行“清单类型”列"):
        checklist_io.import_xlsx(ctx, path)
    assert db_snapshot(site_dir / "qingfeng.db") == before
