"""设置 → 数据与备份: where the data lives, back up now (verified), restore from a backup."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import alerts, files

TITLE = "数据与备份"
ORDER = 90


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        lay = QVBoxLayout(self)
        lay.addWidget(self._build_location())
        lay.addWidget(self._build_backup())
        lay.addWidget(self._build_restore())
        lay.addStretch(1)
        self.load()

    def _build_location(self) -> QGroupBox:
        box = QGroupBox("数据位置")
        self.location = QLabel()
        self.location.setWordWrap(True)
        self.open_button = QPushButton("打开文件夹")
        self.open_button.clicked.connect(self._on_open_folder)
        row = QHBoxLayout(box)
        row.addWidget(self.location, 1)
        row.addWidget(self.open_button)
        return box

    def _build_backup(self) -> QGroupBox:
        box = QGroupBox("备份")
        text = QLabel("建议每周备份一次，并把备份文件另存到 U 盘或其他电脑。备份时可以继续使用，备份后自动校验。")
        text.setWordWrap(True)
        self.backup_button = QPushButton("立即备份…")
        self.backup_button.clicked.connect(self._on_backup)
        self.last_backup = QLabel()
        self.last_backup.setWordWrap(True)
        lay = QVBoxLayout(box)
        lay.addWidget(text)
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addWidget(self.last_backup, 1)
        lay.addLayout(row)
        return box

    def _build_restore(self) -> QGroupBox:
        box = QGroupBox("从备份恢复")
        text = QLabel("用备份文件替换当前全部数据。恢复前会先检查备份文件；当前数据库会另存到 backups 文件夹，不会丢失。")
        text.setWordWrap(True)
        self.restore_button = QPushButton("从备份恢复…")
        self.restore_button.clicked.connect(self._on_restore)
        lay = QVBoxLayout(box)
        lay.addWidget(text)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def load(self) -> None:
        ctx = self.env.ctx
        size = ctx.db.path.stat().st_size / 1024 / 1024 if ctx.db.path.exists() else 0
        self.location.setText(f"{ctx.data.root}\n数据库 {ctx.db.path.name}，{size:.1f} MB；附件、文书、备份、日志在同一文件夹下。")
        self.restore_button.setEnabled(ctx.user_role == "管理员")

    def on_shown(self) -> None:
        self.load()

    def _on_open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.env.ctx.data.root)))

    def _on_backup(self) -> None:
        from desktop.core.services.backups import backup as backups

        folder = files.folder(self, "选择备份保存到的文件夹", str(self.env.ctx.data.sub("backups")))
        if not folder:
            return
        ctx = self.env.ctx
        self.env.runner.run(lambda: backups.backup_now(ctx, folder), on_done=self._on_backed_up,
                            title="正在备份并校验……", parent=self)

    def _on_backed_up(self, path) -> None:
        self.last_backup.setText(f"已备份并校验：{path}")
        alerts.info(self, f"备份完成，已通过校验：\n{path}")

    def _on_restore(self) -> None:
        from desktop.core.services.backups import backup as backups

        path = files.open_file(self, "选择备份文件", files.DB, str(self.env.ctx.data.sub("backups")))
        if not path:
            return
        if not alerts.question(self, f"确定用备份“{path.name}”替换当前全部数据吗？\n\n"
                                     "恢复后，备份之后录入的数据将不再显示（当前数据库会另存到 backups 文件夹）。"):
            return
        ctx = self.env.ctx
        self.env.runner.run(lambda: backups.restore_backup(ctx, path), on_done=self._on_restored,
                            title="正在恢复……", parent=self)

    def _on_restored(self, kept) -> None:
        self.env.data_changed()
        self.load()
        alerts.info(self, f"已从备份恢复。\n原来的数据库已另存为：\n{kept}")
