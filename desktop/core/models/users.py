"""Users of this installation."""

from __future__ import annotations

from desktop.core.models.base import SyncColumns

USER_ROLES = ("管理员", "负责人", "工作人员", "只读")
# Roles that may see and handle sensitive records (leads, reporters, cases) and sign documents.
SENSITIVE_ROLES = ("管理员", "负责人")


class AppUser(SyncColumns, table=True):
    __tablename__ = "app_user"
    __local_columns__ = ("password_hash",)  # never leaves this PC
    display_name: str
    login_name: str
    role: str
    password_hash: str | None = None
    active: bool = True
