"""The background helper: sync mode for tests, async mode with a progress box only for slow jobs, cancel.

No test waits for wall-clock time: the box's delay is set out of reach and run out by hand (run_out_delays)."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.core.errors import ValidationError
from desktop.core.progress import Progress
from desktop.core.services.problems import ledger_io
from desktop.core.services.problems import records as problems
from desktop.core.services.registry import units
from desktop.ui import workers
from desktop.ui.widgets.progress_box import ProgressBox
from tests.ui.job_helpers import ShownBoxes, run_out_delays


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
def boxes(monkeypatch):
    monkeypatch.setattr(workers, "SHOW_AFTER_MS", 10 * 60 * 1000)  # never by itself: run_out_delays does it
    shown = ShownBoxes()
    yield shown
    shown.remove()


@pytest.fixture
def parent(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    return w


def visible_boxes(parent) -> list[ProgressBox]:
    return [b for b in parent.findChildren(ProgressBox) if b.isVisible()]


def test_async_quick_job_shows_no_dialog(qtbot, boxes, parent):
    runner = workers.Runner()
    done, threads = [], []
    runner.run(lambda: threads.append(threading.current_thread().name) or 42, on_done=done.append,
               title="很快", parent=parent)
    qtbot.waitUntil(lambda: done == [42], timeout=3000)
    run_out_delays(runner)  # the threshold passes after the job ended: the box must not appear afterwards either
    qtbot.wait(10)
    assert boxes.titles == [] and visible_boxes(parent) == []
    assert threads[0].startswith("qingfeng-db")
    runner.shutdown()


def test_async_slow_job_shows_progress_then_hides(qtbot, boxes, parent):
    runner = workers.Runner()
    gate, done = threading.Event(), []

    def slow():
        yield Progress(1, 5, "第 1 步")
        gate.wait(10)
        yield from job_with_progress(5)
        return "完成"

    runner.run(slow, on_done=done.append, title="正在生成", parent=parent)
    qtbot.waitUntil(lambda: run_out_delays(runner) == 1 and bool(visible_boxes(parent)), timeout=3000)
    box = visible_boxes(parent)[0]
    qtbot.waitUntil(lambda: box.label.text() == "第 1 步", timeout=3000)
    assert box.windowModality() == Qt.WindowModality.WindowModal
    assert not box.cancel_button.isVisible()  # no on_cancel: the job is not meant to stop half-way
    gate.set()
    qtbot.waitUntil(lambda: done == ["完成"], timeout=5000)
    assert boxes.titles == ["清风台账"] and visible_boxes(parent) == []
    assert run_out_delays(runner) == 0  # nothing of the job is left that could open a box later
    runner.shutdown()


def test_a_job_without_steps_cannot_be_cancelled_and_escape_keeps_its_box(qtbot, boxes, parent):
    runner = workers.Runner()
    gate, done = threading.Event(), []
    runner.run(lambda: gate.wait(10) and "好", on_done=done.append, title="正在签发", parent=parent)
    qtbot.waitUntil(lambda: run_out_delays(runner) == 1 and bool(visible_boxes(parent)), timeout=3000)
    box = visible_boxes(parent)[0]
    assert box.label.text() == "正在签发" and not box.cancel_button.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.isVisible(), "the box of a running job does not vanish on Escape"
    gate.set()
    qtbot.waitUntil(lambda: done == ["好"], timeout=5000)
    assert visible_boxes(parent) == []
    runner.shutdown()


def test_cancel_stops_the_problem_export_and_leaves_no_file(qtbot, boxes, parent, ctx, tmp_path):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    vid = units.villages(ctx)[0]["id"]
    for i in range(5):
        problems.create_problem(ctx, {"unit_id": vid, "description": f"问题 {i}", "found_date": "2026-11-01"})
    out = tmp_path / "out" / "问题整改台账.xlsx"
    out.parent.mkdir()
    gate, done, cancelled = threading.Event(), [], []

    def export():  # the real export; it waits after its first step so the click lands in the middle
        job = ledger_io.export_problems(ctx, out)
        yield next(job)
        gate.wait(10)
        return (yield from job)

    from openpyxl.worksheet._writer import ALL_TEMP_FILES

    temp_before = set(ALL_TEMP_FILES)
    runner = workers.Runner()
    runner.run(export, on_done=done.append, on_cancel=lambda: cancelled.append(True), title="正在导出问题整改台账……",
               parent=parent)
    qtbot.waitUntil(lambda: run_out_delays(runner) == 1 and bool(visible_boxes(parent)), timeout=3000)
    box = visible_boxes(parent)[0]
    qtbot.waitUntil(box.cancel_button.isVisible, timeout=3000)
    qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    assert not box.cancel_button.isEnabled() and box.cancel_button.text() == "正在取消……"
    gate.set()
    qtbot.waitUntil(lambda: cancelled == [True], timeout=5000)
    assert done == [] and visible_boxes(parent) == []
    assert list(out.parent.iterdir()) == [], "a cancelled export leaves no file, not even a temporary one"
    assert set(ALL_TEMP_FILES) == temp_before  # nor openpyxl's temporary sheet file
    runner.shutdown()


def test_escape_cancels_a_job_that_can_stop(qtbot, boxes, parent):
    runner = workers.Runner()
    gate, cancelled = threading.Event(), []

    def job():
        yield Progress(0, 3, "第 0 步")
        gate.wait(10)
        yield Progress(1, 3, "第 1 步")
        raise AssertionError("must not get here")

    runner.run(job, on_cancel=lambda: cancelled.append(True), title="正在导出", parent=parent)
    qtbot.waitUntil(lambda: run_out_delays(runner) == 1 and bool(visible_boxes(parent)), timeout=3000)
    box = visible_boxes(parent)[0]
    qtbot.waitUntil(box.cancel_button.isVisible, timeout=3000)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    gate.set()
    qtbot.waitUntil(lambda: cancelled == [True], timeout=5000)
    assert visible_boxes(parent) == []
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
