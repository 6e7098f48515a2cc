"""Change the logged-in user's own password (also forced right after a login with a reset password)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

from desktop.ui.widgets.form import FieldForm, SavesThroughRunner


class ChangePasswordDialog(SavesThroughRunner, QDialog):
    """Old password, new password twice. `forced`: the administrator reset it, so it must be changed now."""

    def __init__(self, env, *, forced: bool = False, parent=None):
        super().__init__(parent)
        self.env, self.saved = env, None
        self.setWindowTitle("修改密码")
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        if forced:
            note = QLabel("管理员为你设置了密码：请先设置自己的新密码再继续。")
            note.setWordWrap(True)
            lay.addWidget(note)
        self.form = FieldForm()
        self.old = self.form.add("old_password", "原密码 *", QLineEdit())
        self.new = self.form.add("new_password", "新密码 *", QLineEdit())
        self.new2 = self.form.add("new_password2", "再次输入 *", QLineEdit())
        for w in (self.old, self.new, self.new2):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.new.setPlaceholderText("至少 8 位，不能全是数字")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.form.general)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)

    def _on_ok(self) -> None:
        from desktop.core.services.org import auth

        self.form.clear_errors()
        if self.new.text() != self.new2.text():
            self.form.show_error("new_password2", "两次输入的新密码不一致。")
            return
        ctx, old, new = self.env.ctx, self.old.text(), self.new.text()
        self._save(lambda: auth.change_own_password(ctx, old, new) or True)
