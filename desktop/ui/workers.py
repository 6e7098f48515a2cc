"""Background work (docs/ARCHITECTURE.md §6): one single-worker executor for DB writes and long jobs.

    env.runner.run(lambda: problems.close(ctx, pid, ...), on_done=self._reload, parent=self)
    env.runner.run(lambda: documents.render_batch(ctx, ids), title="正在生成文书", on_done=..., parent=self)

A job returning a generator is drained on the worker; each yielded Progress updates a progress box that appears
only if the job is still running after SHOW_AFTER_MS. A generator job given `on_cancel` can be cancelled (取消 in
the box, or Escape): the runner stops it between two steps by closing the generator (its cleanup runs; the jobs write files
atomically, so nothing half-written is left) and calls `on_cancel()` instead of `on_done`.
`on_done(result)`, `on_error(exc)` and `on_cancel()` run on the GUI thread, always AFTER the job's box and timer are
gone: a result box opened there (a nested modal loop) can never have the progress box come back over it.
With `sync=True` (tests) jobs run inline, without a box, and callbacks fire before `run` returns.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 500


class Cancelled(Exception):
    """The user cancelled the job; it stopped between two progress steps."""


class _Job(QObject):
    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self):
        super().__init__()
        self.cancel_requested = threading.Event()
        self.ended = threading.Event()  # set on the worker just before the result is posted to the GUI thread


class Runner(QObject):
    """Runs jobs off the GUI thread, one at a time, in submission order."""

    def __init__(self, *, sync: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.sync = sync
        self._pool = None if sync else ThreadPoolExecutor(max_workers=1, thread_name_prefix="qingfeng-db")
        self._jobs: set[_Job] = set()

    def run(self, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            on_cancel: Callable[[], None] | None = None, title: str = "",
            parent: QWidget | None = None) -> None:
        """Run `fn()` in the background. Errors go to `on_error`, else to alerts.show_error."""
        job = _Job()
        box = _BoxControl(job, title, parent, self, cancellable=on_cancel is not None) if title and not self.sync else None
        if box:
            job.progressed.connect(box.step)

        def end():
            self._jobs.discard(job)
            if box:
                box.close()  # before any callback: nothing of this job can show up afterwards

        def finish(result):
            end()
            if on_done:
                on_done(result)

        def fail(exc):
            end()
            if on_error:
                on_error(exc)
            else:
                from desktop.ui import alerts

                alerts.show_error(parent, exc)

        def cancelled():
            end()
            if on_cancel:
                on_cancel()

        kind = Qt.ConnectionType.AutoConnection if self.sync else Qt.ConnectionType.QueuedConnection
        job.finished.connect(finish, kind)
        job.failed.connect(fail, kind)
        job.cancelled.connect(cancelled, kind)
        self._jobs.add(job)

        def work():
            try:
                result = fn()
                if inspect.isgenerator(result):
                    result = _drain(result, job.progressed.emit, job.cancel_requested)
            except Cancelled:
                job.ended.set()
                job.cancelled.emit()
                return
            except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
                if not isinstance(exc, Exception):
                    log.exception("后台任务异常")
                job.ended.set()
                job.failed.emit(exc)
                return
            job.ended.set()
            job.finished.emit(result)

        if self.sync:
            work()
        else:
            self._pool.submit(work)

    def shutdown(self) -> None:
        if self._pool:
            self._pool.shutdown(wait=True)


def _drain(gen, emit, cancel: threading.Event):
    while True:
        if cancel.is_set():
            gen.close()  # GeneratorExit at the job's last yield: its with/finally blocks clean up
            raise Cancelled
        try:
            step = next(gen)
        except StopIteration as stop:
            return stop.value
        emit(step)


class _BoxControl(QObject):
    """The GUI side of one titled job: a delay timer, then (if still running) the progress box.

    The box is only created when the timer fires, and close() stops the timer and removes the box at once, so the
    order of 'timer fired' and 'job ended' cannot matter.
    """

    def __init__(self, job: _Job, title: str, parent: QWidget | None, owner: QObject, *, cancellable: bool):
        super().__init__(owner)
        self.job, self.title, self.parent_widget = job, title, parent
        self.box = None
        self.last: Any = None
        self.cancellable = cancellable  # shows 取消 once the job reports steps (it can stop between them)
        self.stepping = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.show_box)
        self.timer.start(SHOW_AFTER_MS)

    def show_box(self) -> None:
        if self.timer is None or self.box is not None or self.job.ended.is_set():
            return  # the job is over (its result may be waiting in the queue): never open a box for it
        from desktop.ui.widgets.progress_box import ProgressBox

        self.box = ProgressBox(self.title, self.parent_widget)
        self.box.cancel_clicked.connect(self.request_cancel)
        if self.cancellable and self.stepping:
            self.box.allow_cancel()
        if self.last is not None:
            self.box.step(self.last)
        self.box.show()

    def step(self, p) -> None:
        self.last, self.stepping = p, True
        if self.box is not None:
            if self.cancellable:
                self.box.allow_cancel()
            self.box.step(p)

    def request_cancel(self) -> None:
        self.job.cancel_requested.set()
        if self.box is not None:
            self.box.cancelling()

    def close(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if self.box is not None:
            self.box.hide()
            self.box.setParent(None)
            self.box.deleteLater()
            self.box = None
        self.setParent(None)
        self.deleteLater()
