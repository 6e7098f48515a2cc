"""A table added later (by another issue) travels without touching the sync code: discovered from the metadata,
ordered by its foreign keys, its blob files shipped, a sensitive table left home unless the user opts in."""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import Field, SQLModel

from desktop.core.models.base import SyncColumns
from desktop.core.models.registry import Unit
from desktop.core.paths import DataDir
from desktop.core.services import rows
from desktop.core.store import blobs
from desktop.core.sync.tables import UP, synced_tables
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import export_from, import_at, open_ctx


@pytest.fixture(scope="module")
def probe_models():
    """Two models defined here, as another issue would; removed from the metadata afterwards."""

    class ProbeNote(SyncColumns, table=True):
        __tablename__ = "probe_note"
        unit_id: str = Field(foreign_key="unit.id")
        text: str
        sha256: str | None = None
        __blob_dir__ = "attachments"

    class ProbeLead(SyncColumns, table=True):
        __tablename__ = "probe_lead"
        __sensitive__ = True
        informant: str

    yield ProbeNote, ProbeLead
    for model in (ProbeNote, ProbeLead):
        SQLModel.metadata.remove(model.__table__)


def _create_tables(path, models):
    ctx = open_ctx(path)
    try:
        for m in models:
            m.__table__.create(ctx.db.engine)
    finally:
        ctx.close()


def test_new_tables_are_discovered_in_foreign_key_order(probe_models):
    names = [t.name for t in synced_tables(UP)]
    assert "probe_note" in names and names.index("unit") < names.index("probe_note")
    note = next(t for t in synced_tables(UP) if t.name == "probe_note")
    lead = next(t for t in synced_tables(UP) if t.name == "probe_lead")
    assert note.blob_dir == "attachments" and lead.sensitive


def test_new_table_rows_and_blob_files_reach_the_district(probe_models, world, usb, district_keys):
    note_model, lead_model = probe_models
    town = world.towns[0]
    for site in (town, world.district):
        _create_tables(site, probe_models)
    ctx = open_ctx(town)
    try:
        photo = b"\x89PNG fake photo " * 4000
        sha, _p = blobs.put_bytes(ctx.data, photo, ".png")
        with ctx.session() as s:
            unit_id = s.execute(Unit.__table__.select().limit(1)).first().id
            rows.insert(s, ctx, note_model, {"unit_id": unit_id, "text": "现场照片", "sha256": sha})
            rows.insert(s, ctx, lead_model, {"informant": "匿名群众"})
    finally:
        ctx.close()
    out = export_from(town, usb)
    assert out["files"] >= 1 and out["omitted"]["tables"] == ["probe_lead"]
    [res] = import_at(world.district, [out["file"]], district_keys)
    assert res.files_new >= 1 and {t.table: t.new for t in res.tables}["probe_note"] == 1
    con = sqlite3.connect(world.district / "qingfeng.db")
    assert con.execute("SELECT text, sha256 FROM probe_note").fetchall() == [("现场照片", sha)]
    assert con.execute("SELECT count(*) FROM probe_lead").fetchone() == (0,)
    con.close()
    stored = blobs.find(DataDir(world.district), sha)
    assert stored is not None and stored.read_bytes() == photo and stored.suffix == ".png"
    again = export_from(town, usb, full=True, include_sensitive=True)
    [res2] = import_at(world.district, [again["file"]], district_keys)
    assert {t.table: t.new for t in res2.tables}["probe_lead"] == 1 and res2.files_new == 0
