"""GUI composition root: QApplication, Chinese Qt dialogs, the main window first, then the data.

Start-up order is chosen for speed: only QtWidgets is imported before the window is shown; logging, the
crash handler, SQLAlchemy, SQLModel and the page modules load right after the first paint (the database is
opened off the GUI thread).
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported lazily at run time: start-up speed
    from pathlib import Path

_T0 = time.perf_counter()


def process_age_ms() -> float:
    """Milliseconds since this process started (Linux: /proc; elsewhere: since this module loaded)."""
    try:
        with open("/proc/self/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        start_ticks = int(fields[19])
        with open("/proc/uptime") as fh:
            uptime = float(fh.read().split()[0])
        return (uptime - start_ticks / os.sysconf("SC_CLK_TCK")) * 1000
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _T0) * 1000


def make_application(argv: list[str] | None = None):
    """The QApplication with name, icon, Chinese translations of Qt's own dialogs and a CJK UI font.

    Cheap on purpose (it runs before the first window is shown): no font enumeration — Qt picks the first
    installed family of the list when it first draws text.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QFont, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("清风台账")
    app.setOrganizationName("qingfeng")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if not getattr(app, "_qingfeng_translator", None):
        tr = QTranslator(app)
        if tr.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(tr)
            app._qingfeng_translator = tr  # keep a reference; installing twice would do no harm but no good
    app.setWindowIcon(QIcon(str(_icon_path())))
    font = QFont()
    font.setFamilies(list(UI_FONTS))
    font.setPointSize(10)
    app.setFont(font)
    return app


UI_FONTS = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
            "WenQuanYi Zen Hei", "AR PL UMing CN")


def _icon_path() -> Path:
    from desktop.core.paths import resources_dir

    return resources_dir() / "icons" / "qingfeng.svg"


def run_gui(data_dir: str | None = None, *, smoke_test: bool = False, login: str | None = None) -> int:
    """Start the desktop application. Returns the process exit code.

    Before the window is shown only QtWidgets, a plain-sqlite3 look at the data dir and the lock run; logging,
    the crash handler, the background runner, SQLAlchemy and the pages come after the first paint.
    """
    from desktop.core.errors import QingfengError
    from desktop.core.paths import DataDir, default_data_dir
    from desktop.core.services.org.peek import site_of
    from desktop.core.store.private import private_umask

    private_umask()
    from desktop.core.store.lock import InstanceLock

    app = make_application()
    data = DataDir(data_dir or default_data_dir())
    lock = InstanceLock(data.root)
    try:
        site = site_of(data)
        if site is not None:
            lock.acquire()
    except QingfengError as exc:
        return _fail(exc, smoke_test)
    if site is None:
        _install_crash_handler(None)
        return _first_run(app, data, lock, smoke_test)
    return _main(app, data, lock, login, smoke_test)


def _install_crash_handler(log_dir: Path | None) -> None:
    from desktop.ui import crash

    if log_dir is not None:
        try:
            crash.setup_logging(log_dir)
        except OSError:
            pass  # an unwritable logs folder must not stop the program; errors still show their report
    crash.install()


def _fail(exc, smoke_test: bool) -> int:
    if smoke_test:
        print(f"错误：{exc}", file=sys.stderr)
    else:
        from desktop.ui import alerts

        alerts.error(None, str(exc))
    return 1


def _first_run(app, data, lock, smoke_test: bool) -> int:
    """No data yet: the set-up wizard, then the main window."""
    from desktop.ui.dialogs.setup_wizard import SetupWizard

    wizard = SetupWizard(data)
    wizard.show()
    if smoke_test:
        return _report_shown(app, wizard, then_quit=True)
    if wizard.exec() != SetupWizard.DialogCode.Accepted or wizard.context is None:
        return 0
    # the wizard's Context holds the data dir's lock itself (and releases it on close)
    return _main(app, data, lock, None, False, opened=wizard.context)


