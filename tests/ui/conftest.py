"""UI fixtures: a UiEnv on a fresh data copy, with a synchronous runner and alerts recorded instead of shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(scope="session", autouse=True)
def app_setup(qapp):
    """The same QApplication set-up as the real program: Chinese Qt dialogs, CJK font, icon."""
    from desktop.app import make_application

    make_application()
    return qapp


@pytest.fixture
def alerts_log(monkeypatch):
    """Every message box the code asks for, as (kind, text). `question` answers from `answers` (default yes)."""
    from desktop.ui import alerts

    log = _AlertLog()
    answers = log.answers
    for kind in ("info", "warn", "error"):
        monkeypatch.setattr(alerts, kind, lambda parent, text, title="", k=kind: log.append((k, text)))

    def question(parent, text, title="", **_kw):
        log.append(("question", text))
        return answers.pop(0) if answers else True

    monkeypatch.setattr(alerts, "question", question)
    return log


class _AlertLog(list):
    def __init__(self):
        super().__init__()
        self.answers: list[bool] = []


def make_env(ctx, tmp_path):
    from desktop.ui.env import UiEnv
    from desktop.ui.workers import Runner

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    return UiEnv(ctx=ctx, runner=Runner(sync=True), settings=settings)


@pytest.fixture
def env(ctx, tmp_path, qapp):
    return make_env(ctx, tmp_path)


@pytest.fixture
def demo_env(demo_ctx, tmp_path, qapp):
    return make_env(demo_ctx, tmp_path)


SHOTS = "/tmp/shots-issue3"


def shot(widget, name: str) -> None:
    """Save an offscreen screenshot for a human to look at (not compared)."""
    import os

    from PySide6.QtWidgets import QApplication

    os.makedirs(SHOTS, exist_ok=True)
    QApplication.processEvents()  # let pending layout changes settle, as the event loop would
    widget.grab().save(f"{SHOTS}/{name}.png")


def type_text(widget, text: str) -> None:
    """Type `text` into `widget` key by key (QTest.keyClicks only knows ASCII; Chinese arrives as key text)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))
