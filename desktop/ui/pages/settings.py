"""设置: a tab per settings module in desktop/ui/settings_tabs."""

from __future__ import annotations

import importlib
import pkgutil

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.ui import settings_tabs


class SettingsPage(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.tabs = QTabWidget()
        modules = []
        for info in pkgutil.iter_modules(settings_tabs.__path__):
            module = importlib.import_module(f"{settings_tabs.__name__}.{info.name}")
            if hasattr(module, "Tab"):
                modules.append(module)
        for module in sorted(modules, key=lambda m: getattr(m, "ORDER", 100)):
            self.tabs.addTab(module.Tab(env), module.TITLE)
        QVBoxLayout(self).addWidget(self.tabs)

    def on_shown(self) -> None:
        tab = self.tabs.currentWidget()
        if tab is not None and hasattr(tab, "on_shown"):
            tab.on_shown()
