"""Logging in and out: password check, lockout after failures, must-change-password, all audited.

    ctx = open_context(data_dir, anonymous=True)     # no user yet
    result = auth.login(ctx, "admin", password)      # raises LoginRefused (one Chinese line) or sets ctx's user

After 5 failed attempts in a row the account is locked for 5 minutes, doubling with every further failure
(10, 20, … minutes); a successful login clears the count. Failures and lockouts are audited; refusals of a locked,
disabled or unknown account change nothing. Hashes made with weaker scrypt parameters are upgraded on login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy import update as sa_update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.core.clock import utc_iso
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.models.users import USER_ROLES, AppUser, LoginState
from desktop.core.services.org import passwords
from desktop.core.services.rows import write_audit

MAX_FAILURES = 5
LOCK_MINUTES = 5


class LoginRefused(PermissionDenied):
    """Wrong password, unknown, disabled or locked user, empty password: the message says which."""


@dataclass
class LoginResult:
    user_id: str
    login_name: str
    display_name: str
    role: str
    must_change: bool  # the password was set by an administrator (or never set): change it now


def _find(s, ctx, login: str) -> dict | None:
    t = AppUser.__table__
    q = select(t).where(t.c.deleted_at.is_(None), t.c.login_name == login)
    if ctx.site_code:
        q = q.where(t.c.origin_site == ctx.site_code)
    r = s.execute(q.order_by(t.c.created_at)).mappings().first()
    return dict(r) if r else None


def state_in(s, user_id: str) -> dict:
    t = LoginState.__table__
    r = s.execute(select(t).where(t.c.user_id == user_id)).mappings().first()
    return dict(r) if r else {"user_id": user_id, "failures": 0, "locked_until": None, "must_change": False,
                              "last_login_at": None}


def _put_state(s, state: dict) -> None:
    t = LoginState.__table__
    values = {k: state[k] for k in ("user_id", "failures", "locked_until", "must_change", "last_login_at")}
    s.execute(sqlite_insert(t).values(**values).on_conflict_do_update(index_elements=["user_id"], set_=values))


def set_must_change_in(s, user_id: str, must: bool) -> None:
    _put_state(s, {**state_in(s, user_id), "must_change": must})


def _locked_for(state: dict, now: datetime) -> timedelta | None:
    until = state.get("locked_until")
    if not until:
        return None
    left = datetime.fromisoformat(until.replace("Z", "+00:00")) - now
    return left if left.total_seconds() > 0 else None


def lock_minutes(failures: int) -> int:
    """Minutes an account waits after `failures` failed attempts in a row (0 below the limit)."""
    return 0 if failures < MAX_FAILURES else LOCK_MINUTES * 2 ** (failures - MAX_FAILURES)


def login(ctx, login_name: str, password: str, *, channel: str = "界面") -> LoginResult:
    """Check `password` for `login_name`; on success make that user the context's user and audit 登录.

    `channel` (界面, 命令行 <command>, 解锁) goes into the audit entry's summary.
    """
    from desktop.core.services.org.context import set_user

    login_name = (login_name or "").strip()
    if not login_name:
        raise LoginRefused("请输入用户名。")
    now = ctx.clock.now()
    with ctx.reader() as s:
        user = _find(s, ctx, login_name)
        state = state_in(s, user["id"]) if user else None
    if user is None:
        raise LoginRefused(f"没有名为“{login_name}”的用户。")
    if not user["active"]:
        raise LoginRefused(f"用户“{login_name}”已停用，请联系管理员。")
    left = _locked_for(state, now)
    if left is not None:
        minutes = max(1, -(-int(left.total_seconds()) // 60))
        raise LoginRefused(f"用户“{login_name}”因多次密码错误已锁定，请 {minutes} 分钟后再试。")
    if not password:
        raise LoginRefused("请输入密码。")
    if not user["password_hash"]:
        raise LoginRefused(f"用户“{login_name}”尚未设置密码，请管理员为其设置密码后再登录。")
    who = (user["id"], user["display_name"])
    if not passwords.verify(user["password_hash"], password):
        failures = state["failures"] + 1
        minutes = lock_minutes(failures)
        with ctx.session() as s:
            locked = utc_iso(now + timedelta(minutes=minutes)) if minutes else None
            _put_state(s, {**state_in(s, user["id"]), "failures": failures, "locked_until": locked})
            write_audit(s, ctx, "登录失败", AppUser, user["id"], summary=f"{login_name} 密码错误（连续第 {failures} 次）",
                        who=who)
            if minutes:
                write_audit(s, ctx, "账户锁定", AppUser, user["id"], summary=f"{login_name} 锁定 {minutes} 分钟",
                            after={"locked_until": locked}, who=who)
        if minutes:
            raise LoginRefused(f"密码不正确。已连续错误 {failures} 次，用户“{login_name}”锁定 {minutes} 分钟。")
        raise LoginRefused(f"密码不正确（再错 {MAX_FAILURES - failures} 次将锁定 {LOCK_MINUTES} 分钟）。")
    with ctx.session() as s:
        state = state_in(s, user["id"])
        _put_state(s, {**state, "failures": 0, "locked_until": None, "last_login_at": utc_iso(now)})
        if passwords.needs_upgrade(user["password_hash"]):
            t = AppUser.__table__
            s.execute(sa_update(t).where(t.c.id == user["id"]).values(password_hash=passwords.hash_password(password)))
            write_audit(s, ctx, "升级密码哈希", AppUser, user["id"], summary="密码哈希升级为 scrypt N=2^15", who=who)
        write_audit(s, ctx, "登录", AppUser, user["id"], summary=f"{login_name} 登录（{channel}）", who=who)
    set_user(ctx, user)
    return LoginResult(user["id"], user["login_name"], user["display_name"], user["role"], bool(state["must_change"]))


def check_again(ctx, password: str) -> None:
    """Unlock an idle-locked screen: the current user's password again (failures count as at login)."""
    if ctx.user_id is None:
        raise LoginRefused("尚未登录。")
    login(ctx, ctx.user_login, password, channel="解锁")


