"""数据交换: USB packages between a township and its district.

Township: 导出 (with progress bar and verified result), 导入区县下发, 派单任务.
District: 导入乡镇数据包 (one or many, preview, result report), 完整性, 登记乡镇, 派单与下发.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.ui.widgets.sync_common import KeyCache
from desktop.ui.widgets.sync_district import BoardPanel, EnrolPanel, PublishPanel
from desktop.ui.widgets.sync_export import ExportPanel
from desktop.ui.widgets.sync_import import ImportPanel
from desktop.ui.widgets.sync_tasks import TasksPanel


class ExchangePage(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.keys = KeyCache()
        self.tabs = QTabWidget()
        lay = QVBoxLayout(self)
        head = QLabel("数据交换（U 盘）")
        head.setStyleSheet("font-size: 16px; font-weight: bold;")
        lay.addWidget(head)
        lay.addWidget(self.tabs, 1)
        if env.ctx.is_district:
            self._build_district()
        else:
            self._build_township()
        self.tabs.currentChanged.connect(lambda _i: self.on_shown())

    def _build_township(self) -> None:
        self.export_panel = ExportPanel(self.env)
        self.import_panel = ImportPanel(
            self.env, self.keys, "导入区县下发的数据包（共性清单、派单任务）。只接受本乡镇绑定的区县签名、发给本乡镇的数据包；"
                                 "比已有清单版本旧的数据包会被拒绝。", on_imported=self.on_shown)
        self.tasks_panel = TasksPanel(self.env)
        self.tabs.addTab(self.export_panel, "导出上报")
        self.tabs.addTab(self.import_panel, "导入下发")
        self.tabs.addTab(self.tasks_panel, "派单任务")

    def _build_district(self) -> None:
        self.import_panel = ImportPanel(
            self.env, self.keys, "导入各乡镇上报的数据包（可一次选择多个）。先校验并预览，确认后在一个事务中写入，"
                                 "写入前自动备份数据库；同一数据包重复导入不会改动数据。", on_imported=self.on_shown)
        self.board_panel = BoardPanel(self.env)
        self.enrol_panel = EnrolPanel(self.env)
        self.publish_panel = PublishPanel(self.env, self.keys)
        self.tabs.addTab(self.import_panel, "导入乡镇数据包")
        self.tabs.addTab(self.board_panel, "完整性")
        self.tabs.addTab(self.enrol_panel, "登记乡镇")
        self.tabs.addTab(self.publish_panel, "派单与下发")

    def on_shown(self) -> None:
        widget = self.tabs.currentWidget()
        if hasattr(widget, "refresh"):
            widget.refresh()
