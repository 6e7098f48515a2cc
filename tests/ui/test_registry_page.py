"""The 单位人员 page: tables, search, filters, keyboard, masked ID numbers, import report, export, widths."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt

from desktop.core.services.registry import people, units
from tests.conftest import db_snapshot
from tests.ui.conftest import make_env, shot, type_text


def page_for(env, qtbot):
    from desktop.ui.pages.registry import RegistryPage

    page = RegistryPage(env)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def column(model, key):
    i = [c.key for c in model.columns].index(key)
    return [model.data(model.index(r, i)) for r in range(model.rowCount())]


def test_tables_search_and_filters(demo_env, qtbot):
    page = page_for(demo_env, qtbot)
    assert page.units.model.rowCount() == 26 and page.people.model.rowCount() == 80
    shot(page, "registry_units")
    village = units.villages(demo_env.ctx)[0]["name"]
    type_text(page.units.search, village)
    qtbot.waitUntil(lambda: page.units.model.rowCount() < 26)
    assert column(page.units.model, "name") == [village]
    page.units.search.clear()
    page.units.type_filter.setCurrentText("镇直站所")
    qtbot.waitUntil(lambda: page.units.model.rowCount() == 5)
    page.units.key_only.setChecked(True)
    assert page.units.model.rowCount() == 0
    page.tabs.setCurrentIndex(1)
    page.people.targets_only.setChecked(True)
    assert set(column(page.people.model, "is_supervision_target")) == {"是"}
    page.people.position_filter.setCurrentText("村级纪检员")
    assert page.people.model.rowCount() == 0  # 纪检员 are not 监察对象 in the demo
    page.people.targets_only.setChecked(False)
    assert set(column(page.people.model, "position")) == {"村级纪检员"} and page.people.model.rowCount() == 15


def test_id_numbers_are_masked_on_screen(demo_env, qtbot):
    p = people.list_people(demo_env.ctx)[0]
    people.update(demo_env.ctx, p["id"], {"id_no": "330226198001011234"})
    page = page_for(demo_env, qtbot)
    page.tabs.setCurrentIndex(1)
    shown = column(page.people.model, "id_no")
    assert "3302**********1234" in shown and "330226198001011234" not in shown


def test_keyboard_delete_with_confirm_and_enter_edits(env, qtbot, alerts_log, monkeypatch):
    units.create(env.ctx, {"name": "青石村", "type": "行政村"})
    units.create(env.ctx, {"name": "柳溪村", "type": "行政村"})
    page = page_for(env, qtbot)
    table = page.units.table
    table.setFocus()
    table.selectRow(0)
    opened = []
    from desktop.ui.dialogs import unit_dialog

    monkeypatch.setattr(unit_dialog.UnitDialog, "exec", lambda self: opened.append(self.name.text()) or 0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened == ["柳溪村"] or opened == ["青石村"]
    alerts_log.answers.append(False)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert page.units.model.rowCount() == 2  # said no
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert page.units.model.rowCount() == 1
    assert [k for k, _ in alerts_log] == ["question", "question"]


def test_deleting_unit_with_people_is_refused_with_message(demo_env, qtbot, alerts_log):
    page = page_for(demo_env, qtbot)
    page.units.table.selectRow(0)
    before = db_snapshot(demo_env.ctx.db.path)
    qtbot.keyClick(page.units.table, Qt.Key.Key_Delete)
    assert alerts_log[-1][0] == "warn" and "不能删除" in alerts_log[-1][1]
    assert db_snapshot(demo_env.ctx.db.path) == before


def test_person_history_panel(demo_env, qtbot):
    ctx = demo_env.ctx
    p = people.list_people(ctx)[0]
    people.update(ctx, p["id"], {"position": "村级纪检员"})
    page = page_for(demo_env, qtbot)
    page.tabs.setCurrentIndex(1)
    page.people.select_id(p["id"])
    assert page.people.history_model.rowCount() == 1
    assert page.people.history_model.row(0)["position"] == p["position"]
    shot(page, "registry_people")


def _bad_units_file(path):
    wb = Workbook()
    for r in (["村名", "类型", "区划代码"], ["新村甲", "行政村", "330226101301"], ["新村乙", "行政村", "33022"],
              ["", "社区", None]):
        wb.active.append(r)
    wb.save(path)
    return path


def test_import_dialog_reports_bad_rows_and_blocks_until_unticked(env, qtbot, alerts_log, tmp_path):
    from desktop.ui.dialogs.import_dialog import RegistryImportDialog

    d = RegistryImportDialog(env, "units")
    qtbot.addWidget(d)
    d.show()
    before = db_snapshot(env.ctx.db.path)
    d.load(_bad_units_file(tmp_path / "u.xlsx"))
    texts = [[d.table.item(r, c).text() for c in range(5)] for r in range(d.table.rowCount())]
    assert [t[3] for t in texts] == ["新增", "有错误", "有错误"]
    assert "区划代码" in texts[1][4] and "单位名称不能为空" in texts[2][4]
    assert "新增 1" in d.summary.text() and "有错误 2" in d.summary.text()
    assert not d.import_button.isEnabled()
    shot(d, "import_report")
    qtbot.mouseClick(d.untick_bad, Qt.MouseButton.LeftButton)
    assert d.chosen_rows() == [2] and d.import_button.isEnabled()
    assert db_snapshot(env.ctx.db.path) == before
    qtbot.mouseClick(d.import_button, Qt.MouseButton.LeftButton)
    assert alerts_log[0][0] == "question" and "新增 1" in alerts_log[0][1]
    assert d.result == {"新增": 1, "更新": 0, "不变": 0}
    assert [u["name"] for u in units.list_units(env.ctx)] == ["新村甲"]


def test_import_dialog_broken_file(env, qtbot, tmp_path):
    from desktop.ui.dialogs.import_dialog import RegistryImportDialog

    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("这不是 Excel", encoding="utf-8")
    d = RegistryImportDialog(env, "people")
    qtbot.addWidget(d)
    d.show()
    d.load(bad)
    assert "无法导入" in d.summary.text() and "不是有效的 Excel" in d.summary.text()
    assert d.table.rowCount() == 0 and not d.import_button.isEnabled()
    shot(d, "import_broken")


def test_export_people_without_id(demo_env, qtbot, alerts_log, monkeypatch, tmp_path):
    from desktop.ui import files

    monkeypatch.setattr(files, "save_file", lambda *a, **k: tmp_path / "名册")
    alerts_log.answers.append(False)  # no ID numbers
    page = page_for(demo_env, qtbot)
    page.tabs.setCurrentIndex(1)
    qtbot.mouseClick(page.people.buttons["export"], Qt.MouseButton.LeftButton)
    ws = load_workbook(tmp_path / "名册.xlsx").active
    assert ws["A1"].value == "姓名" and "身份证号" not in [c.value for c in ws[1]]
    assert alerts_log[-1][0] == "info" and "80" in alerts_log[-1][1]


def test_village_groups_are_indented_under_their_village(demo_env, qtbot):
    page = page_for(demo_env, qtbot)
    rows, names = page.units.model.rows(), column(page.units.model, "name")
    groups = [i for i, r in enumerate(rows) if r["type"] == "村民小组"]
    assert groups
    for i in groups:
        parent = next(j for j in range(i - 1, -1, -1) if rows[j]["type"] != "村民小组")
        assert rows[parent]["id"] == rows[i]["parent_id"]  # right after its village (and its sibling groups)
        assert names[i] == "　└ " + rows[i]["name"]
    assert all(not names[i].startswith("　") for i in range(len(rows)) if i not in groups)
    shot(page, "registry_units_groups")
    page.units.type_filter.setCurrentText("村民小组")  # without their villages listed: not indented
    qtbot.waitUntil(lambda: page.units.model.rowCount() == len(groups))
    assert column(page.units.model, "name") == [r["name"] for r in page.units.model.rows()]


def test_column_widths_remembered(demo_ctx, qtbot, tmp_path, qapp):
    env = make_env(demo_ctx, tmp_path)
    page = page_for(env, qtbot)
    page.units.table.setColumnWidth(0, 233)
    page.tabs.setCurrentIndex(1)
    page.save_state(env.settings)
    env.settings.sync()
    again = page_for(make_env(demo_ctx, tmp_path), qtbot)
    assert again.units.table.columnWidth(0) == 233 and again.tabs.currentIndex() == 1


def test_read_only_user_cannot_edit(demo_env, qtbot):
    demo_env.ctx.user_role = "只读"
    page = page_for(demo_env, qtbot)
    assert not page.units.buttons["add"].isEnabled() and page.units.buttons["export"].isEnabled()


def test_import_dialog_columns_matched_by_hand(env, qtbot, alerts_log, tmp_path, monkeypatch):
    from desktop.ui.dialogs import import_dialog

    wb = Workbook()
    for r in (["村居", "级别"], ["新村甲", "行政村"], ["新社区", "社区"]):
        wb.active.append(r)
    wb.save(tmp_path / "odd.xlsx")
    d = import_dialog.RegistryImportDialog(env, "units")
    qtbot.addWidget(d)
    d.load(tmp_path / "odd.xlsx")
    assert "无法导入" in d.summary.text() and d.map_button.isEnabled()

    def choose(self):
        self.combos["name"].setCurrentText("村居")
        self.combos["type"].setCurrentText("级别")
        shot(self, "import_columns")
        return self.DialogCode.Accepted

    monkeypatch.setattr(import_dialog.ColumnMapDialog, "exec", choose)
    qtbot.mouseClick(d.map_button, Qt.MouseButton.LeftButton)
    assert d.overrides == {"name": "村居", "type": "级别"}
    assert [d.table.item(r, 3).text() for r in range(d.table.rowCount())] == ["新增", "新增"]
    qtbot.mouseClick(d.import_button, Qt.MouseButton.LeftButton)
    assert {u["name"]: u["type"] for u in units.list_units(env.ctx)} == {"新村甲": "行政村", "新社区": "社区"}
