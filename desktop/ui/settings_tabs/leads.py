"""设置 → 线索处置期限: the due date of each open disposal route (谈话函询, 初步核实, 暂存待查), in working days
or months from the collective decision. Shown to 管理员/负责人 only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.models.cases import OPEN_ROUTES
from desktop.core.services.cases import access, disposal
from desktop.ui import alerts

TITLE = "线索处置期限"
ORDER = 45


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        layout = QVBoxLayout(self)
        self.rows: dict[str, tuple[QSpinBox, QComboBox]] = {}
        if not access.can_see(env.ctx):
            layout.addWidget(QLabel("问题线索属于敏感信息，只有管理员和负责人可以设置。"))
            layout.addStretch(1)
            return
        form = QFormLayout()
        for route in OPEN_ROUTES:
            n, unit = QSpinBox(), QComboBox()
            n.setRange(1, 365)
            unit.addItems(["个工作日", "个月"])
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(n)
            row.addWidget(unit)
            row.addStretch(1)
            form.addRow(f"{route}：", box)
            self.rows[route] = (n, unit)
        layout.addLayout(form)
        hint = QLabel("自集体排查决定之日起算；超过期限仍未办结的，在工作台“线索处置逾期”中提示。\n已处置的线索不受影响。")
        hint.setStyleSheet("color:#555")
        layout.addWidget(hint)
        self.save_btn = QPushButton("保存")
        self.save_btn.clicked.connect(self._on_save)
        self.save_btn.setEnabled(not env.read_only)
        layout.addWidget(self.save_btn, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.on_shown()

    def on_shown(self) -> None:
        due = disposal.due_rules(self.env.ctx)["due"]
        for route, (n, unit) in self.rows.items():
            rule = due.get(route) or {}
            n.setValue(int(rule.get("working_days") or rule.get("months") or 1))
            unit.setCurrentIndex(0 if rule.get("working_days") else 1)

    def values(self) -> dict:
        return {route: ({"working_days": n.value()} if unit.currentIndex() == 0 else {"months": n.value()})
                for route, (n, unit) in self.rows.items()}

    def _on_save(self) -> None:
        values, ctx = self.values(), self.env.ctx
        self.env.runner.run(lambda: disposal.set_due_rules(ctx, values), parent=self, on_done=lambda _r: self._saved())

    def _saved(self) -> None:
        self.on_shown()
        self.env.status("线索处置期限已保存")
        alerts.info(self, "已保存。新的处置按此期限计算。")
