"""The background helper: sync mode for tests, async mode with a progress dialog only for slow jobs."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtWidgets import QWidget

from desktop.core.errors import ValidationError
from desktop.core.progress import Progress
from desktop.ui import workers


def job_with_progress(n, pause=0.0):
    for i in range(n):
        time.sleep(pause)
        yield Progress(i + 1, n, f"第 {i + 1} 步")
    return "完成"


def test_sync_runs_inline_and_drains_generators():
    runner = workers.Runner(sync=True)
    got = []
    runner.run(lambda: job_with_progress(3), on_done=got.append, title="测试")
    assert got == ["完成"]  # before run() returned
    errors = []
    runner.run(lambda: (_ for _ in ()).throw(ValidationError("错了")), on_error=errors.append)
    assert isinstance(errors[0], ValidationError)


def test_sync_error_without_handler_goes_to_alerts(alerts_log):
    def boom():
        raise ValidationError("名称不能为空。")

    workers.Runner(sync=True).run(boom)
    assert alerts_log == [("warn", "名称不能为空。")]


@pytest.fixture
def fast_threshold(monkeypatch):
    monkeypatch.setattr(workers, "SHOW_AFTER_MS", 100)
    shown = []
    real = workers._ProgressDialog.show
    monkeypatch.setattr(workers._ProgressDialog, "show", lambda self: shown.append(self.labelText()) or real(self))
    return shown


def test_async_quick_job_shows_no_dialog(qtbot, fast_threshold):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = workers.Runner()
    done, threads = [], []
    runner.run(lambda: threads.append(threading.current_thread().name) or 42, on_done=done.append,
               title="很快", parent=parent)
    qtbot.waitUntil(lambda: done == [42], timeout=3000)
    qtbot.wait(150)  # past the threshold: the dialog must not appear afterwards either
    assert fast_threshold == [] and threads[0].startswith("qingfeng-db")
    runner.shutdown()


def test_async_slow_job_shows_progress_then_hides(qtbot, fast_threshold):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = workers.Runner()
    done = []
    runner.run(lambda: job_with_progress(5, pause=0.06), on_done=done.append, title="正在生成", parent=parent)
    qtbot.waitUntil(lambda: done == ["完成"], timeout=5000)
    assert fast_threshold, "a job longer than the threshold must show the progress dialog"
    dialogs = [d for d in parent.findChildren(workers.QProgressDialog) if d.isVisible()]
    assert dialogs == []
    runner.shutdown()


def test_async_error_reaches_gui_thread(qtbot):
    runner = workers.Runner()
    errors = []

    def boom():
        raise ValidationError("后台出错")

    runner.run(boom, on_error=lambda e: errors.append((e, threading.current_thread() is threading.main_thread())))
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert str(errors[0][0]) == "后台出错" and errors[0][1]
    runner.shutdown()
