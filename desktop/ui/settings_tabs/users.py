"""设置 → 用户: the users of this installation; administrators add users and set passwords."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
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
        self.password_button = QPushButton("设置密码…")
        self.add_button.clicked.connect(self._on_add)
        self.password_button.clicked.connect(self._on_password)
        note = QLabel("角色：管理员可管理用户和单位信息；工作人员可录入和修改台账；只读用户只能查看和导出。")
        note.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(note, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.password_button)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table)
        self.load()

    def load(self) -> None:
        from desktop.core.services.org import users

        self.model.set_rows(users.list_users(self.env.ctx))
        admin = self.env.ctx.user_role == "管理员"
        self.add_button.setEnabled(admin)
        self.password_button.setEnabled(admin)

    def on_shown(self) -> None:
        self.load()

    def _on_add(self) -> None:
        from desktop.ui.dialogs.user_dialog import UserDialog

        dialog = UserDialog(self.env, parent=self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.load()
            self.env.status(f"已添加用户：{dialog.saved['display_name']}")

    def _on_password(self) -> None:
        from desktop.ui import alerts
        from desktop.ui.dialogs.user_dialog import UserDialog

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            alerts.info(self, "请先在列表中选择一个用户。")
            return
        dialog = UserDialog(self.env, user=self.model.row(rows[0].row()), parent=self)
        if dialog.exec() == dialog.DialogCode.Accepted:
            self.load()
            self.env.status("密码已更新")
