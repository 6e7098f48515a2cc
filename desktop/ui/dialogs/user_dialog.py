"""Add a user (name, login, role, first password) or reset a user's password (changed at their next login)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout

from desktop.ui.widgets.form import FieldForm, SavesThroughRunner

ROLES = ("工作人员", "负责人", "管理员", "只读")


class UserDialog(SavesThroughRunner, QDialog):
    """`UserDialog(env)` adds a user; `UserDialog(env, user=row)` sets that user's password.

    After Accepted, `saved` is the new user row (add) or True (password set).
    """

    def __init__(self, env, user: dict | None = None, parent=None):
        super().__init__(parent)
        self.env, self.user, self.saved = env, user, None
        self.setWindowTitle(f"重置密码 — {user['display_name']}" if user else "添加用户")
        self.setMinimumWidth(400)
        self.form = FieldForm()
        if not user:
            self.name = self.form.add("display_name", "姓名 *", QLineEdit())
            self.login = self.form.add("login_name", "登录名 *", QLineEdit())
            self.role = self.form.add("role", "角色 *", QComboBox())
            self.role.addItems(ROLES)
        self.password = self.form.add("password", "密码 *", QLineEdit())
        self.password2 = self.form.add("password2", "再次输入 *", QLineEdit())
        for w in (self.password, self.password2):
            w.setEchoMode(QLineEdit.EchoMode.Password)
            w.setPlaceholderText("至少 8 位，不能全是数字；用户登录后须自行修改")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form.general)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)

    def _on_ok(self) -> None:
        from desktop.core.services.org import users

        self.form.clear_errors()
        if self.password.text() != self.password2.text():
            self.form.show_error("password2", "两次输入的密码不一致。")
            return
        from desktop.core.errors import ValidationError
        from desktop.core.services.org import passwords

        ctx, pw = self.env.ctx, self.password.text()
        if self.user:
            try:
                passwords.check_rules(pw)
            except ValidationError as exc:
                self.form.show_error("password", str(exc))
                return
        if self.user:
            uid = self.user["id"]
            job = lambda: users.set_password(ctx, uid, pw) or True  # noqa: E731
        else:
            name, login, role = self.name.text().strip(), self.login.text().strip(), self.role.currentText()
            job = lambda: users.create_user(ctx, name, login, role, pw, require_password=True)  # noqa: E731
        self._save(job)


