"""线索与案件: two tabs in the usual list + detail form — 线索处置 (leads and their disposal) and 审查调查
(cases, outcomes). Only 管理员/负责人 see anything here; every view is audited by the services."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.core.services.cases import access
from desktop.ui.pages._case_files import CaseFilesTab
from desktop.ui.pages._case_leads import LeadsTab

__all__ = ["CasesPage", "CaseFilesTab", "LeadsTab"]


class CasesPage(QWidget):
    """The 线索与案件 page: tabs 线索处置 and 审查调查, or a notice for the roles that may not see them."""

    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        self.allowed = access.can_see(env.ctx)
        if not self.allowed:
            note = QLabel("问题线索和案件属于敏感信息，只有管理员和负责人可以查看。")
            note.setObjectName("denied")
            note.setStyleSheet("color:#666; font-size:14px; padding:24px")
            layout.addWidget(note)
            layout.addStretch(1)
            return
        self.tabs = QTabWidget()
        self.leads_tab, self.cases_tab = LeadsTab(env), CaseFilesTab(env)
        self.tabs.addTab(self.leads_tab, "线索处置")
        self.tabs.addTab(self.cases_tab, "审查调查")
        self.tabs.currentChanged.connect(lambda _i: self.on_shown())
        layout.addWidget(self.tabs)

    def on_shown(self) -> None:
        if self.allowed:
            self.tabs.currentWidget().on_shown()

    def open_record(self, record_id: str) -> None:
        if self.allowed:
            self.tabs.setCurrentWidget(self.leads_tab)
            self.leads_tab.open_record(record_id)

    def save_state(self, settings) -> None:
        if self.allowed:
            self.leads_tab.save_state(settings)
            self.cases_tab.save_state(settings)
