"""Township export: mode, sensitive opt-in, USB folder, 导出 → progress bar → verified result summary."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.widgets import sync_common as common

RESULT_COLUMNS = [Column("label", "数据", 140), Column("rows", "条数", 80, align_right=True),
                  Column("tombstones", "其中删除", 80, align_right=True)]


class ExportPanel(QWidget):
    def __init__(self, env, on_exported=None, parent=None):
        super().__init__(parent)
        self.env, self.on_exported = env, on_exported
        self.relay = common.Relay(self)
        self.relay.progressed.connect(self._on_progress)
        self._build()

    def _build(self) -> None:
        lay = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        form = QFormLayout()
        self.incremental = QRadioButton("增量（自上次导出以来的变更，含删除）")
        self.full = QRadioButton("完整快照（全部记录，用于补齐丢失的数据包）")
        self.incremental.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.incremental)
        group.addButton(self.full)
        mode = QVBoxLayout()
        mode.addWidget(self.incremental)
        mode.addWidget(self.full)
        form.addRow("导出方式：", mode)
        self.sensitive = QCheckBox("包含敏感信息（问题线索、举报人信息、身份证号）")
        form.addRow("", self.sensitive)
        folder = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setPlaceholderText("请选择 U 盘上的文件夹")
        self.browse_btn = QPushButton("选择文件夹…")
        self.browse_btn.clicked.connect(self._on_browse)
        folder.addWidget(self.folder, 1)
        folder.addWidget(self.browse_btn)
        form.addRow("保存到：", folder)
        lay.addLayout(form)
        row = QHBoxLayout()
        self.export_btn = QPushButton("导出数据包")
        self.export_btn.setDefault(True)
        self.export_btn.clicked.connect(self._on_export)
        row.addWidget(self.export_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        lay.addWidget(self.bar)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        from PySide6.QtWidgets import QTableView

        self.model = RowsTableModel(RESULT_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        for i, c in enumerate(RESULT_COLUMNS):
            self.table.setColumnWidth(i, c.width)
        lay.addWidget(self.table, 1)

    def refresh(self) -> None:
        from desktop.core.services.sync import exchange as sync

        ctx = self.env.ctx
        district = sync.key_status(ctx)["district"]
        if district is None:
            self.status.setText("尚未绑定区县密钥：请先在“设置 → 密钥与区县”中导入区县登记文件，才能导出。")
            self.export_btn.setEnabled(False)
            return
        preview = sync.export_preview(ctx)
        pending = sum(t["rows"] for t in preview["tables"])
        last = preview["last"]
        when = f"上次导出：{last['created_at'][:10]} {last['file_name']}" if last else "尚未导出过数据包"
        self.status.setText(f"接收方：{district['site_name']}（指纹 {district['fingerprint']}）。{when}；"
                            f"待导出的变更 {pending} 条。")
        self.export_btn.setEnabled(not self.env.read_only)

    @Slot()
    def _on_browse(self) -> None:
        path = common.choose_folder(self, "选择 U 盘上的文件夹", self.folder.text())
        if path:
            self.folder.setText(path)

    @Slot()
    def _on_export(self) -> None:
        from desktop.core.services.sync import exchange as sync
        from desktop.ui import alerts

        out = self.folder.text().strip()
        if not out:
            alerts.warn(self, "请先选择保存数据包的文件夹（U 盘）。")
            return
        ctx, full, sens = self.env.ctx, self.full.isChecked(), self.sensitive.isChecked()
        from desktop.core.errors import QingfengError
        from desktop.ui.widgets.sync_common import KeyCache

        try:  # the township's keys are stored encrypted: asked for once per session
            if KeyCache().get(self, ctx) is None:
                return
        except QingfengError as exc:
            alerts.warn(self, str(exc))
            return
        self.bar.setValue(0)
        self.result.setText("")
        self.export_btn.setEnabled(False)
        job = lambda: self.relay.wrap(sync.export(ctx, out, full=full, include_sensitive=sens))  # noqa: E731
        self.env.runner.run(job, on_done=self._on_done, on_error=self._on_error, title="正在导出数据包", parent=self)

    @Slot(object)
    def _on_progress(self, step) -> None:
        value = common.percent(step)
        if value is not None:
            self.bar.setValue(value)
        self.bar.setFormat(f"%p%  {getattr(step, 'message', step)}")

    def _on_done(self, summary: dict) -> None:
        self.bar.setValue(100)
        self.bar.setFormat("已写入并校验")
        kind = "完整快照" if summary["full_snapshot"] else "增量"
        lines = [f"✔ 已导出并校验：{summary['file']}",
                 f"{kind}，变更序号 {summary['seq_from']}–{summary['seq_to']}，{summary['size']:,} 字节，"
                 f"附件 {summary['files']} 个，已加密给 {summary['target']['site_name']}。"]
        if summary["omitted"]["tables"] or summary["omitted"]["columns"]:
            lines.append("未包含敏感信息。")
        lines += [f"注意：{w}" for w in summary["warnings"]]
        self.result.setText("\n".join(lines))
        self.model.set_rows([t for t in summary["tables"] if t["rows"]])
        self.refresh()
        self.env.status("数据包已导出并校验")
        if self.on_exported:
            self.on_exported()

    def _on_error(self, exc) -> None:
        from desktop.ui import alerts

        self.bar.setValue(0)
        self.bar.setFormat("导出失败")
        self.result.setText(f"✘ {exc}")
        self.refresh()
        alerts.show_error(self, exc)
