"""The login screen (shown in the main window before any data) and the lock screen laid over every open window.

`LoginPage(ctx, runner, on_login)`: a user list (or a typed name), the password, one Chinese line for what went
wrong; in demo data the demo users and passwords are shown as a hint. The password check runs on the runner
(scrypt takes a moment), never on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("loginCard")
    card.setFixedWidth(380)
    card.setStyleSheet("QFrame#loginCard { background: palette(base); border: 1px solid palette(mid);"
                       " border-radius: 6px; }")
    lay = QVBoxLayout(card)
    lay.setContentsMargins(24, 20, 24, 20)
    head = QLabel(title)
    head.setStyleSheet("font-size: 15pt; font-weight: bold;")
    lay.addWidget(head)
    return card, lay


def _centre(card: QWidget, parent: QWidget) -> None:
    outer = QVBoxLayout(parent)
    outer.addStretch(1)
    outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
    outer.addStretch(2)


class LoginPage(QWidget):
    """Who is working: user and password. `on_login(result)` is called once the password was right."""

    def __init__(self, ctx, runner, on_login, parent=None):
        super().__init__(parent)
        from desktop.core.demo import users as demo_users
        from desktop.core.services.org import auth

        self.ctx, self.runner, self.on_login = ctx, runner, on_login
        card, lay = _card("登录清风台账")
        site = QLabel(f"{ctx.site_name}（{ctx.site_code}）")
        site.setStyleSheet("color: palette(dark);")
        lay.addWidget(site)
        form = QFormLayout()
        self.user = QComboBox()
        self.user.setEditable(True)  # a list of this site's users, or a typed login name
        for u in auth.login_names(ctx):
            self.user.addItem(f"{u['display_name']}（{u['login_name']}，{u['role']}）", u["login_name"])
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("密码")
        self.password.returnPressed.connect(self.submit)
        form.addRow("用户", self.user)
        form.addRow("密码", self.password)
        lay.addLayout(form)
        self.error = QLabel("")
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        lay.addWidget(self.error)
        self.button = QPushButton("登录")
        self.button.setDefault(True)
        self.button.clicked.connect(self.submit)
        lay.addWidget(self.button)
        demo = demo_users.listed(ctx)
        self.hint = QLabel("")
        if demo:
            lines = "<br>".join(f"{d['login']} / {d['password']}（{d['role']}）" for d in demo)
            self.hint.setText(f"<b>演示数据</b>，可用以下用户登录（登录名 / 密码）：<br>{lines}")
            self.hint.setStyleSheet("color: palette(dark); padding-top: 8px;")
        self.hint.setVisible(bool(demo))
        lay.addWidget(self.hint)
        _centre(card, self)
        self.password.setFocus()

    def login_name(self) -> str:
        text = self.user.currentText().strip()
        i = self.user.findText(text)
        return self.user.itemData(i) if i >= 0 else text

    def submit(self) -> None:
        from desktop.core.services.org import auth

        self.error.setText("")
        self.button.setEnabled(False)
        ctx, login, password = self.ctx, self.login_name(), self.password.text()
        self.runner.run(lambda: auth.login(ctx, login, password), on_done=self._done, on_error=self._failed,
                        parent=self)

    def _done(self, result) -> None:
        self.button.setEnabled(True)
        self.password.clear()
        self.on_login(result)

    def _failed(self, exc) -> None:
        from desktop.core.errors import QingfengError

        self.button.setEnabled(True)
        if not isinstance(exc, QingfengError):
            raise exc
        self.error.setText(str(exc))
        self.password.selectAll()
        self.password.setFocus()


class LockOverlay(QFrame):
    """Covers one window while the program is locked; the form under it keeps what was typed.

    Every overlay asks for the same user's password; the right password on any of them unlocks all.
    """

    def __init__(self, window: QWidget, locker):
        super().__init__(window)
        self.setObjectName("lockOverlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#lockOverlay { background: palette(window); }")
        self.locker = locker
        card, lay = _card("已锁定")
        ctx = locker.ctx
        who = QLabel(f"程序已锁定。请输入 {ctx.user_name}（{ctx.user_login}，{ctx.user_role}）的密码继续。\n"
                     "未保存的内容仍然保留。")
        who.setWordWrap(True)
        lay.addWidget(who)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("密码")
        self.password.returnPressed.connect(self.submit)
        lay.addWidget(self.password)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        lay.addWidget(self.error)
        self.button = QPushButton("解锁")
        self.button.clicked.connect(self.submit)
        lay.addWidget(self.button)
        _centre(card, self)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.show()
        self.raise_()
        self.password.setFocus()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
        return False

    def submit(self) -> None:
        self.error.setText("")
        self.locker.try_unlock(self.password.text(), self)
