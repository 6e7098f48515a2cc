"""恢复备份 — what the chosen backup holds (site, time, counts, files) before anything is replaced; another
site's backup needs an explicit tick."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MB"


def describe(info) -> str:
    when = info.created_at.replace("T", " ")[:16] + "（UTC）" if info.created_at else "未知（旧版备份）"
    items = [f"{k} {v} 条" for k, v in info.counts.items()]
    counts = "，\n      ".join("，".join(items[i:i + 4]) for i in range(0, len(items), 4)) or "无"
    files = (f"附件和文书 {info.files} 个（{_mb(info.files_bytes)}）" if info.kind == "完整备份"
             else "旧版备份，只有数据库，不含附件和文书")
    return (f"备份文件：{Path(info.file).name}\n单位：{info.site_name}（{info.site_code}）\n备份时间：{when}\n"
            f"数据：{counts}\n{files}；数据库 {_mb(info.db_bytes)}\n已校验：备份完整。")


class RestorePreview(QDialog):
    def __init__(self, info, ctx, parent=None):
        super().__init__(parent)
        self.setWindowTitle("从备份恢复")
        self.info = info
        lay = QVBoxLayout(self)
        self.summary = QLabel(describe(info))
        self.summary.setToolTip(info.file)
        lay.addWidget(self.summary)
        warn = QLabel("恢复后，备份之后录入的数据将不再显示；\n当前数据库会另存到 backups 文件夹，不会丢失。")
        lay.addWidget(warn)
        self.other_site = info.site_code and ctx.site_code and info.site_code != ctx.site_code
        self.confirm_other = QCheckBox(f"我确认用“{info.site_name}”（{info.site_code}）的备份替换本单位"
                                       f"“{ctx.site_name}”的全部数据")
        self.confirm_other.setVisible(bool(self.other_site))
        lay.addWidget(self.confirm_other)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton("恢复", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.confirm_other.toggled.connect(self._sync)
        self._sync()
        lay.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def _sync(self) -> None:
        self.restore_button.setEnabled(not self.other_site or self.confirm_other.isChecked())

    @property
    def allow_other_site(self) -> bool:
        return bool(self.other_site and self.confirm_other.isChecked())
