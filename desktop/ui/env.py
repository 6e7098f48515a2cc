"""What every page receives: the core context, the background runner, UI settings, and navigation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

if TYPE_CHECKING:  # workers pulls in more of Qt; not needed to build an env
    from desktop.ui.workers import Runner


@dataclass
class UiEnv:
    """Passed to each page: `Page(env)`. Pages reach services through `env.ctx`, never the store."""

    ctx: object  # desktop.core.services.org.context.Context
    runner: Runner
    settings: QSettings
    navigate: Callable[[str, str | None], None] = field(default=lambda key, record_id=None: None)
    status: Callable[[str], None] = field(default=lambda text: None)
    # after the whole database changed (restore): refresh the status bar and the page on screen
    data_changed: Callable[[], None] = field(default=lambda: None)
    idle_lock: object = None  # desktop.ui.idle_lock.IdleLock once the user is logged in (the real program)

    @property
    def read_only(self) -> bool:
        """只读 users and district staff viewing township rows cannot edit."""
        return getattr(self.ctx, "user_role", "") == "只读"


def ui_settings(data_root) -> QSettings:
    """Window geometry, column widths and similar UI state, kept in <data dir>/界面设置.ini."""
    from pathlib import Path

    return QSettings(str(Path(data_root) / "ui-settings.ini"), QSettings.Format.IniFormat)
