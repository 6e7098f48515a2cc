"""An administrator's work on users: reset a password, disable and re-enable, change the role.

There is always at least one active administrator: disabling the last one or taking away its role is refused.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy import update as sa_update

from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.models.users import USER_ROLES, AppUser
from desktop.core.services import rows
from desktop.core.services.org import auth, passwords, users


def _active_admins(s, ctx) -> int:
    t = AppUser.__table__
    q = select(func.count()).where(t.c.deleted_at.is_(None), t.c.active.is_(True), t.c.role == "管理员")
    if ctx.site_code:
        q = q.where(t.c.origin_site == ctx.site_code)
    return s.execute(q).scalar_one()


def _user(s, ctx, user_id: str) -> dict:
    row = rows.require(s, AppUser, user_id, "用户")
    rows.require_own(ctx, row)
    return row


def reset_password(ctx, user_id: str, password: str) -> None:
    """Set a new password for a user, who must change it at the next login. Administrators only."""
    users.require_role(ctx, "管理员")
    passwords.check_rules(password)
    digest = passwords.hash_password(password)
    with ctx.session() as s:
        user = _user(s, ctx, user_id)
        t = AppUser.__table__  # a local column: no sync stamp, and the hash stays out of the audit log
        s.execute(sa_update(t).where(t.c.id == user_id).values(password_hash=digest))
        rows.write_audit(s, ctx, "重置密码", AppUser, user_id, summary=f"重置 {user['login_name']} 的密码")
        state = auth.state_in(s, user_id)
        auth._put_state(s, {**state, "must_change": user_id != ctx.user_id, "failures": 0, "locked_until": None})


def set_active(ctx, user_id: str, active: bool) -> dict:
    """Disable (cannot log in) or re-enable a user. The last active administrator cannot be disabled."""
    users.require_role(ctx, "管理员")
    with ctx.session() as s:
        user = _user(s, ctx, user_id)
        if not active and user["active"] and user["role"] == "管理员" and _active_admins(s, ctx) <= 1:
            raise ValidationError("不能停用唯一的在用管理员：请先让另一位用户成为管理员。")
        if not active and user_id == ctx.user_id:
            raise PermissionDenied("不能停用自己正在使用的账户。")
        return rows.update(s, ctx, AppUser, user_id, {"active": active},
                           reason=f"{'启用' if active else '停用'}用户 {user['login_name']}", action="修改")


def set_role(ctx, user_id: str, role: str) -> dict:
    """Change a user's role. The last active administrator keeps its role."""
    users.require_role(ctx, "管理员")
    if role not in USER_ROLES:
        raise ValidationError(f"用户角色只能是：{'、'.join(USER_ROLES)}。", field="role")
    with ctx.session() as s:
        user = _user(s, ctx, user_id)
        if user["role"] == "管理员" and role != "管理员" and user["active"] and _active_admins(s, ctx) <= 1:
            raise ValidationError("不能取消唯一的在用管理员的管理员角色：请先让另一位用户成为管理员。")
        row = rows.update(s, ctx, AppUser, user_id, {"role": role},
                          reason=f"{user['login_name']} 的角色改为 {role}")
    if user_id == ctx.user_id:
        ctx.user_role = role
    return row
