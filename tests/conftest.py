"""Shared fixtures. Template databases are built once per session and copied per test (fast, isolated)."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "zh_CN.UTF-8")

TODAY = date(2026, 11, 24)
ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "qingfeng-admin"  # the templates' administrator (the demo's too: desktop/core/demo/users.py)
KEY_PASSPHRASE = "清风-测试口令-2026"  # the templates' township key passphrase (= the test district's)


def fixed_clock():
    from desktop.core.clock import FixedClock

    return FixedClock(TODAY)


def _init(path, *, demo: bool, code: str = "330226101", name: str = "清溪镇", role: str = "township", seed: int = 7):
    from desktop.core import demo as demo_mod
    from desktop.core.services.org import site as org
    from desktop.core.services.org.context import open_context

    ctx = open_context(path, create=True, clock=fixed_clock())
    try:
        org.initialise(ctx, org.SiteSetup(role=role, site_code=code, site_name=name,
                                          capacities=["纪律检查", "监察"], contact_person="王晓燕",
                                          contact_phone="0574-65123456", admin_name="王晓燕",
                                          admin_login=ADMIN_LOGIN, admin_password=ADMIN_PASSWORD))
        if demo:
            for _ in demo_mod.run(ctx, size="small", seed=seed):
                pass
    finally:
        ctx.close()
    return path


@pytest.fixture(autouse=True)
def _fixed_default_clock():
    """Every context a test opens without a clock (the CLI's, the GUI's) runs on TODAY, never on the real date."""
    from desktop.core import clock

    previous = clock.set_default(fixed_clock())
    yield
    clock.set_default(previous)


@pytest.fixture(scope="session", autouse=True)
def _cached_scrypt():
    """The same scrypt (N = 2^15) as in production, remembered per (password, salt, parameters): a template's
    password is derived once per session, not once per login, so logging in costs the suite almost nothing.
    The age decryption of the township keys (scrypt too) is remembered the same way."""
    import functools

    import pyrage

    from desktop.core.services.org import passwords

    real, real_decrypt = passwords.kdf, pyrage.passphrase.decrypt
    passwords.kdf = functools.lru_cache(maxsize=256)(real)
    pyrage.passphrase.decrypt = functools.lru_cache(maxsize=256)(real_decrypt)  # the keys' age scrypt, likewise
    yield
    passwords.kdf, pyrage.passphrase.decrypt = real, real_decrypt


@pytest.fixture(scope="session", autouse=True)
def _logged_in_as_admin():
    """Every test runs as the templates' administrator: the CLI logs in from QINGFENG_USER / QINGFENG_PASSWORD, and
    a context opened without a login (core tests, GUI tests building pages) acts as `admin`. Session-wide, so
    session templates get it too; tests of refusal use the `logged_out` fixture."""
    from desktop.core.services.org import context
    from desktop.core.sync import keys

    saved = {k: os.environ.get(k) for k in ("QINGFENG_USER", "QINGFENG_PASSWORD")}
    os.environ.update(QINGFENG_USER=ADMIN_LOGIN, QINGFENG_PASSWORD=ADMIN_PASSWORD)
    previous = context.set_default_login(ADMIN_LOGIN)
    previous_phrase = keys.set_default_passphrase(KEY_PASSPHRASE)  # township keys unlock without asking
    yield
    keys.set_default_passphrase(previous_phrase)
    context.set_default_login(previous)
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def logged_out(monkeypatch):
    """No user: QINGFENG_USER / QINGFENG_PASSWORD unset, contexts opened without a login have no user."""
    from desktop.core.services.org import context

    monkeypatch.delenv("QINGFENG_USER", raising=False)
    monkeypatch.delenv("QINGFENG_PASSWORD", raising=False)
    previous = context.set_default_login(None)
    yield
    context.set_default_login(previous)


@pytest.fixture(scope="session")
def site_template(tmp_path_factory):
    """An initialised township (清溪镇, 330226101) with no registry data."""
    return _init(tmp_path_factory.mktemp("site-template"), demo=False)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """An initialised township filled by `demo --size small`."""
    return _init(tmp_path_factory.mktemp("demo-template"), demo=True)


def _copy(template, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("qingfeng.lock"))
    return target


@pytest.fixture
def site_dir(site_template, tmp_path):
    return _copy(site_template, tmp_path)


@pytest.fixture
def demo_dir(demo_template, tmp_path):
    return _copy(demo_template, tmp_path)


@pytest.fixture
def ctx(site_dir):
    """A Context on a fresh copy of the empty township; clock fixed at TODAY."""
    from desktop.core.services.org.context import open_context

    c = open_context(site_dir, clock=fixed_clock())
    yield c
    c.close()


@pytest.fixture
def demo_ctx(demo_dir):
    """A Context on a fresh copy of the demo township; clock fixed at TODAY."""
    from desktop.core.services.org.context import open_context

    c = open_context(demo_dir, clock=fixed_clock())
    yield c
    c.close()


def db_snapshot(path) -> dict:
    """Every table's full content (for 'the database is unchanged' assertions).

    A command logs in before it runs: its 登录 audit entry (and the audit log's sequence number, and the login
    bookkeeping of table login_state) are left out, so a refused command compares equal."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
                 if r[0] != "login_state"]
        queries = {n: f'SELECT * FROM "{n}"' for n in names}
        if "audit_log" in queries:
            queries["audit_log"] = "SELECT * FROM audit_log WHERE action NOT IN ('登录', '退出')"
            queries["sqlite_sequence"] = "SELECT * FROM sqlite_sequence WHERE name != 'audit_log'"
        return {n: sorted(map(repr, con.execute(q).fetchall())) for n, q in queries.items()}
    finally:
        con.close()
