"""Locking the program after an idle time (setting `idle_lock_minutes`, default 10; 0 = never) or on Ctrl+L.

Locked, every visible window (the main window and any open dialog) is covered by a LockOverlay: nothing of the
data shows, and the forms underneath keep their unsaved input. The user's password on any overlay unlocks all.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

SETTING = "idle_lock_minutes"
DEFAULT_MINUTES = 10
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


def idle_minutes(ctx) -> int:
    from desktop.core.services.org import settings

    value = settings.get(ctx, SETTING, DEFAULT_MINUTES)
    return int(value) if isinstance(value, int | float) and value >= 0 else DEFAULT_MINUTES


class IdleLock(QObject):
    """Watches the application's input events; `lock()` covers the windows, `try_unlock(pw)` lifts the cover."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.overlays = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(idle_minutes(env.ctx))
        QApplication.instance().installEventFilter(self)

    @property
    def ctx(self):
        return self.env.ctx

    @property
    def locked(self) -> bool:
        return bool(self.overlays)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(minutes * 60 * 1000)
        else:
            self.timer.stop()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt
        if not self.overlays and event.type() in _ACTIVITY and self.minutes > 0:
            self.timer.start(self.minutes * 60 * 1000)
        return False

    def lock(self) -> None:
        from desktop.ui.login import LockOverlay

        if self.overlays or self.ctx.user_id is None:
            return
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and not w.isMinimized():
                self.overlays.append(LockOverlay(w, self))
        self.timer.stop()

    def try_unlock(self, password: str, overlay) -> None:
        from desktop.core.services.org import auth

        ctx = self.ctx
        self.env.runner.run(lambda: auth.check_again(ctx, password), on_done=lambda _r: self.unlock(),
                            on_error=lambda exc: self._refused(exc, overlay), parent=overlay)

    def _refused(self, exc, overlay) -> None:
        from desktop.core.errors import QingfengError

        if not isinstance(exc, QingfengError):
            raise exc
        overlay.error.setText(str(exc))
        overlay.password.selectAll()

    def unlock(self) -> None:
        for o in self.overlays:
            o.parent().removeEventFilter(o)
            o.hide()
            o.deleteLater()
        self.overlays = []
        self.set_minutes(self.minutes)

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.timer.stop()
