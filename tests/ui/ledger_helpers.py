"""Helpers for the issue-4 page tests: build one page on a context, capture alerts, read the screen."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from desktop.ui import alerts
from desktop.ui.env import UiEnv
from desktop.ui.workers import Runner


class Alerts:
    """Records every message box instead of showing it; `answer` is what question() returns."""

    def __init__(self, monkeypatch):
        self.shown: list[tuple[str, str]] = []
        self.answer = True
        for kind in ("info", "warn", "error"):
            monkeypatch.setattr(alerts, kind, lambda parent, text, title="", k=kind: self.shown.append((k, text)))
        monkeypatch.setattr(alerts, "question", lambda parent, text, title="", **_kw: self._ask(text))

    def _ask(self, text):
        self.shown.append(("question", text))
        return self.answer

    def texts(self) -> str:
        return "\n".join(t for _k, t in self.shown)


def make_env(ctx, tmp_path, navigated=None):
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    env = UiEnv(ctx=ctx, runner=Runner(sync=True), settings=settings)
    if navigated is not None:
        env.navigate = lambda key, record_id=None: navigated.append((key, record_id))
    return env


def column_values(page, key: str) -> list[str]:
    """What the table shows in the column with model key `key`, top to bottom."""
    model = page.model
    col = next(i for i, c in enumerate(model.columns) if c.key == key)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]
