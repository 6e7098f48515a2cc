"""设置 → 审计日志: who did what and when; filter by user, record, action and date; export xlsx; verify the chain.

The log is for 管理员 and 负责人 (others see a note). 校验 checks the hash chain and names the first entry that
was changed, removed or inserted.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.rows_model import Column, RowsTableModel

TITLE = "审计日志"
ORDER = 85
ALL = "（全部）"


def _changes(row) -> str:
    before, after = row.get("before") or {}, row.get("after") or {}
    keys = [k for k in (after or before) if k not in ("rev", "updated_at", "change_seq", "updated_by")]
    show = lambda v: "（空）" if v in (None, "") else str(v)  # noqa: E731
    parts = [f"{k}：{show(before.get(k))} → {show(after.get(k))}" for k in keys[:4]] if before else []
    return "；".join(parts)


COLUMNS = [Column("id", "编号", 60), Column("at", "时间（UTC）", 150, fmt=lambda v: (v or "")[:19].replace("T", " ")),
           Column("user_name", "用户", 80), Column("action", "操作", 80), Column("entity_label", "记录类型", 90),
           Column("summary", "说明", 260), Column("changes", "修改前 → 修改后", 300),
           Column("entity_id", "记录编号", 120)]


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.user, self.action, self.entity = QComboBox(), QComboBox(), QComboBox()
        self.record = QLineEdit()
        self.record.setPlaceholderText("记录编号")
        self.date_from, self.date_to = QLineEdit(), QLineEdit()
        for w, tip in ((self.date_from, "如 2026-01-01"), (self.date_to, "如 2026-12-31")):
            w.setPlaceholderText(tip)
            w.setMaximumWidth(150)
        self.search_button = QPushButton("查询")
        self.export_button = QPushButton("导出 Excel…")
        self.verify_button = QPushButton("校验审计日志")
        self.search_button.clicked.connect(self.load)
        self.export_button.clicked.connect(self._on_export)
        self.verify_button.clicked.connect(self._on_verify)
        self.record.returnPressed.connect(self.load)
        filters = QHBoxLayout()
        for label, w in (("用户", self.user), ("操作", self.action), ("类型", self.entity), ("记录", self.record),
                         ("日期", self.date_from), ("至", self.date_to)):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
        filters.addWidget(self.search_button)
        filters.addStretch(1)
        self.model = RowsTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, c in enumerate(COLUMNS):
            self.table.setColumnWidth(i, c.width)
        self.status = QLabel()
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addWidget(self.table)
        lay.addLayout(bottom)
        self._filled = False
        self.load()

    def _allowed(self) -> bool:
        from desktop.core.services.org import users

        return users.can_see_sensitive(self.env.ctx)

    def _fill_choices(self) -> None:
        from desktop.core.services.audit import log as audit_log

        c = audit_log.choices(self.env.ctx)
        for combo, values in ((self.user, c["users"]), (self.action, c["actions"])):
            combo.clear()
            combo.addItem(ALL, "")
            for v in values:
                combo.addItem(v, v)
        self.entity.clear()
        self.entity.addItem(ALL, "")
        for e in c["entities"]:
            self.entity.addItem(audit_log.ENTITY_NAMES.get(e, e), e)
        self._filled = True

    def current_filter(self):
        from desktop.core.services.audit.log import AuditFilter

        return AuditFilter(user=self.user.currentData() or "", action=self.action.currentData() or "",
                           entity=self.entity.currentData() or "", entity_id=self.record.text().strip(),
                           date_from=self.date_from.text().strip(), date_to=self.date_to.text().strip())

    def load(self) -> None:
        from dataclasses import asdict

        from desktop.core.services.audit import log as audit_log

        allowed = self._allowed()
        for w in (self.search_button, self.export_button, self.table, self.user, self.action, self.entity):
            w.setEnabled(allowed)
        if not allowed:
            self.model.set_rows([])
            self.status.setText("只有管理员和负责人可以查看审计日志。")
            return
        if not self._filled:
            self._fill_choices()
        entries = audit_log.search(self.env.ctx, self.current_filter())
        rows = []
        for e in entries:
            d = asdict(e)
            d["changes"] = _changes(d)
            rows.append(d)
        self.model.set_rows(rows)
        more = "（只显示最新的 2000 条，请缩小范围）" if len(rows) >= audit_log.PAGE else ""
        self.status.setText(f"共 {len(rows)} 条{more}")

    def on_shown(self) -> None:
        self._filled = False
        self.load()

    def _on_export(self) -> None:
        from desktop.core.services.audit import log as audit_log
        from desktop.ui import alerts, files

        path = files.save_file(self, "导出审计日志", "审计日志.xlsx")
        if path is None:
            return
        ctx, f = self.env.ctx, self.current_filter()
        self.env.runner.run(lambda: audit_log.export_xlsx(ctx, path, f),
                            on_done=lambda n: self.env.status(f"已导出审计日志 {n} 条：{path}"),
                            on_error=lambda exc: alerts.show_error(self, exc), parent=self)

    def _on_verify(self) -> None:
        from desktop.core.services.audit import chain as audit_chain
        from desktop.ui import alerts

        ctx = self.env.ctx

        def done(report):
            self.status.setText(report.message)
            (alerts.info if report.ok else alerts.error)(self, report.message)

        self.env.runner.run(lambda: audit_chain.verify(ctx), on_done=done,
                            on_error=lambda exc: alerts.show_error(self, exc), parent=self)
