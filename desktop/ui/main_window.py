"""The main window: left navigation of every page, a stack of lazily built pages, and a status bar."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.pages import PAGES, PageSpec

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QIcon

# Start-up speed: nothing here touches the `Qt` namespace (≈15 ms to load) before the window is shown;
# keyboard shortcuts are installed in attach(), after the first paint.


class MainWindow(QMainWindow):
    """Pages are built the first time they are shown, so the window appears before any heavy import."""

    page_changed = Signal(str)

    def __init__(self, settings=None, icon: QIcon | None = None):
        super().__init__()
        self.setWindowTitle("清风台账")
        if icon:
            self.setWindowIcon(icon)
        self.settings = settings
        self.env = None
        self._pages: dict[str, QWidget] = {}
        self._build()
        self._restore_geometry()

    def _build(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(132)
        self.nav.setStyleSheet("QListWidget#nav { font-size: 11pt; } QListWidget#nav::item { padding: 7px 10px; }")
        self.nav.addItems([spec.title for spec in PAGES])
        for i in range(len(PAGES)):
            self.nav.item(i).setToolTip(f"{PAGES[i].title}（Ctrl+{(i + 1) % 10}）")
        self.stack = QStackedWidget()
        self.loading = QLabel("正在打开数据……")
        self.stack.addWidget(_centred(self.loading))
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.site_label, self.user_label, self.path_label = QLabel(), QLabel(), QLabel()
        bar = QStatusBar()
        for w in (self.site_label, self.user_label):
            bar.addWidget(w)
        bar.addPermanentWidget(self.path_label)

        self.setStatusBar(bar)
        self.nav.currentRowChanged.connect(self._on_nav)

    def _build_shortcuts(self) -> None:
        """Ctrl+1 … Ctrl+0 jump to the pages in navigation order."""
        from PySide6.QtGui import QKeySequence, QShortcut

        for i in range(min(len(PAGES), 10)):
            QShortcut(QKeySequence(f"Ctrl+{(i + 1) % 10}"), self, activated=lambda row=i: self.nav.setCurrentRow(row))

    def show_login(self, page: QWidget) -> None:
        """Before any data: the login page fills the window, navigation is off."""
        self._login_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.nav.setEnabled(False)
        if hasattr(page, "password"):
            page.password.setFocus()

    def end_login(self) -> None:
        page = getattr(self, "_login_page", None)
        if page is not None:
            self.stack.removeWidget(page)
            page.deleteLater()
            self._login_page = None
        self.nav.setEnabled(True)

    def attach(self, env) -> None:
        """Called once the data is open: enables navigation and shows the first page."""
        self.env = env
        env.navigate = self.navigate
        env.status = lambda text: self.statusBar().showMessage(text, 5000)
        env.data_changed = self.refresh
        self._build_shortcuts()
        self._show_identity()
        self.nav.setCurrentRow(0)
        self._on_nav(0)
        self.nav.setFocus()

    def _show_identity(self) -> None:
        ctx = self.env.ctx
        role = "区县" if ctx.role == "district" else "乡镇"
        self.site_label.setText(f"单位：{ctx.site_name}（{ctx.site_code}，{role}）")
        self.user_label.setText(f"用户：{ctx.user_name}（{ctx.user_role}）")
        self.path_label.setText(_elided(self.path_label, f"数据：{ctx.data.root}", 380))
        self.path_label.setToolTip(str(ctx.data.root))
        self.setWindowTitle(f"清风台账 — {ctx.site_name}")

    def refresh(self) -> None:
        """The database was replaced (restore): show the new identity and reload the page on screen.

        Other pages reload their data the next time they are shown (on_shown).
        """
        self._show_identity()
        widget = self.stack.currentWidget()
        if hasattr(widget, "on_shown"):
            widget.on_shown()

    def page(self, key: str) -> QWidget:
        """The page widget for `key`, built on first use (placeholder if its module does not exist yet)."""
        if key not in self._pages:
            spec = next(p for p in PAGES if p.key == key)
            widget = self._make_page(spec)
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def _make_page(self, spec: PageSpec) -> QWidget:
        try:
            module = importlib.import_module(f"desktop.ui.pages.{spec.module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"desktop.ui.pages.{spec.module}":
                raise
            from desktop.ui.pages.placeholder import PlaceholderPage

            return PlaceholderPage(spec.title)
        return getattr(module, spec.cls)(self.env)

    def navigate(self, key: str, record_id: str | None = None) -> None:
        """Show page `key`; with a record id, ask the page to open that record."""
        row = next(i for i, p in enumerate(PAGES) if p.key == key)
        self.nav.setCurrentRow(row)
        if record_id and hasattr(self.page(key), "open_record"):
            self.page(key).open_record(record_id)

    def _on_nav(self, row: int) -> None:
        if self.env is None or row < 0:
            return
        key = PAGES[row].key
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        if hasattr(widget, "on_shown"):
            widget.on_shown()
        self.page_changed.emit(key)

    def current_key(self) -> str:
        return PAGES[max(self.nav.currentRow(), 0)].key

    def _restore_geometry(self) -> None:
        geo = self.settings.value("main/geometry") if self.settings else None
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.settings is not None:
            self.settings.setValue("main/geometry", self.saveGeometry())
            for widget in self._pages.values():
                if hasattr(widget, "save_state"):
                    widget.save_state(self.settings)
            self.settings.sync()
        super().closeEvent(event)


def _centred(widget: QWidget) -> QWidget:
    """`widget` in the middle of a box (stretches instead of alignment flags: see the note at the top)."""
    box = QWidget()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    col = QVBoxLayout(box)
    col.addStretch(1)
    col.addLayout(row)
    col.addStretch(1)
    return box


def _elided(label: QLabel, text: str, width: int) -> str:
    """`text` shortened in the middle to fit `width` pixels (long data paths in the status bar)."""
    from PySide6.QtCore import Qt

    return label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, width)
