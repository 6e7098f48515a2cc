"""Background work (docs/ARCHITECTURE.md §6): one single-worker executor for DB writes and long jobs.

    env.runner.run(lambda: problems.close(ctx, pid, ...), on_done=self._reload, parent=self)
    env.runner.run(lambda: documents.render_batch(ctx, ids), title="正在生成文书", on_done=..., parent=self)

A job returning a generator is drained on the worker; each yielded Progress updates a progress dialog that
appears only if the job takes longer than 0.5 s. `on_done(result)` and `on_error(exc)` run on the GUI thread.
With `sync=True` (tests) jobs run inline and callbacks fire before `run` returns.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.core.progress import Progress

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 500


class _Job(QObject):
    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(object)


class Runner(QObject):
    """Runs jobs off the GUI thread, one at a time, in submission order."""

    def __init__(self, *, sync: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.sync = sync
        self._pool = None if sync else ThreadPoolExecutor(max_workers=1, thread_name_prefix="qingfeng-db")
        self._jobs: set[_Job] = set()

    def run(self, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, title: str = "",
            parent: QWidget | None = None) -> None:
        """Run `fn()` in the background. Errors go to `on_error`, else to alerts.show_error."""
        job = _Job()
        dialog = _ProgressDialog(title, parent) if title else None
        job.progressed.connect(dialog.step if dialog else (lambda _p: None))

        def finish(result):
            self._jobs.discard(job)
            if dialog:
                dialog.done_()
            if on_done:
                on_done(result)

        def fail(exc):
            self._jobs.discard(job)
            if dialog:
                dialog.done_()
            if on_error:
                on_error(exc)
            else:
                from desktop.ui import alerts

                alerts.show_error(parent, exc)

        job.finished.connect(finish, Qt.ConnectionType.QueuedConnection if not self.sync else Qt.ConnectionType.AutoConnection)
        job.failed.connect(fail, Qt.ConnectionType.QueuedConnection if not self.sync else Qt.ConnectionType.AutoConnection)
        self._jobs.add(job)

        def work():
            try:
                result = fn()
                if inspect.isgenerator(result):
                    result = _drain(result, job.progressed.emit)
            except BaseException as exc:  # noqa: BLE001 - delivered to the GUI thread
                if not isinstance(exc, Exception):
                    log.exception("后台任务异常")
                job.failed.emit(exc)
                return
            job.finished.emit(result)

        if self.sync:
            work()
        else:
            self._pool.submit(work)

    def shutdown(self) -> None:
        if self._pool:
            self._pool.shutdown(wait=True)


def _drain(gen, emit):
    while True:
        try:
            step = next(gen)
        except StopIteration as stop:
            return stop.value
        emit(step)


class _ProgressDialog(QProgressDialog):
    """Appears only when the job is still running after SHOW_AFTER_MS."""

    def __init__(self, title: str, parent: QWidget | None):
        super().__init__(title, "", 0, 0, parent)
        self.setWindowTitle("清风台账")
        self.setCancelButton(None)
        self.setMinimumDuration(0)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self._finished = False
        self.hide()
        QTimer.singleShot(SHOW_AFTER_MS, self._maybe_show)

    @Slot()
    def _maybe_show(self):
        if not self._finished:
            self.show()

    @Slot(object)
    def step(self, p):
        if isinstance(p, Progress):
            if p.total:
                self.setMaximum(p.total)
                self.setValue(min(p.done, p.total))
            if p.message:
                self.setLabelText(p.message)
        else:
            self.setLabelText(str(p))

    def done_(self):
        self._finished = True
        self.hide()
        self.deleteLater()
