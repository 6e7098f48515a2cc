"""Users: display name, role (管理员/工作人员/只读), optional scrypt-hashed password."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from sqlalchemy import select

from desktop.core.errors import Duplicate, PermissionDenied, ValidationError
from desktop.core.models.users import SENSITIVE_ROLES, USER_ROLES, AppUser
from desktop.core.services import rows
from desktop.core.validators import LOGIN as _LOGIN

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    """scrypt$n$r$p$salt$hash (base64)."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt).decode()}${b64(digest).decode()}"


def check_password(stored: str | None, password: str) -> bool:
    if not stored:
        return True  # no password set for this user
    _, n, r, p, salt, digest = stored.split("$")
    got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), dklen=32, n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(got, base64.b64decode(digest))


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


def pick_user(ctx, login: str | None = None) -> dict | None:
    """The user to work as: by login name, else the first active administrator, else the first user."""
    t = AppUser.__table__
    with ctx.reader() as s:
        q = select(t).where(t.c.deleted_at.is_(None), t.c.active.is_(True))
        if ctx.site_code:  # never log in as a user of another site (received by USB exchange)
            q = q.where(t.c.origin_site == ctx.site_code)
        if login:
            q = q.where(t.c.login_name == login)
        users = [dict(r) for r in s.execute(q.order_by(t.c.created_at)).mappings()]
    if login and not users:
        raise ValidationError(f"没有名为“{login}”的用户。")
    admins = [u for u in users if u["role"] == "管理员"]
    return (admins or users or [None])[0]


def validate(display_name: str, login_name: str, role: str) -> None:
    if not display_name.strip():
        raise ValidationError("请填写用户姓名。", field="display_name")
    if not _LOGIN.match(login_name or ""):
        raise ValidationError("登录名只能由 1–32 位汉字、字母、数字、下划线、点或减号组成。", field="login_name")
    if role not in USER_ROLES:
        raise ValidationError(f"用户角色只能是：{'、'.join(USER_ROLES)}。", field="role")


def create_user_in(s, ctx, display_name: str, login_name: str, role: str = "工作人员", password: str = "") -> dict:
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
        "password_hash": hash_password(password) if password else None,
        "active": True,
    }
    row = rows.insert(s, ctx, AppUser, values, audit=False)
    rows.write_audit(s, ctx, "新增", AppUser, row["id"], after=_public(row))
    return _public(row)


def create_user(ctx, display_name: str, login_name: str, role: str = "工作人员", password: str = "") -> dict:
    """Add a user. Only administrators may do this once the first user exists."""
    require_role(ctx, "管理员")
    with ctx.session() as s:
        return create_user_in(s, ctx, display_name, login_name, role, password)


def set_password(ctx, user_id: str, password: str) -> None:
    require_role(ctx, "管理员")
    with ctx.session() as s:
        rows.update(s, ctx, AppUser, user_id, {"password_hash": hash_password(password) if password else None},
                    reason="设置密码")


def require_role(ctx, *allowed: str) -> None:
    """Raise PermissionDenied unless the current user has one of `allowed` roles (只读 users write nothing)."""
    if ctx.user_id is None:
        return  # set-up, before the first user exists
    if ctx.user_role not in allowed:
        raise PermissionDenied(f"当前用户（{ctx.user_name}，{ctx.user_role}）无权进行此操作。")


def require_writer(ctx) -> None:
    """Any role but 只读."""
    require_role(ctx, "管理员", "负责人", "工作人员")


def can_see_sensitive(ctx) -> bool:
    """Whether the current user may see leads, reporters and cases (负责人 and 管理员)."""
    return ctx.user_id is None or ctx.user_role in SENSITIVE_ROLES


def require_sensitive(ctx) -> None:
    """Raise PermissionDenied unless the current user may see and handle sensitive records."""
    require_role(ctx, *SENSITIVE_ROLES)
