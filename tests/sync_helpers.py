"""Fixtures for the USB-exchange tests: one district and three demo townships, enrolled both ways, built once
per session and copied per test. Import with `from tests.sync_helpers import *  # noqa: F403`.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import _init, fixed_clock

PASSPHRASE = "清风-测试口令-2026"
DISTRICT = ("330226", "宁海县")
TOWNS = (("330226101", "清溪镇", 7), ("330226102", "梅山镇", 8), ("330226103", "白石乡", 9))


def open_ctx(path):
    from desktop.core.services.org.context import open_context

    return open_context(path, clock=fixed_clock())


@dataclass
class World:
    root: Path
    district: Path
    towns: list[Path]


# The first township is the session's full demo (tests/conftest.py demo_template: seed 7, 清溪镇); the other two
# run the quicker demo steps with their own seeds, so the session stays fast.
QUICK_STEPS = ("registry", "checklists", "ledger_extra", "ledger", "ledger_talks")


def _quick_demo(path: Path, code: str, name: str, seed: int) -> Path:
    import importlib
    import random

    _init(path, demo=False, code=code, name=name, seed=seed)
    ctx = open_ctx(path)
    try:
        rng = random.Random(seed)
        for step in QUICK_STEPS:
            for _ in importlib.import_module(f"desktop.core.demo.{step}").run(ctx, rng, "small"):
                pass
    finally:
        ctx.close()
    return path


def _build(root: Path, full_demo: Path | None = None) -> World:
    from desktop.core.sync import keys

    district = _init(root / "district", demo=False, code=DISTRICT[0], name=DISTRICT[1], role="district")
    ctx = open_ctx(district)
    try:
        keys.init_district(ctx, PASSPHRASE)
        keys.write_enrolment(ctx, root / "district.qfkey")
    finally:
        ctx.close()
    towns = []
    for i, (code, name, seed) in enumerate(TOWNS):
        if i == 0 and full_demo is not None:
            path = root / code
            shutil.copytree(full_demo, path, ignore=shutil.ignore_patterns("qingfeng.lock"))
        else:
            path = _quick_demo(root / code, code, name, seed)
        c = open_ctx(path)
        try:
            keys.enrol(c, root / "district.qfkey")
            keys.write_enrolment(c, root / f"{code}.qfkey")
        finally:
            c.close()
        towns.append(path)
    ctx = open_ctx(district)
    try:
        for code, _n, _s in TOWNS:
            keys.enrol(ctx, root / f"{code}.qfkey")
    finally:
        ctx.close()
    return World(root, district, towns)


# Test modules import these fixtures, so pytest sees one definition per module; the cache below makes the
# session-scoped ones really run once per session.
_CACHE: dict[str, object] = {}


@pytest.fixture(scope="session")
def world_template(tmp_path_factory, demo_template) -> World:
    if "world" not in _CACHE:
        _CACHE["world"] = _build(tmp_path_factory.mktemp("sync-world"), demo_template)
    return _CACHE["world"]


@pytest.fixture(scope="session")
def district_keys(world_template):
    """The district's unlocked keys (one scrypt run per session; copies of the template share the keys)."""
    from desktop.core.sync import keys

    if "keys" not in _CACHE:
        ctx = open_ctx(world_template.district)
        try:
            _CACHE["keys"] = keys.unlock(ctx, PASSPHRASE)
        finally:
            ctx.close()
    return _CACHE["keys"]


@pytest.fixture
def world(world_template, tmp_path) -> World:
    """A fresh copy of the district and the three townships."""
    def copy(p):
        dest = tmp_path / p.name
        shutil.copytree(p, dest, ignore=shutil.ignore_patterns("qingfeng.lock"))
        return dest

    return World(tmp_path, copy(world_template.district), [copy(t) for t in world_template.towns])


@pytest.fixture
def usb(tmp_path) -> Path:
    p = tmp_path / "usb"
    p.mkdir()
    return p


def export_from(town: Path, usb: Path, **kw) -> dict:
    from desktop.core.progress import drain
    from desktop.core.services.sync import exchange as sync

    ctx = open_ctx(town)
    try:
        return drain(sync.export(ctx, usb, **kw))
    finally:
        ctx.close()


def import_at(site: Path, files, unlocked, **kw):
    """Import packages at `site` (district or township); returns the list of ImportResult."""
    from desktop.core.progress import drain
    from desktop.core.services.sync import exchange as sync
    from desktop.core.sync import keys

    ctx = open_ctx(site)
    try:
        keys_ = unlocked if ctx.is_district else keys.unlock(ctx)
        return drain(sync.import_files(ctx, [Path(f) for f in files], keys_, **kw))
    finally:
        ctx.close()


def import_one(site: Path, file, unlocked, **kw):
    """Import one package and return its ImportResult; errors raise (for bad-input tests)."""
    from desktop.core.progress import drain
    from desktop.core.sync import importer, keys

    ctx = open_ctx(site)
    try:
        keys_ = unlocked if ctx.is_district else keys.unlock(ctx)
        return drain(importer.import_package(ctx, Path(file), keys_, **kw))
    finally:
        ctx.close()


def live_counts(site: Path, origin: str | None = None, *, not_origin: str | None = None) -> dict[str, int]:
    """Live (not deleted) rows per synced table, optionally only those of (or not of) one origin site."""
    import sqlite3

    from desktop.core.sync.tables import synced_tables

    con = sqlite3.connect(site / "qingfeng.db")
    try:
        out = {}
        for st in synced_tables():
            if st.package != "ordinary":  # leads and cases travel only in their own package
                continue
            q = f'SELECT count(*) FROM "{st.name}" WHERE deleted_at IS NULL'
            args = ()
            if origin or not_origin:
                q += " AND origin_site = ?" if origin else " AND origin_site != ?"
                args = (origin or not_origin,)
            out[st.name] = con.execute(q, args).fetchone()[0]
        return out
    finally:
        con.close()


@pytest.fixture(scope="session")
def two_town_district(world_template, district_keys, tmp_path_factory) -> Path:
    """A district data dir that imported the packages of 清溪镇 (full demo) and 梅山镇 (quick demo), built once
    per session; copy it before writing (see `district_copy`)."""
    if "two_town_district" not in _CACHE:
        root = tmp_path_factory.mktemp("two-town-district")
        district = root / "district"
        shutil.copytree(world_template.district, district, ignore=shutil.ignore_patterns("qingfeng.lock"))
        usb = root / "usb"
        usb.mkdir()
        towns = []  # copies: an export records itself in the township, and the template must stay untouched
        for t in world_template.towns[:2]:
            towns.append(root / t.name)
            shutil.copytree(t, towns[-1], ignore=shutil.ignore_patterns("qingfeng.lock"))
        files = [export_from(t, usb)["file"] for t in towns]
        import_at(district, files, district_keys)
        _CACHE["two_town_district"] = district
    return _CACHE["two_town_district"]


@pytest.fixture
def district_copy(two_town_district, tmp_path) -> Path:
    """A fresh copy of the district that holds 清溪镇's and 梅山镇's rows."""
    dest = tmp_path / "district"
    shutil.copytree(two_town_district, dest, ignore=shutil.ignore_patterns("qingfeng.lock"))
    return dest
