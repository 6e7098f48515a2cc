"""Users: display name, role (管理员/负责人/工作人员/只读), scrypt-hashed password (services/passwords.py)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.core.errors import Duplicate, PermissionDenied, ValidationError
from desktop.core.models.users import SENSITIVE_ROLES, USER_ROLES, AppUser
from desktop.core.services import rows
from desktop.core.services.org import passwords
from desktop.core.validators import LOGIN as _LOGIN


def hash_password(password: str) -> str:
    return passwords.hash_password(password)


def check_password(stored: str | None, password: str) -> bool:
    return passwords.verify(stored, password)


def list_users(ctx) -> list[dict]:
    t = AppUser.__table__
    with ctx.reader() as s:
        q = select(t).where(t.c.deleted_at.is_(None)).order_by(t.c.created_at)
        if ctx.site_code:  # the district also holds its townships' users (without passwords)
            q = q.where(t.c.origin_site == ctx.site_code)
        return [_public(r) for r in s.execute(q).mappings()]


def _public(row) -> dict:
    d = dict(row)
    d["has_password"] = bool(d.pop("password_hash", None))
    return d


def pick_user(ctx, login: str) -> dict:
    """The active user with login name `login` (who it is was checked by the caller: auth.login)."""
    t = AppUser.__table__
    with ctx.reader() as s:
        q = select(t).where(t.c.deleted_at.is_(None), t.c.active.is_(True), t.c.login_name == login)
        if ctx.site_code:  # never log in as a user of another site (received by USB exchange)
            q = q.where(t.c.origin_site == ctx.site_code)
        users = [dict(r) for r in s.execute(q.order_by(t.c.created_at)).mappings()]
    if not users:
        raise ValidationError(f"没有名为“{login}”的在用用户。")
    return users[0]


def validate(display_name: str, login_name: str, role: str) -> None:
    if not display_name.strip():
        raise ValidationError("请填写用户姓名。", field="display_name")
    if not _LOGIN.match(login_name or ""):
        raise ValidationError("登录名只能由 1–32 位汉字、字母、数字、下划线、点或减号组成。", field="login_name")
    if role not in USER_ROLES:
        raise ValidationError(f"用户角色只能是：{'、'.join(USER_ROLES)}。", field="role")


def create_user_in(s, ctx, display_name: str, login_name: str, role: str = "工作人员", password: str = "",
                   *, password_hash: str | None = None) -> dict:
    validate(display_name, login_name, role)
    t = AppUser.__table__
    clash = s.execute(select(t.c.id).where(t.c.login_name == login_name, t.c.deleted_at.is_(None),
                                           t.c.origin_site == ctx.site_code)).first()
    if clash:
        raise Duplicate(f"登录名“{login_name}”已被使用。", field="login_name")
    values = {
        "display_name": display_name.strip(),
        "login_name": login_name,
        "role": role,
        "password_hash": password_hash or (hash_password(password) if password else None),
        "active": True,
    }
    row = rows.insert(s, ctx, AppUser, values, audit=False)
    rows.write_audit(s, ctx, "新增", AppUser, row["id"], after=_public(row))
    return _public(row)


def create_user(ctx, display_name: str, login_name: str, role: str = "工作人员", password: str = "", *,
                require_password: bool = False) -> dict:
    """Add a user. A first password (rules of passwords.check_rules) must be changed at the first login; without
    one the user cannot log in until an administrator sets it (the GUI always asks for one)."""
    from sqlalchemy import update as sa_update

    from desktop.core.services.org import auth

    require_role(ctx, "管理员")
    with ctx.session() as s:
        user = create_user_in(s, ctx, display_name, login_name, role)  # name, login, role, uniqueness first
        if password or require_password:
            passwords.check_rules(password)
            t = AppUser.__table__
            s.execute(sa_update(t).where(t.c.id == user["id"]).values(password_hash=hash_password(password)))
            auth.set_must_change_in(s, user["id"], True)
            user["has_password"] = True
        return user


def set_password(ctx, user_id: str, password: str) -> None:
    """An administrator resets a user's password; the user must change it at the next login."""
    from desktop.core.services.org import user_admin

    user_admin.reset_password(ctx, user_id, password)


def require_role(ctx, *allowed: str) -> None:
    """Raise PermissionDenied unless the current user has one of `allowed` roles (只读 users write nothing)."""
    if ctx.user_id is None:
        if not ctx.site_code:
            return  # set-up, before the first user exists
        raise PermissionDenied("尚未登录：请先以用户身份登录。")
    if ctx.user_role not in allowed:
        raise PermissionDenied(f"当前用户（{ctx.user_name}，{ctx.user_role}）无权进行此操作。")


def require_writer(ctx) -> None:
    """Any role but 只读."""
    require_role(ctx, "管理员", "负责人", "工作人员")


def can_see_sensitive(ctx) -> bool:
    """Whether the current user may see leads, reporters and cases (负责人 and 管理员)."""
    return (ctx.user_id is None and not ctx.site_code) or ctx.user_role in SENSITIVE_ROLES


def require_sensitive(ctx) -> None:
    """Raise PermissionDenied unless the current user may see and handle sensitive records."""
    require_role(ctx, *SENSITIVE_ROLES)
