"""The application shell: smoke test, first run, second instance, Chinese Qt dialogs, main window, crash handler."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from tests.ui.conftest import make_env, shot

ROOT = Path(__file__).resolve().parents[2]


def spawn(*args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=60)


def test_smoke_test_prints_shown_ms_and_exits_0(demo_dir):
    r = spawn("--data-dir", demo_dir, "--smoke-test")
    assert r.returncode == 0, r.stderr
    line = [x for x in r.stdout.splitlines() if x.startswith("shown_ms=")]
    assert line and int(line[0].split("=")[1]) > 0
    assert "Traceback" not in r.stderr
    ready = [x for x in r.stdout.splitlines() if x.startswith("ready_ms=")]
    assert ready and int(ready[0].split("=")[1]) >= int(line[0].split("=")[1])
    assert r.stdout.splitlines()[-1] == ready[0]  # the last line: the program quits then


def test_smoke_ready_comes_after_the_first_page_showed_its_data(qtbot, capsys):
    """ready_ms waits for the page's own load job (queued on the same runner), then quits."""
    import threading

    from desktop.app import _report_ready
    from desktop.ui.workers import Runner

    runner, gate, events = Runner(), threading.Event(), []

    class App:
        def quit(self):
            events.append("quit")

    runner.run(lambda: gate.wait(10) and {"overdue": 3}, on_done=lambda d: events.append(("figures", d)))
    _report_ready(App(), runner)
    qtbot.wait(20)
    assert events == [] and "ready_ms" not in capsys.readouterr().out
    gate.set()
    qtbot.waitUntil(lambda: "quit" in events, timeout=5000)
    assert events == [("figures", {"overdue": 3}), "quit"]
    assert capsys.readouterr().out.startswith("ready_ms=")
    runner.shutdown()


def test_smoke_test_on_a_new_dir_shows_the_wizard_and_creates_nothing(tmp_path):
    target = tmp_path / "还没有"
    r = spawn("--data-dir", target, "--smoke-test")
    assert r.returncode == 0 and "shown_ms=" in r.stdout, r.stderr
    assert not target.exists()


def test_gui_second_instance_gets_message_and_exit_1(demo_dir):
    from desktop.core.store.lock import InstanceLock

    with InstanceLock(demo_dir):
        r = spawn("--data-dir", demo_dir, "--smoke-test")
    assert r.returncode == 1 and "已在使用这个数据目录" in r.stderr and "Traceback" not in r.stderr


def test_gui_second_instance_shows_the_message_box(demo_dir, alerts_log):
    from desktop.app import run_gui
    from desktop.core.store.lock import InstanceLock

    with InstanceLock(demo_dir):
        assert run_gui(str(demo_dir)) == 1
    assert alerts_log[0][0] == "error" and "已在使用" in alerts_log[0][1]


def test_gui_refuses_text_file_database(tmp_path, alerts_log):
    from desktop.app import run_gui

    (tmp_path / "qingfeng.db").write_text("hello\n" * 30)
    assert run_gui(str(tmp_path)) == 1
    assert "不是清风台账的数据库文件" in alerts_log[0][1]


def test_gui_refuses_newer_database_untouched(site_dir, alerts_log):
    import sqlite3

    from desktop.app import run_gui
    from desktop.core.store import migrate

    con = sqlite3.connect(site_dir / "qingfeng.db")
    con.execute(f"PRAGMA user_version = {migrate.latest_version() + 1}")
    con.close()
    before = (site_dir / "qingfeng.db").read_bytes()
    assert run_gui(str(site_dir)) == 1
    assert "请升级软件" in alerts_log[0][1] and (site_dir / "qingfeng.db").read_bytes() == before


def test_qt_standard_dialogs_are_chinese(qapp):
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                           | QMessageBox.StandardButton.Cancel)
    texts = {box.button(b).text().replace("&", "") for b in (QMessageBox.StandardButton.Yes,
                                                              QMessageBox.StandardButton.No,
                                                              QMessageBox.StandardButton.Cancel)}
    assert any(t.startswith("是") for t in texts) and any(t.startswith("取消") for t in texts), texts
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text().replace("&", "").startswith("关闭")
    assert not qapp.windowIcon().isNull()


def test_main_window_status_bar_navigation_and_geometry(demo_ctx, qtbot, tmp_path):
    from desktop.ui.main_window import MainWindow
    from desktop.ui.pages import PAGES

    env = make_env(demo_ctx, tmp_path)
    w = MainWindow(env.settings)
    qtbot.addWidget(w)
    w.show()
    w.attach(env)
    assert "清溪镇" in w.site_label.text() and "王晓燕" in w.user_label.text()
    assert w.path_label.toolTip() == str(demo_ctx.data.root) and w.path_label.text().endswith("/data")
    assert [w.nav.item(i).text() for i in range(w.nav.count())] == [p.title for p in PAGES]
    w.resize(1200, 760)
    w.navigate("registry")
    assert type(w.stack.currentWidget()).__name__ == "RegistryPage"
    shot(w, "main_window_registry")
    w.navigate("matters")
    placeholder = w.stack.currentWidget()
    if type(placeholder).__name__ == "PlaceholderPage":
        assert "尚未开放" in placeholder.findChild(type(w.site_label), "placeholder").text()
    w.navigate("settings")
    shot(w, "main_window_settings")
    w.close()