def _main(app, data, lock, login, smoke_test: bool, opened=None) -> int:
    from PySide6.QtCore import QSettings, QTimer

    from desktop.ui.main_window import MainWindow

    settings = QSettings(str(data.root / "ui-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, app.windowIcon())
    window.show()
    outcome = {"code": 0}
    state = {}
    if smoke_test:
        _report_shown(app, window, then_quit=False)

    def after_first_paint():
        from desktop.ui.env import UiEnv
        from desktop.ui.workers import Runner

        _install_crash_handler(data.sub("logs"))
        runner = state["runner"] = Runner(parent=window)

        def logged_in(ctx):
            env = UiEnv(ctx=ctx, runner=runner, settings=settings)
            window.attach(env)
            _start_idle_lock(window, env)
            _warm_up_documents()

        def opened_ok(ctx):
            if smoke_test:
                _report_ready(app, runner)  # since the login (#13): data open, login page up
            elif ctx.user_id is not None:  # just set up by the wizard: its administrator is working
                logged_in(ctx)
            else:
                _show_login(window, ctx, runner, login, logged_in)
            if not smoke_test:
                _start_auto_backup(ctx)

        def failed(exc):
            outcome["code"] = 1
            if smoke_test:
                print(f"错误：{exc}", file=sys.stderr)
            else:
                from desktop.ui import alerts

                alerts.show_error(window, exc)
            app.quit()

        if opened is not None:
            opened_ok(opened)
        else:
            def remember(ctx):
                state["ctx"] = ctx
                opened_ok(ctx)

            runner.run(lambda: _open(data.root), on_done=remember, on_error=failed)

    QTimer.singleShot(0, after_first_paint)
    code = app.exec()
    if "runner" in state:
        state["runner"].shutdown()
    if window.env is not None:
        _logout(window.env.ctx)
        window.env.ctx.close()
    elif state.get("ctx") is not None:
        state["ctx"].close()
    lock.release()
    return outcome["code"] or code


def _warm_up_documents() -> None:
    """Fonts and document writers loaded in a background daemon thread once the window has its data, so the
    first 签发 / 预览 is fast (not the GUI thread, not the single DB-writer runner)."""
    from desktop.core.services.documents import layer as doc_layer

    doc_layer.start_warm_up()


def _start_auto_backup(ctx) -> None:
    """Today's automatic backup (services/auto_backup.py) in a background daemon thread: it only reads the
    database, so it needs neither the GUI thread nor the single DB-writer runner; a program closed meanwhile
    leaves a temporary file that the next start removes."""
    import logging
    import threading

    def work():
        from desktop.core.services.backups import auto as auto_backup

        try:
            auto_backup.run_daily(ctx)
        except Exception:  # noqa: BLE001 - logged; the user can still back up by hand
            logging.getLogger(__name__).exception("自动备份失败")

    threading.Thread(target=work, name="auto-backup", daemon=True).start()


def _open(root):
    from desktop.core.services.org.context import open_context

    # nobody is logged in yet: the login page asks; this process holds the lock, so it tidies up after a crash
    return open_context(root, lock=False, anonymous=True, tidy=True)


def _show_login(window, ctx, runner, login, logged_in) -> None:
    """The login page in the main window; a password reset by an administrator is changed right after."""
    from desktop.ui.login import LoginPage

    def on_login(result):
        if result.must_change and not _forced_change(window, ctx, runner):
            from desktop.core.services.org import auth

            auth.logout(ctx)
            return
        window.end_login()
        logged_in(ctx)

    page = LoginPage(ctx, runner, on_login)
    if login:
        i = page.user.findData(login)
        page.user.setCurrentIndex(i) if i >= 0 else page.user.setEditText(login)
    window.show_login(page)


def _forced_change(window, ctx, runner) -> bool:
    from desktop.ui.dialogs.change_password import ChangePasswordDialog
    from desktop.ui.env import UiEnv

    dialog = ChangePasswordDialog(UiEnv(ctx=ctx, runner=runner, settings=None), forced=True, parent=window)
    return dialog.exec() == dialog.DialogCode.Accepted


def _start_idle_lock(window, env) -> None:
    from PySide6.QtGui import QKeySequence, QShortcut

    from desktop.ui.idle_lock import IdleLock

    env.idle_lock = IdleLock(env, parent=window)
    QShortcut(QKeySequence("Ctrl+L"), window, activated=env.idle_lock.lock)


def _logout(ctx) -> None:
    from desktop.core.errors import QingfengError
    from desktop.core.services.org import auth

    try:
        auth.logout(ctx)
    except QingfengError:
        pass  # closing must not fail on a database that went away


def _report_ready(app, runner) -> None:
    """--smoke-test: print ready_ms once the first page (the 工作台) shows its figures, then quit.

    The page loads its data through the runner, which runs jobs in order: a job queued now ends after the page's
    load, and its on_done runs after the page's; one more event-loop turn lets the figures paint."""
    from PySide6.QtCore import QTimer

    def report():
        print(f"ready_ms={process_age_ms():.0f}", flush=True)
        app.quit()

    runner.run(lambda: None, on_done=lambda _r: QTimer.singleShot(0, report))


def _report_shown(app, widget, *, then_quit: bool) -> int | None:
    """--smoke-test: print shown_ms once the window is exposed and the event loop has gone idle."""
    from PySide6.QtCore import QTimer

    def report():
        if not widget.isVisible():
            QTimer.singleShot(5, report)
            return
        print(f"shown_ms={process_age_ms():.0f}", flush=True)
        if then_quit:
            app.quit()

    QTimer.singleShot(0, report)
    if then_quit:
        return app.exec()
    return None


def gui_self_check() -> str:
    """Load the GUI's libraries and make the application (offscreen in an update's self-check); its platform name."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["qingfeng"])
    return app.platformName()
