"""GUI composition root: QApplication, Chinese Qt dialogs, the main window first, then the data.

Start-up order is chosen for speed: only QtWidgets is imported before the window is shown; SQLAlchemy,
SQLModel and the page modules load right after, off the GUI thread.
"""

from __future__ import annotations

import os
import sys
import time

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
    """The QApplication with name, icon, Chinese translations of Qt's own dialogs and a CJK UI font."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    from PySide6.QtGui import QFont, QFontDatabase, QIcon
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("清风台账")
    app.setOrganizationName("qingfeng")
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for name in ("qtbase_zh_CN",):
        tr = QTranslator(app)
        if tr.load(name, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(tr)
    from desktop.core.paths import resources_dir

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "qingfeng.svg")))
    families = set(QFontDatabase.families())
    for family in ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                   "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "AR PL UMing CN"):
        if family in families:
            app.setFont(QFont(family, 10))
            break
    return app


def run_gui(data_dir: str | None = None, *, smoke_test: bool = False, login: str | None = None) -> int:
    """Start the desktop application. Returns the process exit code."""
    from desktop.core.errors import QingfengError
    from desktop.core.paths import DataDir, default_data_dir
    from desktop.core.services.peek import site_of
    from desktop.core.store.lock import InstanceLock

    app = make_application()
    from desktop.ui import alerts, crash

    data = DataDir(data_dir or default_data_dir())
    lock = InstanceLock(data.root)
    try:
        site = site_of(data)
        if site is not None:
            lock.acquire()
    except QingfengError as exc:
        return _fail(alerts, exc, smoke_test)
    try:
        crash.setup_logging(data.sub("logs")) if site is not None else None
    except OSError:
        pass
    crash.install()
    if site is None:
        return _first_run(app, data, lock, smoke_test)
    return _main(app, data, lock, login, smoke_test)


def _fail(alerts, exc, smoke_test: bool) -> int:
    if smoke_test:
        print(f"错误：{exc}", file=sys.stderr)
    else:
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
    from desktop.ui import crash

    crash.setup_logging(data.sub("logs"))
    return _main(app, data, lock, None, False, opened=wizard.context)


def _main(app, data, lock, login, smoke_test: bool, opened=None) -> int:
    from desktop.ui.env import UiEnv, ui_settings
    from desktop.ui.main_window import MainWindow
    from desktop.ui.workers import Runner

    settings = ui_settings(data.root)
    window = MainWindow(settings, app.windowIcon())
    window.show()
    runner = Runner(parent=window)
    outcome = {"code": 0}

    def opened_ok(ctx):
        window.attach(UiEnv(ctx=ctx, runner=runner, settings=settings))
        if smoke_test:
            app.quit()

    def failed(exc):
        outcome["code"] = 1
        if smoke_test:
            print(f"错误：{exc}", file=sys.stderr)
        else:
            from desktop.ui import alerts

            alerts.show_error(window, exc)
        app.quit()

    if smoke_test:
        _report_shown(app, window, then_quit=False)
    if opened is not None:
        opened_ok(opened)
    else:
        from desktop.core.services.context import open_context

        runner.run(lambda: open_context(data.root, login=login, lock=False), on_done=opened_ok, on_error=failed)
    code = app.exec()
    runner.shutdown()
    if window.env is not None:
        window.env.ctx.close()
    lock.release()
    return outcome["code"] or code


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
