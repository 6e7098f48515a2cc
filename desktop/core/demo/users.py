"""Demo step: one user per role with a public demo password (shown by `qingfeng demo` and on the login screen).

The administrator is made at set-up (`qingfeng demo` gives it ADMIN_PASSWORD); this step adds the other three and
records the list under the setting `demo_users`, which only demo data has: the login screen's hint comes from it.
Demo passwords are public, so their salts are fixed (the hashes are the same in every demo database).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from desktop.core.services.org import passwords, settings, users

ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "qingfeng-admin"
USERS = (  # login, display name, role, password
    ("shuji", "陈建国", "负责人", "qingfeng-shuji"),
    ("ganshi", "李文静", "工作人员", "qingfeng-ganshi"),
    ("chayue", "赵明", "只读", "qingfeng-chayue"),
)


def demo_hash(login: str, password: str) -> str:
    return passwords.hash_password(password, salt=hashlib.sha256(f"qingfeng-demo:{login}".encode()).digest()[:16])


def run(ctx, rng, size) -> Iterator[str]:  # noqa: ARG001 - no randomness here (keeps the other steps' data)
    existing = {u["login_name"] for u in users.list_users(ctx)}
    listed = [{"login": ADMIN_LOGIN, "password": ADMIN_PASSWORD, "role": "管理员"}]
    with ctx.session() as s:
        for login, name, role, password in USERS:
            if login not in existing:
                users.create_user_in(s, ctx, name, login, role, password_hash=demo_hash(login, password))
            listed.append({"login": login, "password": password, "role": role})
    settings.put(ctx, "demo_users", listed)
    yield f"演示用户 {len(listed)} 个（每个角色一个）"


def listed(ctx) -> list[dict]:
    """The demo users with their passwords, or [] when this is not demo data."""
    return settings.get(ctx, "demo_users", []) or []
