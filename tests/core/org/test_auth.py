"""Logging in: passwords checked, lockout after 5 failures (5 min, doubling), hashes upgraded, all audited."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from desktop.core.clock import FixedClock
from desktop.core.errors import PermissionDenied, ValidationError
from desktop.core.services.org import auth, passwords, user_admin, users
from desktop.core.services.org.context import open_context
from tests.conftest import ADMIN_PASSWORD, TODAY, db_snapshot, fixed_clock


@pytest.fixture
def anon(site_dir):
    c = open_context(site_dir, clock=fixed_clock(), anonymous=True)
    yield c
    c.close()


def _audit(ctx, action):
    from desktop.core.services.audit import log as audit_log

    return [e for e in audit_log.history(ctx, ctx.user_id or "") if e.action == action]


def _actions(path):
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT action FROM audit_log ORDER BY id")]
    finally:
        con.close()


def test_anonymous_context_has_no_user_and_may_not_write(anon):
    assert anon.user_id is None and anon.site_code == "330226101"
    with pytest.raises(PermissionDenied, match="尚未登录"):
        users.require_writer(anon)
    assert not users.can_see_sensitive(anon)


def test_login_sets_the_user_and_is_audited(anon, site_dir):
    result = auth.login(anon, "admin", ADMIN_PASSWORD)
    assert result.role == "管理员" and not result.must_change
    assert anon.user_name == "王晓燕" and anon.user_role == "管理员" and anon.user_login == "admin"
    auth.logout(anon)
    assert anon.user_id is None
    assert _actions(site_dir / "qingfeng.db")[-2:] == ["登录", "退出"]


@pytest.mark.parametrize("login, password, message", [
    ("", "x", "请输入用户名。"),
    ("nobody", "x", "没有名为“nobody”的用户。"),
    ("admin", "", "请输入密码。"),
])
def test_bad_input_is_one_line_and_changes_nothing(anon, site_dir, login, password, message):
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(auth.LoginRefused) as info:
        auth.login(anon, login, password)
    assert str(info.value) == message and anon.user_id is None
    assert db_snapshot(site_dir / "qingfeng.db") == before


def test_disabled_user_is_refused(ctx, site_dir):
    u = users.create_user(ctx, "李明", "liming", "工作人员", "liming-2026")
    user_admin.set_active(ctx, u["id"], False)
    anon = open_context(site_dir, clock=fixed_clock(), anonymous=True, lock=False)
    try:
        with pytest.raises(auth.LoginRefused, match="已停用"):
            auth.login(anon, "liming", "liming-2026")
        user_admin.set_active(ctx, u["id"], True)
        assert auth.login(anon, "liming", "liming-2026").must_change  # first password set by the administrator
    finally:
        anon.close()


def test_five_failures_lock_for_five_minutes_then_doubling(anon, site_dir):
    for i in range(1, 5):
        with pytest.raises(auth.LoginRefused, match=f"再错 {5 - i} 次"):
            auth.login(anon, "admin", "wrong-password")
    with pytest.raises(auth.LoginRefused, match="锁定 5 分钟"):
        auth.login(anon, "admin", "wrong-password")
    before = db_snapshot(site_dir / "qingfeng.db")
    with pytest.raises(auth.LoginRefused, match="已锁定，请 5 分钟后再试"):
        auth.login(anon, "admin", ADMIN_PASSWORD)  # even the right password waits
    assert db_snapshot(site_dir / "qingfeng.db") == before
    start = anon.clock.now()
    anon.clock = FixedClock(TODAY, start + timedelta(minutes=4))
    with pytest.raises(auth.LoginRefused, match="请 1 分钟后再试"):
        auth.login(anon, "admin", ADMIN_PASSWORD)
    anon.clock = FixedClock(TODAY, start + timedelta(minutes=5, seconds=1))
    with pytest.raises(auth.LoginRefused, match="锁定 10 分钟"):  # the 6th failure doubles
        auth.login(anon, "admin", "wrong-again")
    anon.clock = FixedClock(TODAY, start + timedelta(minutes=16))
    auth.login(anon, "admin", ADMIN_PASSWORD)
    actions = _actions(site_dir / "qingfeng.db")
    assert actions.count("登录失败") == 6 and actions.count("账户锁定") == 2 and actions[-1] == "登录"
    auth.logout(anon)
    with pytest.raises(auth.LoginRefused, match="再错 4 次"):  # the count starts again after a login
        auth.login(anon, "admin", "wrong")


def test_lock_minutes_double():
    assert [auth.lock_minutes(n) for n in (4, 5, 6, 7, 8)] == [0, 5, 10, 20, 40]


def test_scrypt_cost_and_old_hashes_upgraded_at_login(anon, site_dir):
    stored = passwords.hash_password("pw-anything")
    assert stored.startswith("scrypt$32768$8$1$") and passwords.verify(stored, "pw-anything")
    assert not passwords.verify(stored, "pw-anythinG") and not passwords.verify(None, "x")
    old = "scrypt$16384$8$1$" + _old_hash(ADMIN_PASSWORD)
    con = sqlite3.connect(site_dir / "qingfeng.db")
    con.execute("UPDATE app_user SET password_hash = ? WHERE login_name = 'admin'", (old,))
    con.commit()
    con.close()
    assert passwords.needs_upgrade(old) and not passwords.needs_upgrade(stored)
    auth.login(anon, "admin", ADMIN_PASSWORD)
    con = sqlite3.connect(site_dir / "qingfeng.db")
    new = con.execute("SELECT password_hash FROM app_user WHERE login_name = 'admin'").fetchone()[0]
    con.close()
    assert new.startswith("scrypt$32768$") and passwords.verify(new, ADMIN_PASSWORD)
    assert "升级密码哈希" in _actions(site_dir / "qingfeng.db")


def _old_hash(password: str) -> str:
    import base64
    import hashlib

    salt = b"0123456789abcdef"
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"{base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


@pytest.mark.parametrize("pw, message", [("", "请输入密码。"), ("abc1234", "至少 8 位"), ("12345678", "不能全是数字")])
def test_password_rules(pw, message):
    with pytest.raises(ValidationError, match=message):
        passwords.check_rules(pw)
    passwords.check_rules("abcd1234")


def test_change_own_password(anon):
    auth.login(anon, "admin", ADMIN_PASSWORD)
    with pytest.raises(ValidationError, match="原密码不正确"):
        auth.change_own_password(anon, "wrong", "new-pass-1")
    with pytest.raises(ValidationError, match="不能全是数字"):
        auth.change_own_password(anon, ADMIN_PASSWORD, "99999999")
    auth.change_own_password(anon, ADMIN_PASSWORD, "new-pass-1")
    auth.logout(anon)
    with pytest.raises(auth.LoginRefused):
        auth.login(anon, "admin", ADMIN_PASSWORD)
    auth.login(anon, "admin", "new-pass-1")


def test_reset_password_must_be_changed_at_next_login(ctx, site_dir):
    u = users.create_user(ctx, "李明", "liming", "工作人员")
    anon = open_context(site_dir, clock=fixed_clock(), anonymous=True, lock=False)
    try:
        with pytest.raises(auth.LoginRefused, match="尚未设置密码"):
            auth.login(anon, "liming", "anything-1")
        user_admin.reset_password(ctx, u["id"], "reset-2026")
        assert auth.login(anon, "liming", "reset-2026").must_change and auth.must_change(anon)
        auth.change_own_password(anon, "reset-2026", "mine-2026")
        assert not auth.must_change(anon)
    finally:
        anon.close()


def test_always_one_active_administrator(ctx):
    admin = next(u for u in users.list_users(ctx) if u["login_name"] == "admin")
    with pytest.raises(ValidationError, match="唯一的在用管理员"):
        user_admin.set_role(ctx, admin["id"], "工作人员")
    with pytest.raises((ValidationError, PermissionDenied)):
        user_admin.set_active(ctx, admin["id"], False)
    other = users.create_user(ctx, "张强", "zhangqiang", "管理员", "zhang-2026")
    user_admin.set_active(ctx, other["id"], False)
    with pytest.raises(ValidationError, match="唯一的在用管理员"):
        user_admin.set_role(ctx, admin["id"], "只读")
    user_admin.set_active(ctx, other["id"], True)
    user_admin.set_role(ctx, admin["id"], "负责人")
    assert ctx.user_role == "负责人"
    with pytest.raises(PermissionDenied):
        user_admin.set_role(ctx, admin["id"], "管理员")  # no longer an administrator


def test_only_administrators_manage_users(ctx):
    u = users.create_user(ctx, "李明", "liming", "工作人员", "liming-2026")
    ctx.user_role = "负责人"
    for call in (lambda: user_admin.set_active(ctx, u["id"], False), lambda: user_admin.set_role(ctx, u["id"], "只读"),
                 lambda: user_admin.reset_password(ctx, u["id"], "abcd-1234"),
                 lambda: users.create_user(ctx, "王五", "wangwu", "只读", "abcd-1234")):
        with pytest.raises(PermissionDenied):
            call()


def test_demo_has_one_user_per_role_and_the_hint(demo_ctx):
    from desktop.core.demo import users as demo_users

    listed = demo_users.listed(demo_ctx)
    assert sorted(u["role"] for u in listed) == sorted(users.USER_ROLES)
    anon = open_context(demo_ctx.data.root, clock=fixed_clock(), anonymous=True, lock=False)
    try:
        for u in listed:
            assert auth.login(anon, u["login"], u["password"]).role == u["role"]
    finally:
        anon.close()


def test_no_hint_outside_demo_data(ctx):
    from desktop.core.demo import users as demo_users

    assert demo_users.listed(ctx) == []
