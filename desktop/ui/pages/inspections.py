"""村居检查: inspections list, the check form, coverage per period, village profile and the checklists (两清单)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.core.services.checks import inspections
from desktop.ui import alerts
from desktop.ui.widgets.check_form import CheckForm
from desktop.ui.widgets.checklists_view import ChecklistsView
from desktop.ui.widgets.coverage_view import CoverageView
from desktop.ui.widgets.inspection_list import InspectionListView
from desktop.ui.widgets.village_profile_view import VillageProfileView

TAB_LIST, TAB_FORM, TAB_COVERAGE, TAB_PROFILE, TAB_CHECKLISTS = range(5)


class InspectionsPage(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.tabs = QTabWidget()
        self.list_view = InspectionListView(env)
        self.form = CheckForm(env)
        self.coverage = CoverageView(env)
        self.profile = VillageProfileView(env)
        self.checklists = ChecklistsView(env)
        for widget, title in ((self.list_view, "检查记录"), (self.form, "检查表单"), (self.coverage, "覆盖情况"),
                              (self.profile, "村居档案"), (self.checklists, "检查清单")):
            self.tabs.addTab(widget, title)
        QVBoxLayout(self).addWidget(self.tabs)
        self.list_view.open_requested.connect(self.open_record)
        self.list_view.new_requested.connect(self.new_inspection)
        self.form.completed.connect(self._on_form_changed)
        self.form.saved.connect(self._on_form_changed)
        self.coverage.open_unit.connect(self.open_profile)
        self.profile.open_inspection.connect(self.open_record)
        self.profile.new_inspection.connect(self.new_inspection)
        self.tabs.currentChanged.connect(self._on_tab)
        sc = QShortcut(QKeySequence("Ctrl+N"), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(self.new_inspection)
        self.list_view.restore_state(env.settings)
        self._loaded = False

    def on_shown(self) -> None:
        if not self._loaded:
            self.list_view.fill_units()
            self._loaded = True
        self._on_tab(self.tabs.currentIndex())

    @Slot(int)
    def _on_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self.list_view:
            self.list_view.reload()
        elif hasattr(widget, "on_shown"):
            widget.on_shown()

    def open_record(self, inspection_id: str) -> None:
        """Open an inspection in the check form."""
        if self.form.is_dirty() and not self.form.save():
            return
        self.form.load(inspection_id)
        self.tabs.setCurrentWidget(self.form)
        self.form.focus_items()

    def open_profile(self, unit_id: str) -> None:
        self.tabs.setCurrentWidget(self.profile)
        self.profile.show_unit(unit_id)

    @Slot()
    def new_inspection(self, unit_id: str | None = None) -> None:
        if self.env.read_only:
            return
        from desktop.ui.dialogs.new_inspection import NewInspectionDialog

        self.new_dialog = NewInspectionDialog(self.env, self, unit_id=unit_id or None)
        self.new_dialog.accepted.connect(self._on_new_accepted)
        self.new_dialog.open()

    @Slot()
    def _on_new_accepted(self) -> None:
        try:
            ins = inspections.create_inspection(self.env.ctx, self.new_dialog.data())
        except Exception as exc:  # noqa: BLE001 - shown to the user
            alerts.show_error(self, exc)
            return
        self.list_view.reload()
        self.open_record(ins["id"])

    @Slot(str)
    def _on_form_changed(self, _inspection_id: str) -> None:
        self.list_view.reload()

    def save_state(self, settings) -> None:
        self.list_view.save_state(settings)
        if self.form.is_dirty():
            self.form.save()
