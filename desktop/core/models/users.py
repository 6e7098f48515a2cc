"""Users of this installation."""

from __future__ import annotations

from desktop.core.models.base import SyncColumns

USER_ROLES = ("管理员", "工作人员", "只读")


class AppUser(SyncColumns, table=True):
    __tablename__ = "app_user"
    __local_columns__ = ("password_hash",)  # never leaves this PC
    display_name: str
    login_name: str
    role: str
    password_hash: str | None = None
    active: bool = True
