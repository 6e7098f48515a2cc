"""设置 → 预警与回头看: the deadline warning tiers of the 工作台 and the 回头看 interval after close-out."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from desktop.core.errors import ValidationError
from desktop.core.services.org import settings
from desktop.ui import alerts

TITLE = "预警与回头看"
ORDER = 40


def parse_tiers(text: str) -> list[int]:
    """'20/10/0' (or with 、 , ， spaces) → [20, 10, 0]; ValidationError in Chinese otherwise."""
    parts = [p for p in text.replace("、", "/").replace(",", "/").replace("，", "/").replace(" ", "/").split("/") if p]
    try:
        tiers = sorted({int(p) for p in parts}, reverse=True)
    except ValueError:
        raise ValidationError("预警档位应为用“/”分隔的天数，如 20/10/0。", field="warning_tiers") from None
    if not tiers or any(t < 0 or t > 365 for t in tiers):
        raise ValidationError("预警档位的天数应在 0 到 365 之间，至少一个。", field="warning_tiers")
    return tiers


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.tiers = QLineEdit()
        self.tiers.setPlaceholderText("如 20/10/0")
        self.revisit = QSpinBox()
        self.revisit.setRange(1, 24)
        self.revisit.setSuffix(" 个月")
        self.tiers.setMaximumWidth(200)
        self.revisit.setMaximumWidth(120)
        form.addRow("整改时限预警档位（天）：", self.tiers)
        form.addRow("销号后回头看间隔：", self.revisit)
        layout.addLayout(form)
        hint = QLabel("剩余天数不超过任一档位的问题在工作台中以黄色提示；已逾期的以红色提示。\n"
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
        self.tiers.setText("/".join(str(t) for t in settings.get(ctx, "warning_tiers")))
        self.revisit.setValue(int(settings.get(ctx, "revisit_months")))

    def _on_save(self) -> None:
        try:
            tiers = parse_tiers(self.tiers.text())
        except ValidationError as exc:
            alerts.warn(self, str(exc))
            self.tiers.setFocus()
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