def test_main_window_geometry_remembered(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from desktop.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    w.resize(701, 503)  # within the 800×800 offscreen screen, or restoreGeometry clamps it
    w.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (701, 503)


def test_crash_handler_logs_and_shows_copyable_report(tmp_path, qtbot, monkeypatch, qapp):
    from desktop.ui import crash

    log_file = crash.setup_logging(tmp_path / "logs")
    shown = []
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda self: shown.append(self) or 0)
    try:
        raise RuntimeError("测试用的意外错误")
    except RuntimeError as exc:
        crash.report(type(exc), exc, exc.__traceback__)
    crash.teardown_logging()
    text = log_file.read_text(encoding="utf-8")
    assert "测试用的意外错误" in text and "Traceback" in text
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert "测试用的意外错误" in dialog.details.toPlainText() and str(log_file) in dialog.message.text()
    dialog.copy_button.click()
    assert "测试用的意外错误" in qapp.clipboard().text()
    dialog.show()
    shot(dialog, "crash_dialog")


def test_log_file_rotates(tmp_path):
    from desktop.ui import crash

    crash.setup_logging(tmp_path, max_bytes=2000, backups=2)
    for i in range(200):
        logging.getLogger("qingfeng").info("第 %d 条日志记录，用来测试日志轮转", i)
    crash.teardown_logging()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["qingfeng.log", "qingfeng.log.1", "qingfeng.log.2"]
    assert all(p.stat().st_size <= 2200 for p in tmp_path.iterdir())


def test_first_run_wizard_then_main_window(tmp_path, monkeypatch, qapp):
    """run_gui on a new data dir: the wizard (filled in here) creates the site, then the main window opens it."""
    from PySide6.QtCore import QTimer

    from desktop.app import run_gui
    from desktop.ui.dialogs.setup_wizard import SetupWizard
    from desktop.ui.main_window import MainWindow

    def fill_and_accept(wizard):
        wizard.site.code.setText("330226101")
        wizard.site.name.setText("清溪镇")
        wizard.org.initializePage()
        wizard.admin.admin_name.setText("王晓燕")
        wizard.admin.password.setText("mima-1234")
        wizard.admin.password2.setText("mima-1234")
        assert wizard.create() == ""
        return SetupWizard.DialogCode.Accepted

    attached, warmed = [], []
    real_attach = MainWindow.attach

    def attach_then_quit(self, env):
        real_attach(self, env)
        attached.append((self.site_label.text(), env.ctx.user_name))
        QTimer.singleShot(0, qapp.quit)

    import threading

    from desktop.core.services.documents import layer as doc_layer
    from desktop.ui import crash

    # the document fonts are warmed up once the window has its data, from the GUI thread starting a daemon thread
    monkeypatch.setattr(doc_layer, "start_warm_up",
                        lambda: warmed.append((len(attached), threading.current_thread() is threading.main_thread())))

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test (run_gui installs ours)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(SetupWizard, "exec", fill_and_accept)
    monkeypatch.setattr(MainWindow, "attach", attach_then_quit)
    data = tmp_path / "新用户"
    # the window run_gui made is deleted on return; with quit-on-last-window-closed that would post a quit
    # that leaves every later nested event loop (qtbot.wait…) returning at once
    qapp.setQuitOnLastWindowClosed(False)
    try:
        assert run_gui(str(data)) == 0
    finally:
        qapp.setQuitOnLastWindowClosed(True)
    assert attached and "清溪镇" in attached[0][0] and attached[0][1] == "王晓燕"
    assert warmed == [(1, True)]
    assert (data / "qingfeng.db").exists() and (data / "logs" / "qingfeng.log").exists()
    crash.teardown_logging()
    from desktop.core.store.lock import InstanceLock

    with InstanceLock(data):  # released when the window closed
        pass


HEAVY_AT_SHOWN = r"""
import sys
import desktop.app as app
real = app.process_age_ms
def at_shown():
    heavy = sorted(({m.split('.')[0] for m in sys.modules} | set(sys.modules)) & {'sqlalchemy', 'sqlmodel', 'pydantic', 'openpyxl',
                   'reportlab', 'docx', 'cryptography', 'pyrage', 'desktop.ui.pages.registry', 'matplotlib', 'numpy',
                   'desktop.ui.pages.stats'})
    print('heavy=' + ','.join(heavy), flush=True)
    return real()
app.process_age_ms = at_shown
from desktop.cli import main
sys.exit(main(['--data-dir', sys.argv[1], '--smoke-test']))
"""


def test_nothing_heavy_is_imported_before_the_window_is_shown(demo_dir):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-c", HEAVY_AT_SHOWN, str(demo_dir)], capture_output=True, text=True,
                       env=env, cwd=ROOT, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "heavy=\n" in r.stdout, r.stdout
