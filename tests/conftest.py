"""Shared fixtures. Template databases are built once per session and copied per test (fast, isolated)."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "zh_CN.UTF-8")

TODAY = date(2026, 11, 24)


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
                                          admin_login="admin"))
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
    """Every table's full content (for 'the database is unchanged' assertions)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}
    finally:
        con.close()
