"""设置 → 单位信息: edit the organisation profile (site code and role are fixed after set-up)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui import alerts
from desktop.ui.widgets.form import FieldForm

TITLE = "单位信息"
ORDER = 10
TEXT_FIELDS = (("site_name", "单位名称 *"), ("full_name", "纪委全称 *"), ("short_name", "纪委简称 *"),
               ("office_name", "监察办公室名称"), ("secretary_name", "纪委书记"), ("contact_person", "联系人"),
               ("contact_phone", "联系电话"), ("district_name", "上级纪委监委"))


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.form = FieldForm()
        self.fixed = QLabel()
        self.form.addRow("层级与代码", self.fixed)
        self.edits: dict[str, QLineEdit] = {}
        for key, label in TEXT_FIELDS:
            self.edits[key] = self.form.add(key, label, QLineEdit())
        caps = QHBoxLayout()
        self.discipline, self.supervision = QCheckBox("纪律检查"), QCheckBox("监察")
        caps.addWidget(self.discipline)
        caps.addWidget(self.supervision)
        caps.addStretch(1)
        box = QWidget()
        box.setLayout(caps)
        self.form.add("capacities", "发文权限 *", box)
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(self._on_save)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        body = QWidget()
        body.setMaximumWidth(760)  # a readable form, not fields stretched across a wide screen
        inner = QVBoxLayout(body)
        inner.addWidget(self.form.general)
        inner.addLayout(self.form)
        inner.addLayout(row)
        lay = QVBoxLayout(self)
        lay.addWidget(body)
        lay.addStretch(1)
        self.load()

    def load(self) -> None:
        from desktop.core.services.org import site as org

        p = org.get_profile(self.env.ctx) or {}
        role = "区（县）纪委监委" if p.get("role") == "district" else "乡镇（街道）纪委"
        self.fixed.setText(f"{role}，行政区划代码 {p.get('site_code', '')}（设置后不能修改）")
        for key, edit in self.edits.items():
            edit.setText(p.get(key) or "")
        caps = (p.get("capacities") or "").split("、")
        self.discipline.setChecked("纪律检查" in caps)
        self.supervision.setChecked("监察" in caps)
        admin = self.env.ctx.user_role == "管理员"
        for w in (*self.edits.values(), self.discipline, self.supervision, self.save_button):
            w.setEnabled(admin)
        self.form.clear_errors()

    def on_shown(self) -> None:
        self.load()

    def data(self) -> dict:
        values = {k: e.text().strip() or None for k, e in self.edits.items()}
        for key in ("site_name", "full_name", "short_name"):
            values[key] = values[key] or ""
        values["capacities"] = [n for b, n in ((self.discipline, "纪律检查"), (self.supervision, "监察"))
                                if b.isChecked()]
        return values

    def _on_save(self) -> None:
        from desktop.core.errors import ValidationError
        from desktop.core.services.org import site as org

        self.form.clear_errors()
        values = self.data()
        for key in ("site_name", "full_name", "short_name"):
            if not values[key]:
                self.form.show_error(key, "此项不能为空。")
                return

        def failed(exc):
            if isinstance(exc, ValidationError):
                self.form.show_error(exc.field, str(exc))
            else:
                alerts.show_error(self, exc)

        ctx = self.env.ctx
        self.env.runner.run(lambda: org.update_profile(ctx, values), on_done=self._on_saved, on_error=failed,
                            parent=self)

    def _on_saved(self, _row) -> None:
        from desktop.core.services.org.context import refresh_identity

        refresh_identity(self.env.ctx, login=None)
        self.env.data_changed()
        self.env.status("单位信息已保存")
