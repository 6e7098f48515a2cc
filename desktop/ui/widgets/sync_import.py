"""Import of one or many packages: choose files → verified preview per table → 确认导入 → result report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop.ui import alerts
from desktop.ui.models.rows_model import Column, RowsTableModel
from desktop.ui.widgets import sync_common as common

COLUMNS = [
    Column("file", "数据包", 230), Column("source", "来自", 110), Column("label", "数据", 90),
    Column("new", "新增", 60, align_right=True), Column("updated", "更新", 60, align_right=True),
    Column("unchanged", "未变", 60, align_right=True), Column("rejected", "拒绝", 60, align_right=True,
                                                             color=lambda r: "#f8d7da" if r.get("rejected") else None),
    Column("note", "说明", 420, color=lambda r: "#fff3cd" if r.get("warn") else None),
]


class ImportPanel(QWidget):
    def __init__(self, env, keys: common.KeyCache, what: str, on_imported=None, parent=None):
        super().__init__(parent)
        self.env, self.keys, self.on_imported = env, keys, on_imported
        self.files: list[str] = []
        self.trust: set[str] = set()
        self.relay = common.Relay(self)
        self.relay.progressed.connect(self._on_progress)
        self._build(what)

    def _build(self, what: str) -> None:
        lay = QVBoxLayout(self)
        self.intro = QLabel(what)
        self.intro.setWordWrap(True)
        row = QHBoxLayout()
        self.choose_btn = QPushButton("选择数据包…")
        self.choose_btn.clicked.connect(self._on_choose)
        self.apply_btn = QPushButton("确认导入")
        self.apply_btn.setEnabled(False)
        self.apply_btn.clicked.connect(self._on_apply)
        row.addWidget(self.choose_btn)
        row.addWidget(self.apply_btn)
        row.addStretch(1)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.summary = QLabel("尚未选择数据包。")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = RowsTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        for i, c in enumerate(COLUMNS):
            self.table.setColumnWidth(i, c.width)
        self.table.horizontalHeader().setStretchLastSection(True)
        for w in (self.intro,):
            lay.addWidget(w)
        lay.addLayout(row)
        lay.addWidget(self.bar)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)

    @Slot()
    def _on_choose(self) -> None:
        files = common.choose_files(self, "选择数据包", "清风台账数据包 (*.qfpkg);;所有文件 (*)")
        if files:
            self.files, self.trust = list(files), set()
            self._run(dry_run=True)

    @Slot()
    def _on_apply(self) -> None:
        if self.files:
            self._run(dry_run=False)

    def _run(self, *, dry_run: bool) -> None:
        from desktop.core.errors import QingfengError
        from desktop.core.services.sync import exchange as sync

        try:
            unlocked = self.keys.get(self, self.env.ctx)
        except QingfengError as exc:
            alerts.warn(self, str(exc))
            return
        if unlocked is None:
            return
        ctx, files, trust = self.env.ctx, list(self.files), set(self.trust)
        self.apply_btn.setEnabled(False)
        self.bar.setValue(0)
        job = lambda: self.relay.wrap(sync.import_files(ctx, files, unlocked, dry_run=dry_run, trust=trust))  # noqa: E731
        self.env.runner.run(job, on_done=lambda res: self._on_results(res, dry_run),
                            title="正在校验数据包" if dry_run else "正在导入数据包", parent=self)

    @Slot(object)
    def _on_progress(self, step) -> None:
        value = common.percent(step)
        if value is not None:
            self.bar.setValue(value)
        self.bar.setFormat(f"%p%  {getattr(step, 'message', step)}")

    def _on_results(self, results, dry_run: bool) -> None:
        self.bar.setValue(100)
        self.bar.setFormat("完成")
        if dry_run and self._confirm_unknown(results):
            self._run(dry_run=True)
            return
        self.model.set_rows(_rows(results))
        self.summary.setText(_summary(results, dry_run))
        ready = [r for r in results if r.status == "预览"]
        self.apply_btn.setEnabled(dry_run and bool(ready))
        if not dry_run:
            self.files = []
            if self.on_imported:
                self.on_imported()

    def _confirm_unknown(self, results) -> bool:
        """Ask about each unregistered sender's fingerprint; True when the preview should run again."""
        again = False
        for r in results:
            src = r.unregistered
            if not src or src["fingerprint"] in self.trust:
                continue
            if alerts.question(self, f"数据包“{Path(r.file).name}”来自尚未登记的乡镇“{src['site_name']}”"
                                     f"（{src['site_code']}）。\n\n其密钥指纹为：{src['fingerprint']}\n\n"
                                     "请电话与该乡镇核对其“设置 → 密钥与区县”中显示的指纹。指纹一致吗？"):
                self.trust.add(src["fingerprint"])
                again = True
        return again


def _rows(results) -> list[dict]:
    out = []
    for r in results:
        name, src = Path(r.file).name, r.source_name or r.source_code
        tables = [t for t in r.tables if t.new or t.updated or t.rejected] if r.status != "失败" else []
        tables = tables or [t for t in r.tables if t.rejected]
        notes = [r.message, *[f"警告：{w}" for w in r.warnings]]
        if not tables:
            out.append({"file": name, "source": src, "label": "", "note": "；".join(notes),
                        "warn": bool(r.warnings) or r.status == "失败"})
            continue
        for i, t in enumerate(tables):
            out.append({"file": name if i == 0 else "", "source": src if i == 0 else "", "label": t.label,
                        "new": t.new, "updated": t.updated, "unchanged": t.unchanged, "rejected": t.rejected,
                        "note": "；".join(notes) if i == 0 else "", "warn": i == 0 and bool(r.warnings)})
    return out


def _summary(results, dry_run: bool) -> str:
    count = {k: sum(1 for r in results if r.status == k) for k in ("预览", "已导入", "重复", "失败")}
    if dry_run:
        text = f"已校验 {len(results)} 个数据包：可导入 {count['预览']} 个"
        extra = "。核对无误后请点“确认导入”（导入前会自动备份数据库）。" if count["预览"] else "。"
    else:
        text = f"导入完成：成功 {count['已导入']} 个"
        backups = [r.backup for r in results if r.backup]
        extra = f"。导入前已备份数据库：{Path(backups[-1]).name}。" if backups else "。"
    if count["重复"]:
        text += f"，已导入过 {count['重复']} 个"
    if count["失败"]:
        text += f"，被拒绝 {count['失败']} 个（原因见下表）"
    return text + extra