def logout(ctx) -> None:
    """Audit 退出 and forget the user."""
    from desktop.core.services.org.context import set_user

    if ctx.user_id is None:
        return
    with ctx.session() as s:
        write_audit(s, ctx, "退出", AppUser, ctx.user_id, summary=f"{ctx.user_login} 退出")
    set_user(ctx, None)


def must_change(ctx) -> bool:
    if ctx.user_id is None:
        return False
    with ctx.reader() as s:
        return bool(state_in(s, ctx.user_id)["must_change"])


def change_own_password(ctx, old: str, new: str) -> None:
    """The logged-in user changes their password: the old one again, then the new one (rules apply)."""
    if ctx.user_id is None:
        raise PermissionDenied("尚未登录：请先以用户身份登录。")
    t = AppUser.__table__
    with ctx.reader() as s:
        stored = s.execute(select(t.c.password_hash).where(t.c.id == ctx.user_id)).scalar()
    if stored and not passwords.verify(stored, old):
        raise ValidationError("原密码不正确。", field="old_password")
    passwords.check_rules(new, field="new_password")
    if old and new == old:
        raise ValidationError("新密码不能与原密码相同。", field="new_password")
    digest = passwords.hash_password(new)
    with ctx.session() as s:
        s.execute(sa_update(t).where(t.c.id == ctx.user_id).values(password_hash=digest))
        set_must_change_in(s, ctx.user_id, False)
        write_audit(s, ctx, "修改密码", AppUser, ctx.user_id, summary=f"{ctx.user_login} 修改了自己的密码")


def login_names(ctx) -> list[dict]:
    """Active users of this site for the login screen's list: login_name, display_name, role."""
    t = AppUser.__table__
    with ctx.reader() as s:
        q = select(t.c.login_name, t.c.display_name, t.c.role, t.c.created_at).where(t.c.deleted_at.is_(None),
                                                                                    t.c.active.is_(True))
        if ctx.site_code:
            q = q.where(t.c.origin_site == ctx.site_code)
        found = [dict(r) for r in s.execute(q).mappings()]
    found.sort(key=lambda u: (u["created_at"], USER_ROLES.index(u["role"]) if u["role"] in USER_ROLES else 9,
                              u["login_name"]))
    return [{k: u[k] for k in ("login_name", "display_name", "role")} for u in found]
