"""设置 → 预警与回头看: the deadline warning tiers of the 工作台 and the 回头看 interval after close-out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.core.errors import ValidationError
from desktop.core.services.org import settings
from desktop.ui import alerts

TITLE = "预警与回头看"
ORDER = 40


TIER_LABELS = ("第一档预警：剩余不超过", "第二档预警：剩余不超过", "第三档预警：剩余不超过")


def check_tiers(values: list[int]) -> list[int]:
    """Three spin-box values → the tiers, largest first; ValidationError in Chinese when they are not distinct."""
    tiers = sorted(values, reverse=True)
    if len(set(tiers)) != len(tiers):
        raise ValidationError("三个预警档位的天数应各不相同（如 20、10、0）。", field="warning_tiers")
    return tiers


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.tiers: list[QSpinBox] = []
        for label in TIER_LABELS:
            box = QSpinBox()
            box.setRange(0, 365)
            box.setSuffix(" 天")
            box.setMaximumWidth(120)
            self.tiers.append(box)
            form.addRow(label, box)
        self.revisit = QSpinBox()
        self.revisit.setRange(1, 24)
        self.revisit.setSuffix(" 个月")
        self.revisit.setMaximumWidth(120)
        form.addRow("销号后回头看间隔：", self.revisit)
        layout.addLayout(form)
        hint = QLabel("剩余天数不超过任一档位的问题在工作台中以黄色提示（如 20、10、0 天）；已逾期的以红色提示。\n"
                      "新销号的问题按此间隔自动安排回头看，已安排的不受影响。")
        hint.setStyleSheet("color:#555")
        layout.addWidget(hint)
        self.save_btn = QPushButton("保存")
        self.save_btn.clicked.connect(self._on_save)
        self.save_btn.setEnabled(not env.read_only)
        layout.addWidget(self.save_btn, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.on_shown()

    def on_shown(self) -> None:
        ctx = self.env.ctx
        tiers = sorted(settings.get(ctx, "warning_tiers"), reverse=True)[:3]
        tiers += [0] * (3 - len(tiers))
        for box, days in zip(self.tiers, tiers, strict=True):
            box.setValue(int(days))
        self.revisit.setValue(int(settings.get(ctx, "revisit_months")))

    def _on_save(self) -> None:
        try:
            tiers = check_tiers([box.value() for box in self.tiers])
        except ValidationError as exc:
            alerts.warn(self, str(exc))
            self.tiers[0].setFocus()
            return
        months = self.revisit.value()

        def save():
            settings.put(self.env.ctx, "warning_tiers", tiers)
            settings.put(self.env.ctx, "revisit_months", months)

        self.env.runner.run(save, on_done=lambda _r: self._saved(), parent=self)

    def _saved(self) -> None:
        self.on_shown()
        self.env.status("预警设置已保存")
        alerts.info(self, "已保存。工作台将按新的档位提示。")
