"""Login page before any data, the lock screen over every window (unsaved input kept), users tab, audit viewer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from desktop.core.services.org.context import open_context
from tests.conftest import ADMIN_PASSWORD, fixed_clock
from tests.ui.conftest import make_env, shot, type_text


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _anon(path):
    return open_context(path, clock=fixed_clock(), anonymous=True, lock=False)


def test_login_page_lists_users_shows_demo_hint_and_logs_in(demo_dir, qtbot, tmp_path):
    from desktop.ui.login import LoginPage
    from desktop.ui.workers import Runner

    ctx = _anon(demo_dir)
    done = []
    try:
        page = LoginPage(ctx, Runner(sync=True), done.append)
        qtbot.addWidget(page)
        page.resize(900, 620)
        page.show()
        assert page.user.count() == 4 and "王晓燕（admin，管理员）" in page.user.itemText(0)
        assert page.hint.isVisible() and "qingfeng-shuji" in page.hint.text()
        assert [page.user.itemData(i) for i in range(4)] == ["admin", "shuji", "ganshi", "chayue"]
        page.user.setCurrentIndex(1)  # 陈建国, 负责人
        type_text(page.password, "wrong-password")
        click(qtbot, page.button)
        assert page.error.text() == "密码不正确（再错 4 次将锁定 5 分钟）。" and not done
        shot(page, "login_error")
        page.password.clear()
        type_text(page.password, "qingfeng-shuji")
        click(qtbot, page.button)
        assert done, (page.error.text(), page.password.text(), page.login_name())
        assert done[0].role == "负责人" and ctx.user_login == "shuji"
    finally:
        ctx.close()


def test_login_page_without_demo_has_no_hint_and_refuses_empty(site_dir, qtbot):
    from desktop.ui.login import LoginPage
    from desktop.ui.workers import Runner

    ctx = _anon(site_dir)
    try:
        page = LoginPage(ctx, Runner(sync=True), lambda r: None)
        qtbot.addWidget(page)
        page.resize(900, 620)
        page.show()
        assert not page.hint.isVisible()
        click(qtbot, page.button)
        assert page.error.text() == "请输入密码。" and ctx.user_id is None
        page.user.setEditText("nobody")
        type_text(page.password, "x")
        click(qtbot, page.button)
        assert page.error.text() == "没有名为“nobody”的用户。"
        shot(page, "login")
    finally:
        ctx.close()


def test_idle_lock_covers_every_window_and_keeps_unsaved_input(demo_ctx, qtbot, tmp_path):
    from desktop.ui.idle_lock import IdleLock
    from desktop.ui.main_window import MainWindow

    env = make_env(demo_ctx, tmp_path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.attach(env)
    window.resize(1000, 640)
    window.show()
    dialog = QDialog(window)
    field = QLineEdit()
    QVBoxLayout(dialog).addWidget(field)
    dialog.resize(420, 300)
    dialog.show()
    type_text(field, "未保存的问题描述")
    locker = env.idle_lock = IdleLock(env, parent=window)
    assert locker.timer.isActive() and locker.minutes == 10
    locker.timer.timeout.emit()  # ten idle minutes
    assert locker.locked and len(locker.overlays) >= 2
    main_overlay = next(o for o in locker.overlays if o.parent() is window)
    assert main_overlay.isVisible() and main_overlay.geometry() == window.rect()
    shot(window, "lock_screen")
    over_dialog = next(o for o in locker.overlays if o.parent() is dialog)
    type_text(over_dialog.password, "wrong-password")
    click(qtbot, over_dialog.button)
    assert "密码不正确" in over_dialog.error.text() and locker.locked
    over_dialog.password.clear()
    type_text(over_dialog.password, ADMIN_PASSWORD)
    click(qtbot, over_dialog.button)
    assert not locker.locked and dialog.isVisible() and field.text() == "未保存的问题描述"
    locker.stop()
    dialog.close()


def test_users_tab_disable_enable_and_role(env, qtbot, alerts_log, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from desktop.core.services.org import users
    from desktop.ui.settings_tabs.users import Tab

    users.create_user(env.ctx, "李明", "liming", "工作人员", "liming-2026")
    tab = Tab(env)
    qtbot.addWidget(tab)
    tab.resize(900, 500)
    tab.show()
    tab.table.selectRow(1)
    assert tab.active_button.text() == "停用"
    click(qtbot, tab.active_button)
    assert tab.model.row(1)["active"] is False or not tab.model.row(1)["active"]
    tab.table.selectRow(1)
    assert tab.active_button.text() == "启用"
    click(qtbot, tab.active_button)
    tab.table.selectRow(1)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("负责人", True))
    click(qtbot, tab.role_button)
    assert next(u for u in users.list_users(env.ctx) if u["login_name"] == "liming")["role"] == "负责人"
    tab.table.selectRow(0)
    click(qtbot, tab.active_button)  # the only administrator
    assert alerts_log and "唯一的在用管理员" in alerts_log[-1][1]
    shot(tab, "users_tab")


def test_audit_tab_filters_exports_and_verifies(demo_env, qtbot, alerts_log, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    from desktop.ui import files
    from desktop.ui.settings_tabs.audit import Tab

    tab = Tab(demo_env)
    qtbot.addWidget(tab)
    tab.resize(1200, 600)
    tab.show()
    assert tab.model.rowCount() > 10
    tab.action.setCurrentIndex(tab.action.findData("新增"))
    click(qtbot, tab.search_button)
    assert {tab.model.row(i)["action"] for i in range(tab.model.rowCount())} == {"新增"}
    monkeypatch.setattr(files, "save_file", lambda *a, **k: tmp_path / "审计.xlsx")
    click(qtbot, tab.export_button)
    sheet = load_workbook(tmp_path / "审计.xlsx").active
    assert sheet.max_row == tab.model.rowCount() + 1
    click(qtbot, tab.verify_button)
    assert alerts_log[-1][0] == "info" and "审计日志完整" in alerts_log[-1][1]
    tab.action.setCurrentIndex(0)
    click(qtbot, tab.search_button)
    shot(tab, "audit_viewer")


def test_audit_tab_is_closed_to_staff(demo_env, qtbot):
    from desktop.core.services.org.context import refresh_identity
    from desktop.ui.settings_tabs.audit import Tab

    refresh_identity(demo_env.ctx, login="ganshi")
    tab = Tab(demo_env)
    qtbot.addWidget(tab)
    assert tab.model.rowCount() == 0 and "只有管理员和负责人" in tab.status.text()
    assert not tab.export_button.isEnabled()


def test_run_gui_shows_the_login_page_before_any_data(demo_dir, monkeypatch, qapp):
    import sys
    import threading

    from PySide6.QtCore import QTimer

    from desktop.app import run_gui
    from desktop.core.services.documents import layer as doc_layer
    from desktop.ui import crash
    from desktop.ui.main_window import MainWindow

    seen = {}
    real_show, real_attach = MainWindow.show_login, MainWindow.attach

    def show_login(self, page):
        real_show(self, page)
        seen.update(nav=self.nav.isEnabled(), pages=len(self._pages), env=self.env)
        self.resize(1000, 640)
        shot(self, "main_login")
        page.user.setCurrentIndex(page.user.findData("ganshi"))
        page.password.setText("qingfeng-ganshi")
        QTimer.singleShot(0, page.submit)

    def attach_then_quit(self, env):
        real_attach(self, env)
        seen["user"] = (env.ctx.user_login, env.ctx.user_role, self.nav.isEnabled())
        QTimer.singleShot(0, qapp.quit)

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(doc_layer, "start_warm_up", lambda: None)
    monkeypatch.setattr(MainWindow, "show_login", show_login)
    monkeypatch.setattr(MainWindow, "attach", attach_then_quit)
    qapp.setQuitOnLastWindowClosed(False)
    try:
        assert run_gui(str(demo_dir)) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
        crash.teardown_logging()
    assert seen["nav"] is False and seen["pages"] == 0 and seen["env"] is None  # nothing of the data yet
    assert seen["user"] == ("ganshi", "工作人员", True)
    import sqlite3

    con = sqlite3.connect(demo_dir / "qingfeng.db")
    actions = [r[0] for r in con.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")]
    con.close()
    assert actions == ["退出", "登录"]  # closing the window logs out
