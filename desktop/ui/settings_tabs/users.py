"""设置 → 用户: the users of this installation. Administrators add users, reset passwords, disable and re-enable
them and change roles; everyone changes their own password here. The idle-lock time is set here too."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
        QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.models.rows_model import Column, RowsTableModel

TITLE = "用户"
ORDER = 20
COLUMNS = [Column("display_name", "姓名", 120), Column("login_name", "登录名", 120), Column("role", "角色", 90),
           Column("has_password", "密码", 70, fmt=lambda v: "已设置" if v else "未设置"),
           Column("active", "状态", 60, fmt=lambda v: "在用" if v else "停用"), Column("created_at", "添加时间", 160,
                                                                                  fmt=lambda v: (v or "")[:10])]


class Tab(QWidget):
    def __init__(self, env, parent=None):
        super().__init__(parent)
        self.env = env
        self.model = RowsTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        for i, c in enumerate(COLUMNS):
            self.table.setColumnWidth(i, c.width)
        self.add_button = QPushButton("添加用户…")
        self.password_button = QPushButton("重置密码…")
        self.active_button = QPushButton("停用")
        self.role_button = QPushButton("修改角色…")
        self.own_button = QPushButton("修改我的密码…")
        self.add_button.clicked.connect(self._on_add)
        self.password_button.clicked.connect(self._on_password)
        self.active_button.clicked.connect(self._on_active)
        self.role_button.clicked.connect(self._on_role)
        self.own_button.clicked.connect(self._on_own)
        note = QLabel("角色：管理员管理用户、单位信息、密钥和恢复；负责人（纪委书记、副书记）另可签发文书、查看敏感记录和"
                      "备份；工作人员录入和修改台账；只读用户只能查看。始终至少保留一位在用的管理员。")
        note.setWordWrap(True)
        bar = QHBoxLayout()
        for b in (self.add_button, self.password_button, self.active_button, self.role_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.own_button)
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(" 分钟")
        self.idle.setSpecialValueText("不自动锁定")
        self.idle.setToolTip("无人操作这么久后程序自动锁定，需输入密码继续（未保存的内容不会丢失）")
        self.idle.editingFinished.connect(self._on_idle)
        idle_row = QHBoxLayout()
        idle_row.addWidget(QLabel("无人操作后自动锁定："))
        idle_row.addWidget(self.idle)
        idle_row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addLayout(bar)
        lay.addWidget(self.table)
        lay.addLayout(idle_row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.load()

    def load(self) -> None:
        from desktop.core.services.org import users
        from desktop.ui.idle_lock import idle_minutes

        self.model.set_rows(users.list_users(self.env.ctx))
        self.idle.setValue(idle_minutes(self.env.ctx))
        self._update_buttons()

    def _selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        admin = self.env.ctx.user_role == "管理员"
        user = self._selected()
        for b in (self.add_button, self.password_button, self.active_button, self.role_button):
            b.setEnabled(admin)
        self.idle.setEnabled(admin)
        self.active_button.setText("启用" if user and not user["active"] else "停用")
        self.own_button.setEnabled(self.env.ctx.user_id is not None)

    def on_shown(self) -> None:
        self.load()

    def _on_add(self) -> None:
        from desktop.ui.dialogs.user_dialog import UserDialog

        dialog = UserDialog(self.env, parent=self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.load()
            self.env.status(f"已添加用户：{dialog.saved['display_name']}")

    def _need_selection(self) -> dict | None:
        from desktop.ui import alerts

        user = self._selected()
        if user is None:
            alerts.info(self, "请先在列表中选择一个用户。")
        return user

    def _on_password(self) -> None:
        from desktop.ui.dialogs.user_dialog import UserDialog

        user = self._need_selection()
        if user is None:
            return
        dialog = UserDialog(self.env, user=user, parent=self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.load()
            self.env.status(f"已重置 {user['display_name']} 的密码（下次登录时须修改）")

    def _run(self, job, done_text: str) -> None:
        from desktop.ui import alerts

        def done(_):
            self.load()
            self.env.status(done_text)

        self.env.runner.run(job, on_done=done, on_error=lambda exc: alerts.show_error(self, exc), parent=self)

    def _on_active(self) -> None:
        from desktop.core.services.org import user_admin

        user = self._need_selection()
        if user is None:
            return
        ctx, uid, active = self.env.ctx, user["id"], not user["active"]
        self._run(lambda: user_admin.set_active(ctx, uid, active),
                  f"已{'启用' if active else '停用'}用户：{user['display_name']}")

    def _on_role(self) -> None:
        from desktop.core.models.users import USER_ROLES
        from desktop.core.services.org import user_admin

        user = self._need_selection()
        if user is None:
            return
        role, ok = QInputDialog.getItem(self, "修改角色", f"{user['display_name']} 的角色：", list(USER_ROLES),
                                        USER_ROLES.index(user["role"]), False)
        if ok and role != user["role"]:
            ctx, uid = self.env.ctx, user["id"]
            self._run(lambda: user_admin.set_role(ctx, uid, role), f"{user['display_name']} 的角色已改为{role}")

    def _on_own(self) -> None:
        from desktop.ui.dialogs.change_password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.env, parent=self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.env.status("密码已修改")

    def _on_idle(self) -> None:
        from desktop.core.services.org import settings, users
        from desktop.ui.idle_lock import SETTING

        ctx, minutes = self.env.ctx, self.idle.value()
        locker = getattr(self.env, "idle_lock", None)

        def job():
            users.require_role(ctx, "管理员")
            settings.put(ctx, SETTING, minutes)
            if locker is not None:
                locker.set_minutes(minutes)

        self._run(job, f"自动锁定时间已设为 {minutes} 分钟" if minutes else "已关闭自动锁定")
