"""设置 tabs: 单位信息, 用户, 数据与备份."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.core.services.org import site as org
from desktop.core.services.org import users
from desktop.core.services.registry import units
from tests.ui.conftest import shot, type_text


def click(qtbot, w):
    qtbot.mouseClick(w, Qt.MouseButton.LeftButton)


def test_settings_page_has_the_tabs_in_order(env, qtbot):
    from desktop.ui.pages.settings import SettingsPage

    page = SettingsPage(env)
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[:2] == ["单位信息", "用户"] and "数据与备份" in titles
    page.resize(900, 600)
    for i in range(page.tabs.count()):
        page.tabs.setCurrentIndex(i)
        shot(page, f"settings_{i}")


def test_org_tab_edit_and_errors(env, qtbot, alerts_log):
    from desktop.ui.settings_tabs.org import Tab

    changed = []
    env.data_changed = lambda: changed.append(1)
    tab = Tab(env)
    qtbot.addWidget(tab)
    assert tab.edits["full_name"].text() == "中共清溪镇纪律检查委员会" and "330226101" in tab.fixed.text()
    tab.edits["contact_phone"].setText("")
    type_text(tab.edits["contact_phone"], "12345")
    click(qtbot, tab.save_button)
    assert "格式不正确" in tab.form.error_text("contact_phone")
    tab.edits["contact_phone"].setText("13800001234")
    tab.edits["short_name"].clear()
    click(qtbot, tab.save_button)
    assert tab.form.error_text("short_name") == "此项不能为空。"
    type_text(tab.edits["short_name"], "清溪纪委")
    tab.supervision.setChecked(False)
    click(qtbot, tab.save_button)
    p = org.get_profile(env.ctx)
    assert p["short_name"] == "清溪纪委" and p["capacities"] == "纪律检查" and p["contact_phone"] == "13800001234"
    assert changed


def test_user_dialog_add_and_password(env, qtbot, alerts_log):
    from desktop.ui.dialogs.user_dialog import UserDialog

    d = UserDialog(env)
    qtbot.addWidget(d)
    type_text(d.name, "李明")
    type_text(d.login, "admin")
    ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
    click(qtbot, ok)
    assert "已被使用" in d.form.error_text("login_name")
    d.login.setText("liming")
    d.role.setCurrentText("只读")
    type_text(d.password, "abc")
    click(qtbot, ok)
    assert d.form.error_text("password2") == "两次输入的密码不一致。"
    type_text(d.password2, "abc")
    click(qtbot, ok)
    assert d.form.error_text("password") == "密码至少 8 位。" and d.saved is None
    for w in (d.password, d.password2):
        w.clear()
        type_text(w, "liming-2026")
    shot(d, "user_dialog")
    click(qtbot, ok)
    assert d.saved["login_name"] == "liming" and d.saved["role"] == "只读" and d.saved["has_password"]
    row = next(u for u in users.list_users(env.ctx) if u["login_name"] == "admin")
    p = UserDialog(env, user=row)
    qtbot.addWidget(p)
    type_text(p.password, "admin-2027")
    type_text(p.password2, "admin-2027")
    click(qtbot, p.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert next(u for u in users.list_users(env.ctx) if u["login_name"] == "admin")["has_password"]


def test_users_tab_lists_and_read_only_cannot_add(env, qtbot):
    from desktop.ui.settings_tabs.users import Tab

    tab = Tab(env)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 1 and tab.model.row(0)["login_name"] == "admin"
    env.ctx.user_role = "工作人员"
    tab.load()
    assert not tab.add_button.isEnabled()


def test_data_tab_backup_then_restore(env, qtbot, alerts_log, monkeypatch, tmp_path):
    from desktop.ui import files
    from desktop.ui.settings_tabs.data import Tab

    changed = []
    env.data_changed = lambda: changed.append(1)
    tab = Tab(env)
    qtbot.addWidget(tab)
    assert str(env.ctx.data.root) in tab.location.text()
    units.create(env.ctx, {"name": "青石村", "type": "行政村"})
    monkeypatch.setattr(files, "folder", lambda *a: tmp_path / "备份")
    click(qtbot, tab.backup_button)
    backup = next((tmp_path / "备份").glob("*.db"))
    assert "已备份并校验" in tab.last_backup.text() and alerts_log[-1][0] == "info"
    units.create(env.ctx, {"name": "柳溪村", "type": "行政村"})
    monkeypatch.setattr(files, "open_file", lambda *a: backup)
    alerts_log.answers.append(False)
    click(qtbot, tab.restore_button)
    assert len(units.list_units(env.ctx)) == 2  # said no: nothing restored
    click(qtbot, tab.restore_button)
    assert [u["name"] for u in units.list_units(env.ctx)] == ["青石村"]
    assert changed and "已从备份恢复" in alerts_log[-1][1]
    shot(tab, "settings_data")
