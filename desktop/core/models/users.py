"""Users of this installation."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

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


class LoginState(SQLModel, table=True):
    """Failed logins, lockout and must-change-password of one user on this PC (local, never synced)."""

    __tablename__ = "login_state"
    __sync__ = "local"
    user_id: str = Field(primary_key=True)
    failures: int = 0
    locked_until: str | None = None
    must_change: bool = False
    last_login_at: str | None = None
