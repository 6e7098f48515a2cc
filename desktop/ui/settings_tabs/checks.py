"""设置 → 村居检查: coverage rules and the 屡查屡犯 window."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.core.services.checks import coverage
from desktop.core.services.org import settings
from desktop.ui import alerts

TITLE = "村居检查"
ORDER = 40


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        form = QFormLayout()
        self.quarter_spin = QSpinBox()
        self.quarter_spin.setRange(0, 3)
        self.quarter_spin.setSuffix(" 次/季度")
        self.key_monthly = QCheckBox("重点村每月至少检查一次")
        self.repeat_spin = QSpinBox()
        self.repeat_spin.setRange(1, 60)
        self.repeat_spin.setSuffix(" 个月")
        form.addRow("每个村（社区）至少检查", self.quarter_spin)
        form.addRow("", self.key_monthly)
        form.addRow("屡查屡犯：同类问题再次发现的期限", self.repeat_spin)
        self.save_btn = QPushButton("保存")
        self.save_btn.setEnabled(not env.read_only)
        self.save_btn.clicked.connect(self.save)
        v = QVBoxLayout(self)
        v.addLayout(form)
        hint = QLabel("覆盖情况按这些规则判断哪些村本期未检查；0 次/季度表示普通村不作要求。")
        hint.setWordWrap(True)
        v.addWidget(hint)
        v.addWidget(self.save_btn)
        v.addStretch(1)
        self.on_shown()

    def on_shown(self) -> None:
        rule = coverage.rules(self.env.ctx)
        self.quarter_spin.setValue(int(rule["village_per_quarter"]))
        self.key_monthly.setChecked(bool(rule["key_village_monthly"]))
        self.repeat_spin.setValue(int(settings.get(self.env.ctx, "repeat_offence_months") or 12))

    @Slot()
    def save(self) -> None:
        try:
            settings.put(self.env.ctx, "check_rules", {"village_per_quarter": self.quarter_spin.value(),
                                                       "key_village_monthly": self.key_monthly.isChecked()})
            settings.put(self.env.ctx, "repeat_offence_months", self.repeat_spin.value())
        except Exception as exc:  # noqa: BLE001 - shown to the user
            alerts.show_error(self, exc)
            return
        self.env.status("村居检查设置已保存")
