"""Building blocks shared by the ledger pages (监督台账, 问题整改, 谈话记录): table view, filter combos,
optional date field, header-state persistence, a read-only detail view.

    view = make_table(model)                          # rows selectable, fixed row height, no word wrap
    restore_header(settings, "matters/header", view)  # column widths remembered between sessions
    combo = FilterCombo("全部来源", MATTER_SOURCES)   # value() → None for 全部
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QTableView,
    QTextBrowser,
)

from desktop.ui.widgets.table_view import LedgerTableView


def make_table(model, *, multi: bool = False, db_sort: bool = False) -> QTableView:
    """A table view tuned for large ledgers (widgets.table_view: copy rows, row menu, header sort, hover text,
    fitted columns); fixed row height. `db_sort`: the page sorts itself on header clicks (in the database)."""
    view = LedgerTableView(db_sort=db_sort)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.setTabKeyNavigation(False)
    vh = view.verticalHeader()
    vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vh.setDefaultSectionSize(26)
    vh.hide()
    hh = view.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    hh.setSectionsClickable(True)
    hh.setSortIndicatorShown(True)
    hh.setHighlightSections(False)
    for i, col in enumerate(getattr(model, "columns", [])):
        view.setColumnWidth(i, col.width)
    view.setModel(model)
    return view


def restore_header(settings, key: str, view: QTableView) -> None:
    state = settings.value(key) if settings is not None else None
    if state is not None:
        view.horizontalHeader().restoreState(state)
        if isinstance(view, LedgerTableView):  # the user's widths win over fitting; older states stretched the last
            view.fitted = True
            view.horizontalHeader().setStretchLastSection(False)
            view._stretch_description()


def save_header(settings, key: str, view: QTableView) -> None:
    if settings is not None:
        settings.setValue(key, view.horizontalHeader().saveState())


class FilterCombo(QComboBox):
    """A combo whose first entry means 'no filter'. Items are plain strings or (label, value) pairs."""

    def __init__(self, all_label: str, items=(), parent=None):
        super().__init__(parent)
        self.all_label = all_label
        self.set_items(items)

    def set_items(self, items) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.all_label, None)
        for item in items:
            label, value = item if isinstance(item, tuple) else (item, item)
            self.addItem(label, value)
        idx = self.findData(current) if current is not None else 0
        self.setCurrentIndex(max(idx, 0))
        self.blockSignals(False)

    def value(self):
        return self.currentData() if self.count() else None

    def set_value(self, value) -> None:
        idx = self.findData(value)
        self.setCurrentIndex(max(idx, 0))


class OptionalDate(QDateEdit):
    """A date field that may be left empty (shown blank); text() is 'YYYY-MM-DD' or ''."""

    _EMPTY = QDate(1900, 1, 1)

    def __init__(self, value: str | None = None, parent=None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self._EMPTY)
        self.setSpecialValueText(" ")
        self.set_iso(value)

    def set_iso(self, value: str | None) -> None:
        if value:
            self.setDate(QDate.fromString(str(value)[:10], "yyyy-MM-dd"))
        else:
            self.setDate(self._EMPTY)

    def iso(self) -> str | None:
        d = self.date()
        return None if d == self._EMPTY else d.toString("yyyy-MM-dd")

    def set_today_if_empty(self, today: date) -> None:
        if self.iso() is None:
            self.setDate(QDate(today.year, today.month, today.day))


def detail_html(title: str, pairs: list[tuple[str, object]], extra: str = "") -> str:
    """A two-column description list for the detail panel; empty values show as —."""
    body = "".join(
        f"<tr><td style='color:#555;padding:2px 8px 2px 0;white-space:nowrap;vertical-align:top'>{html.escape(k)}</td>"
        f"<td style='padding:2px 0'>{html.escape(str(v)) if v not in (None, '') else '—'}</td></tr>"
        for k, v in pairs
    )
    return f"<h3 style='margin:0 0 6px 0'>{html.escape(title)}</h3><table>{body}</table>{extra}"


class DetailView(QTextBrowser):
    """Read-only rich-text panel; internal links (`#...`) are handed to a callback instead of navigating."""

    def __init__(self, placeholder: str = "请在左侧选择一条记录。", parent=None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.placeholder = placeholder
        self.clear_detail()

    def clear_detail(self) -> None:
        self.setHtml(f"<p style='color:#888'>{html.escape(self.placeholder)}</p>")
