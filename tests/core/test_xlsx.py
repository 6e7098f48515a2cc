"""Shared Excel reading/writing."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from desktop.core.errors import ImportFileError
from desktop.core.xlsx import FieldSpec, XlsxColumn, parse_date_cell, read_table, write_table

FIELDS = [FieldSpec("name", "名称", ("单位名称", "村名"), required=True), FieldSpec("code", "区划代码", ("代码",))]


def test_write_then_read_roundtrip(tmp_path):
    path = tmp_path / "out.xlsx"
    cols = [XlsxColumn("名称", "name", 20), XlsxColumn("日期", "d", 12, "date")]
    write_table(path, "单位", cols, [{"name": "青石村", "d": "2026-03-05"}], fill=lambda r: "red")
    ws = load_workbook(path).active
    assert ws["A1"].value == "名称" and ws.freeze_panes == "A2"
    assert ws["B2"].value.date() == date(2026, 3, 5) and ws["B2"].number_format == "yyyy-mm-dd"
    assert ws["A2"].fill.fgColor.rgb == "FFF4CCCC"


def test_headers_matched_with_title_row_and_aliases(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["某某镇村名册"])
    ws.append(["序号", "村名 ", "代码（12位）", "备注"])
    ws.append([1, "青石村", "330226101201", ""])
    ws.append([None, None, None, None])
    wb.save(tmp_path / "in.xlsx")
    data = read_table(tmp_path / "in.xlsx", FIELDS)
    assert data.mapping == {"name": "村名", "code": "代码（12位）"}
    assert data.rows == [(3, {"name": "青石村", "code": "330226101201"})]
    assert "备注" in data.unmatched_headers


@pytest.mark.parametrize("content,msg", [(b"not excel", "不是有效的 Excel"), (b"PK\x03\x04broken", "不是有效的 Excel")])
def test_broken_file_is_reported(tmp_path, content, msg):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=msg):
        read_table(path, FIELDS)


def test_empty_sheet_and_merged_header(tmp_path):
    Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(ImportFileError, match="空的"):
        read_table(tmp_path / "empty.xlsx", FIELDS)
    wb = Workbook()
    ws = wb.active
    ws.append(["名称", None, "区划代码"])
    ws.merge_cells("A1:B1")
    ws.append(["青石村", None, "1"])
    wb.save(tmp_path / "merged.xlsx")
    with pytest.raises(ImportFileError, match="合并单元格"):
        read_table(tmp_path / "merged.xlsx", FIELDS)


def test_missing_required_column(tmp_path):
    wb = Workbook()
    wb.active.append(["区划代码", "备注"])
    wb.active.append(["1", "x"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(ImportFileError, match="名称"):
        read_table(tmp_path / "x.xlsx", FIELDS)


def test_dates_as_text():
    assert parse_date_cell("2026年3月5日") == "2026-03-05"
    assert parse_date_cell("2026/3/5") == "2026-03-05"
    with pytest.raises(ValueError, match="不是有效日期"):
        parse_date_cell("2026-02-30")
    with pytest.raises(ValueError, match="不是可识别的日期"):
        parse_date_cell("三月五日")


def test_header_candidates_pick_the_fullest_early_row(tmp_path):
    from desktop.core.xlsx import header_candidates

    wb = Workbook()
    ws = wb.active
    ws.append(["某某镇名册"])
    ws.append(["甲列", "乙列", "丙列"])
    ws.append(["青石村", "x", "y"])
    wb.save(tmp_path / "h.xlsx")
    assert header_candidates(tmp_path / "h.xlsx") == ["甲列", "乙列", "丙列"]
