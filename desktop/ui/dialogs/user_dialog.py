"""Add a user (name, login, role, optional password) or set a user's password."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop.ui.dialogs.record import RecordDialog

ROLES = ("工作人员", "管理员", "只读")


class UserDialog(RecordDialog):
    """`UserDialog(env)` adds a user; `UserDialog(env, user=row)` sets that user's password.

    After Accepted, `saved` is the new user row (add) or True (password set).
    """

    def __init__(self, env, user: dict | None = None, parent=None):
        self.user = user
        super().__init__(env, f"设置密码 — {user['display_name']}" if user else "添加用户", parent=parent)
        self.setMinimumWidth(400)

    def _build_form(self, form) -> None:
        if not self.user:
            self.name = self.add("姓名 *", "display_name", QLineEdit())
            self.login = self.add("登录名 *", "login_name", QLineEdit())
            self.role = self.add("角色 *", "role", QComboBox())
            self.role.addItems(ROLES)
        self.password = self.add("密码", "password", QLineEdit())
        self.password2 = self.add("再次输入", "password2", QLineEdit())
        for w in (self.password, self.password2):
            w.setEchoMode(QLineEdit.EchoMode.Password)
            w.setPlaceholderText("可不设；留空表示不需要密码")

    def data(self) -> dict:
        values = {"password": self.password.text(), "password2": self.password2.text()}
        if not self.user:
            values.update(display_name=self.name.text().strip(), login_name=self.login.text().strip(),
                          role=self.role.currentText())
        return values

    def check(self, values: dict):
        return None if values["password"] == values["password2"] else ("password2", "两次输入的密码不一致。")

    def save(self, values: dict):
        from desktop.core.services.org import users

        ctx = self.env.ctx
        if self.user:
            return users.set_password(ctx, self.user["id"], values["password"]) or True
        return users.create_user(ctx, values["display_name"], values["login_name"], values["role"], values["password"])
