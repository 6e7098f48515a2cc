"""Pages of the main window, one module each.

A page module defines a QWidget subclass constructed as `Page(env: UiEnv)`. Optional methods:
`on_shown()` (called each time the user navigates to it) and `open_record(record_id)` (jump to a record).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str  # under desktop.ui.pages
    cls: str
    icon: str = ""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("workbench", "工作台", "workbench", "WorkbenchPage"),
    PageSpec("matters", "监督台账", "matters", "MattersPage"),
    PageSpec("problems", "问题整改", "problems", "ProblemsPage"),
    PageSpec("inspections", "村居检查", "inspections", "InspectionsPage"),
    PageSpec("documents", "文书", "documents", "DocumentsPage"),
    PageSpec("talks", "谈话记录", "talks", "TalksPage"),
    PageSpec("cases", "线索与案件", "cases", "CasesPage"),
    PageSpec("registry", "单位人员", "registry", "RegistryPage"),
    PageSpec("stats", "统计报表", "stats", "StatsPage"),
    PageSpec("exchange", "数据交换", "exchange", "ExchangePage"),
    PageSpec("settings", "设置", "settings", "SettingsPage"),
)


def spec(key: str) -> PageSpec:
    return next(p for p in PAGES if p.key == key)
