"""Shared parts of the 线索与案件 tabs: the list + detail base (no 编辑 unless EDITABLE) and small HTML helpers."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QPushButton

from desktop.ui.pages._ledger import LedgerPage


def _overdue(r) -> str | None:
    return "#f4cccc" if r.get("overdue") else None


def _rows_html(title: str, head: list[str], items: list[list]) -> str:
    if not items:
        return ""
    th = "".join(f"<th style='text-align:left;padding:2px 6px'>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td style='padding:2px 6px'>{html.escape(str(v or '—'))}</td>" for v in r)
                   + "</tr>" for r in items)
    return f"<h4 style='margin:8px 0 2px 0'>{html.escape(title)}</h4><table>{'<tr>' + th + '</tr>'}{body}</table>"


class _Tab(LedgerPage):
    EDITABLE = False

    def _build_actions(self):
        row = super()._build_actions()
        if not self.EDITABLE:
            self.edit_btn.hide()  # a case changes through its steps, not by editing
        return row

    def _btn(self, row, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        b.setEnabled(not self.env.read_only)
        row.addWidget(b)
        return b

    def _step(self, dlg) -> None:
        self.dialog = dlg
        dlg.accepted.connect(lambda: self._after_save(dlg))
        dlg.open()
