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
    from desktop.core.services.context import open_context

    return open_context(path, clock=fixed_clock())


@dataclass
class World:
    root: Path
    district: Path
    towns: list[Path]


def _build(root: Path) -> World:
    from desktop.core.sync import keys

    district = _init(root / "district", demo=False, code=DISTRICT[0], name=DISTRICT[1], role="district")
    ctx = open_ctx(district)
    try:
        keys.init_district(ctx, PASSPHRASE)
        keys.write_enrolment(ctx, root / "district.qfkey")
    finally:
        ctx.close()
    towns = []
    for code, name, seed in TOWNS:
        path = _init(root / code, demo=True, code=code, name=name, seed=seed)
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


@pytest.fixture(scope="session")
def world_template(tmp_path_factory) -> World:
    return _build(tmp_path_factory.mktemp("sync-world"))


@pytest.fixture(scope="session")
def district_keys(world_template):
    """The district's unlocked keys (one scrypt run per session; copies of the template share the keys)."""
    from desktop.core.sync import keys

    ctx = open_ctx(world_template.district)
    try:
        return keys.unlock(ctx, PASSPHRASE)
    finally:
        ctx.close()


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
    from desktop.core.services import sync

    ctx = open_ctx(town)
    try:
        return drain(sync.export(ctx, usb, **kw))
    finally:
        ctx.close()


def import_at(site: Path, files, unlocked, **kw):
    """Import packages at `site` (district or township); returns the list of ImportResult."""
    from desktop.core.progress import drain
    from desktop.core.services import sync
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
            q = f'SELECT count(*) FROM "{st.name}" WHERE deleted_at IS NULL'
            args = ()
            if origin or not_origin:
                q += " AND origin_site = ?" if origin else " AND origin_site != ?"
                args = (origin or not_origin,)
            out[st.name] = con.execute(q, args).fetchone()[0]
        return out
    finally:
        con.close()
