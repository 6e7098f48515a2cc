"""Registry import (dry run, all-or-nothing, idempotent re-import) and export."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from desktop.core.errors import ImportFileError, ValidationError
from desktop.core.services.registry import io as registry_io
from desktop.core.services.registry import people, units
from tests.conftest import db_snapshot


def xlsx(path, rows):
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


UNITS = [
    ["某某镇村（社区）名册"],
    ["村名", "类型", "所属村", "行政区划代码", "户籍人口", "是否重点村"],
    ["青石村", "行政村", None, "330226101201", 1200, "是"],
    ["柳溪社区", "社区", None, None, "3400", "否"],
    ["第一村民小组", "村民小组", "青石村", None, None, None],
    ["财政所", "站所", None, None, None, None],
]


def _counts(plan):
    return plan.counts()


def test_units_import_dry_run_then_apply_then_reimport_is_idempotent(ctx, tmp_path):
    path = xlsx(tmp_path / "u.xlsx", UNITS)
    before = db_snapshot(ctx.db.path)
    plan = registry_io.plan_import(ctx, path, "units")
    assert plan.mapping["name"] == "村名" and plan.mapping["parent"] == "所属村"
    assert _counts(plan) == {"新增": 4, "更新": 0, "不变": 0, "有错误": 0}
    assert db_snapshot(ctx.db.path) == before  # the dry run wrote nothing
    assert registry_io.apply_import(ctx, plan) == {"新增": 4, "更新": 0, "不变": 0}
    listed = {u["name"]: u for u in units.list_units(ctx)}
    assert listed["第一村民小组"]["parent_name"] == "青石村"
    assert listed["青石村"]["is_key_village"] and listed["青石村"]["population"] == 1200
    assert listed["财政所"]["type"] == "镇直站所"
    after_first = db_snapshot(ctx.db.path)
    again = registry_io.plan_import(ctx, path, "units")
    assert _counts(again) == {"新增": 0, "更新": 0, "不变": 4, "有错误": 0}
    registry_io.apply_import(ctx, again)
    assert len(units.list_units(ctx)) == 4
    snap = db_snapshot(ctx.db.path)
    assert snap["unit"] == after_first["unit"]  # no duplicates, no rewrites


def test_one_bad_chosen_row_writes_nothing_and_report_names_row_and_column(ctx, tmp_path):
    rows = UNITS + [["白沙村", "行政村", None, "12345", None, "也许"]]
    plan = registry_io.plan_import(ctx, xlsx(tmp_path / "u.xlsx", rows), "units")
    bad = [r for r in plan.rows if r.issues]
    assert [r.row for r in bad] == [7]
    issue = bad[0].issues[0]
    assert issue.row == 7 and issue.column in ("行政区划代码", "是否重点村") and issue.reason
    before = db_snapshot(ctx.db.path)
    with pytest.raises(ValidationError, match="未导入任何数据"):
        registry_io.apply_import(ctx, plan)
    assert db_snapshot(ctx.db.path) == before
    counts = registry_io.apply_import(ctx, plan, selected=[3, 4, 5, 6])  # the user unticks row 7
    assert counts["新增"] == 4


def test_duplicate_rows_in_file_and_existing_duplicate_are_reported(ctx, tmp_path):
    units.create(ctx, {"name": "枫树村", "type": "行政村", "admin_code": "330226101209"})
    rows = [["单位名称", "类型", "区划代码"], ["梅岭村", "行政村", None], ["梅岭村", "行政村", None],
            ["竹林村", "行政村", "330226101209"]]
    plan = registry_io.plan_import(ctx, xlsx(tmp_path / "d.xlsx", rows), "units")
    assert "与第 2 行重复" in plan.rows[1].issues[0].reason
    assert plan.rows[2].action == "更新" and plan.rows[2].match_id  # same admin code = same unit (renamed)


def test_people_import_matches_name_and_unit_and_keeps_missing_columns(demo_ctx, tmp_path):
    someone = people.list_people(demo_ctx)[0]
    people.update(demo_ctx, someone["id"], {"id_no": "330226198001011234"})
    rows = [["姓名", "所在村", "职务", "手机号码", "政治面貌", "任职时间"],
            [someone["name"], someone["unit_name"], "村级纪检员", someone["phone"], "中共党员", "2021年3月1日"],
            ["新来的人", someone["unit_name"], "文书", "13800001111", "群众", "2026/1/5"]]
    plan = registry_io.plan_import(demo_ctx, xlsx(tmp_path / "p.xlsx", rows), "people")
    assert [r.action for r in plan.rows] == ["更新", "新增"], plan.issues()
    registry_io.apply_import(demo_ctx, plan)
    changed = people.get(demo_ctx, someone["id"], show_id=True)
    assert changed["position"] == "村级纪检员"
    assert changed["id_no"] == "330226198001011234"  # no ID column in the file: not wiped
    assert people.history(demo_ctx, someone["id"])[0]["position"] == someone["position"]
    again = registry_io.plan_import(demo_ctx, xlsx(tmp_path / "p.xlsx", rows), "people")
    assert [r.action for r in again.rows] == ["不变", "不变"]


def test_people_cell_errors(demo_ctx, tmp_path):
    rows = [["姓名", "单位", "联系电话", "任期开始", "任期结束", "身份证号"],
            ["甲", "不存在的村", None, None, None, None],
            ["乙", None, "12345", None, None, None],
            ["丙", None, None, "2026-05-01", "2025-01-01", None],
            ["丁", None, None, "三月", None, None],
            ["戊", None, None, None, None, 330226198001011234]]
    plan = registry_io.plan_import(demo_ctx, xlsx(tmp_path / "p.xlsx", rows), "people")
    got = [(i.row, i.column) for i in plan.issues()]
    assert got == [(2, "单位"), (3, "联系电话"), (4, "任期结束"), (5, "任期开始"), (6, "身份证号")]
    assert "找不到单位" in plan.rows[0].issues[0].reason


@pytest.mark.parametrize("content", [b"hello, not excel", b"PK\x03\x04garbage"])
def test_broken_file_raises_chinese_error(ctx, tmp_path, content):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match="Excel"):
        registry_io.plan_import(ctx, path, "units")


def test_foreign_xlsx_without_registry_headers(ctx, tmp_path):
    path = xlsx(tmp_path / "f.xlsx", [["日期", "金额", "摘要"], ["2026-01-01", 5, "办公用品"]])
    with pytest.raises(ImportFileError, match="表头"):
        registry_io.plan_import(ctx, path, "units")


def test_export_leaves_id_out_unless_asked(demo_ctx, tmp_path):
    first = people.list_people(demo_ctx)[0]
    people.update(demo_ctx, first["id"], {"id_no": "33022619800101123X"})
    n = registry_io.export(demo_ctx, "people", tmp_path / "p.xlsx")
    ws = load_workbook(tmp_path / "p.xlsx").active
    headers = [c.value for c in ws[1]]
    assert n == 80 and "身份证号" not in headers and ws.freeze_panes == "A2"
    assert "所在单位" in headers and "姓名" in headers
    registry_io.export(demo_ctx, "people", tmp_path / "p2.xlsx", with_id_no=True)
    ws = load_workbook(tmp_path / "p2.xlsx").active
    col = [c.value for c in ws[1]].index("身份证号")
    assert "33022619800101123X" in [r[col] for r in ws.iter_rows(min_row=2, values_only=True)]


def test_export_then_import_roundtrip_is_unchanged(demo_ctx, tmp_path):
    registry_io.export(demo_ctx, "units", tmp_path / "u.xlsx")
    registry_io.export(demo_ctx, "people", tmp_path / "p.xlsx")
    assert registry_io.plan_import(demo_ctx, tmp_path / "u.xlsx", "units").counts()["不变"] == 26
    assert registry_io.plan_import(demo_ctx, tmp_path / "p.xlsx", "people").counts()["不变"] == 80


def test_unit_with_people_cannot_be_deleted(demo_ctx):
    village = units.villages(demo_ctx)[0]
    with pytest.raises(ValidationError, match="不能删除"):
        units.delete(demo_ctx, village["id"])


def test_readonly_user_cannot_import(ctx, tmp_path):
    from desktop.core.errors import PermissionDenied

    plan = registry_io.plan_import(ctx, xlsx(tmp_path / "u.xlsx", UNITS), "units")
    ctx.user_role = "只读"
    with pytest.raises(PermissionDenied):
        registry_io.apply_import(ctx, plan)


def test_update_by_admin_code_without_type_column_keeps_type(demo_ctx, tmp_path):
    station = next(u for u in units.list_units(demo_ctx) if u["type"] == "镇直站所")
    village = units.villages(demo_ctx)[0]
    rows = [["单位名称", "区划代码", "人口"], [village["name"], village["admin_code"], 999],
            [station["name"], None, None]]
    plan = registry_io.plan_import(demo_ctx, xlsx(tmp_path / "u.xlsx", rows), "units")
    assert [r.action for r in plan.rows] == ["更新", "不变"], plan.issues()
    registry_io.apply_import(demo_ctx, plan)
    after = units.get(demo_ctx, village["id"])
    assert after["population"] == 999 and after["type"] == village["type"]
    assert after["households"] == village["households"]  # column not in the file: kept


def _import_backups(ctx) -> list:
    return sorted(ctx.data.sub("backups").glob("导入前备份-*.db"))


def test_import_that_updates_rows_backs_up_first_adding_or_dry_run_does_not(ctx, tmp_path):
    import sqlite3

    registry_io.apply_import(ctx, registry_io.plan_import(ctx, xlsx(tmp_path / "u.xlsx", UNITS), "units"))
    assert _import_backups(ctx) == []  # only new rows
    changed = [r[:4] + [9999] + r[5:] if r[0] == "青石村" else r for r in UNITS]
    plan = registry_io.plan_import(ctx, xlsx(tmp_path / "u2.xlsx", changed), "units")
    assert _counts(plan)["更新"] == 1 and _import_backups(ctx) == []  # the dry run takes none
    registry_io.apply_import(ctx, plan)
    [backup] = _import_backups(ctx)
    assert backup.name.startswith("导入前备份-名册单位-")
    con = sqlite3.connect(backup)
    try:
        assert con.execute("SELECT population FROM unit WHERE name = '青石村'").fetchone() == (1200,)
    finally:
        con.close()
    assert next(u for u in units.list_units(ctx) if u["name"] == "青石村")["population"] == 9999
