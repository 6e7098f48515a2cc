"""Unit and person forms driven as a user would: typing, choosing, pressing 保存; errors show under the field."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.services.registry import people, units
from tests.conftest import db_snapshot
from tests.ui.conftest import shot, type_text


def save(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_unit_form_errors_then_success(env, qtbot, alerts_log):
    from desktop.ui.dialogs.unit_dialog import UnitDialog

    units.create(env.ctx, {"name": "青石村", "type": "行政村"})
    before = db_snapshot(env.ctx.db.path)
    d = UnitDialog(env)
    qtbot.addWidget(d)
    d.show()
    save(qtbot, d)
    assert d.form.error_text("name") == "请填写单位名称。" and d.result() == 0
    type_text(d.name, "青石村")
    save(qtbot, d)
    assert "已有名为“青石村”的单位" in d.form.error_text("name")
    d.name.clear()
    type_text(d.name, "第一村民小组")
    d.type.setCurrentText("村民小组")
    save(qtbot, d)
    assert "必须选择所属的村" in d.form.error_text("parent_id")
    d.parent_box.setCurrentText("青石村")
    type_text(d.admin_code, "1234")
    save(qtbot, d)
    assert "12 位数字" in d.form.error_text("admin_code")
    shot(d, "unit_dialog_error")
    assert db_snapshot(env.ctx.db.path) == before
    d.admin_code.clear()
    save(qtbot, d)
    assert d.result() == d.DialogCode.Accepted and d.saved["parent_id"]
    group = [u for u in units.list_units(env.ctx) if u["name"] == "第一村民小组"][0]
    assert group["parent_name"] == "青石村"


def test_person_form_errors_then_success_and_history(demo_env, qtbot, alerts_log):
    from desktop.ui.dialogs.person_dialog import PersonDialog

    ctx = demo_env.ctx
    before = db_snapshot(ctx.db.path)
    d = PersonDialog(demo_env)
    qtbot.addWidget(d)
    d.show()
    type_text(d.name, "测试人")
    d.unit.setCurrentIndex(1)
    type_text(d.phone, "1380000")
    save(qtbot, d)
    assert "电话“1380000”格式不正确" in d.form.error_text("phone")
    d.phone.clear()
    type_text(d.phone, "13800001234")
    d.term_start.setDate(QDate(2026, 5, 1))
    d.term_end.setDate(QDate(2025, 5, 1))
    save(qtbot, d)
    assert d.form.error_text("term_end") == "任期结束日期不能早于开始日期。"
    assert d.form.errors["phone"].isHidden()
    shot(d, "person_dialog_error")
    assert db_snapshot(ctx.db.path) == before
    d.term_end.setDate(QDate(2029, 5, 1))
    d.position.setCurrentText("文书")
    save(qtbot, d)
    assert d.result() == d.DialogCode.Accepted
    pid = d.saved["id"]
    edit = PersonDialog(demo_env, people.get(ctx, pid))
    qtbot.addWidget(edit)
    edit.position.setCurrentText("村级纪检员")
    save(qtbot, edit)
    assert people.get(ctx, pid)["position"] == "村级纪检员"
    again = PersonDialog(demo_env, people.get(ctx, pid))
    qtbot.addWidget(again)
    assert again.history_model.rowCount() == 1 and again.history_model.row(0)["position"] == "文书"
    shot(again, "person_dialog_history")


def test_person_form_keeps_hidden_id_number(demo_env, qtbot, alerts_log):
    from desktop.ui.dialogs.person_dialog import PersonDialog

    ctx = demo_env.ctx
    p = people.list_people(ctx)[0]
    people.update(ctx, p["id"], {"id_no": "330226198001011234"})
    d = PersonDialog(demo_env, people.get(ctx, p["id"]))
    qtbot.addWidget(d)
    assert d.id_no.text() == "" and "3302**********1234" in d.id_no.placeholderText()
    assert "198001" not in d.id_no.placeholderText()
    type_text(d.note, "备注一下")
    save(qtbot, d)
    assert people.get(ctx, p["id"], show_id=True)["id_no"] == "330226198001011234"


def test_optional_date_edit_empty_and_delete(qtbot):
    from PySide6.QtCore import QDate, Qt

    from desktop.ui.widgets.form import OptionalDateEdit

    d = OptionalDateEdit()
    qtbot.addWidget(d)
    assert d.value() is None and d.text() == "未填"
    d.set_value("2026-03-05")
    assert d.value() == "2026-03-05" and d.date() == QDate(2026, 3, 5)
    qtbot.keyClick(d, Qt.Key.Key_Delete)
    assert d.value() is None


def test_person_form_duplicate_in_same_unit(demo_env, qtbot, alerts_log):
    from desktop.ui.dialogs.person_dialog import PersonDialog

    someone = people.list_people(demo_env.ctx)[0]
    someone = people.get(demo_env.ctx, someone["id"])
    d = PersonDialog(demo_env, unit_id=someone["unit_id"])
    qtbot.addWidget(d)
    type_text(d.name, someone["name"])
    type_text(d.phone, someone["phone"])
    before = db_snapshot(demo_env.ctx.db.path)
    save(qtbot, d)
    assert f"该单位已有同名人员“{someone['name']}”" in d.form.error_text("name")
    assert db_snapshot(demo_env.ctx.db.path) == before
    d.phone.clear()
    type_text(d.phone, "13912345678")  # a different phone: two people of the same name
    save(qtbot, d)
    assert d.result() == d.DialogCode.Accepted
