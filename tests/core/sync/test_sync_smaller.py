"""Issue 11 §8: one 共性化 checklist in force at a township after the district publishes its own; the
district's CLI problem list and the sync messages name the township."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.core.errors import ImportFileError
from desktop.core.progress import drain
from desktop.core.services.checks import checklists
from desktop.core.services.sync import exchange as sync
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import export_from, import_one, open_ctx


def _in_force_common(town):
    c = open_ctx(town)
    try:
        return [(cl["title"], cl["origin_site"]) for cl in checklists.list_checklists(c)
                if cl["kind"] == "共性化" and cl["status"] == "执行中"]
    finally:
        c.close()


def test_the_districts_common_checklist_replaces_the_townships_default(world, usb, district_keys):
    town = world.towns[0]
    assert len(_in_force_common(town)) == 1  # its own default, seeded at set-up
    d = open_ctx(world.district)
    try:
        out = drain(sync.publish(d, usb, district_keys, ["330226101"]))
    finally:
        d.close()
    import_one(town, out[0]["file"], None)
    assert [o for _t, o in _in_force_common(town)] == ["330226"]
    c = open_ctx(town)
    try:
        retired = [cl for cl in checklists.list_checklists(c) if cl["origin_site"] == "330226101"
                   and cl["kind"] == "共性化"]
    finally:
        c.close()
    assert retired and all(cl["status"] == "已废止" for cl in retired)  # kept for the inspections that used it


def test_problem_list_at_the_district_names_the_township(district_copy, capsys):
    assert main(["problem", "list", "--limit", "400", "--data-dir", str(district_copy), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["problems"]
    assert {r["township"] for r in rows} == {"清溪镇", "梅山镇"}
    assert main(["problem", "list", "--limit", "5", "--data-dir", str(district_copy)]) == 0
    out = capsys.readouterr().out
    assert any(line.startswith(("清溪镇", "梅山镇")) for line in out.splitlines()[1:])
    no = rows[0]["no"]
    assert main(["problem", "show", rows[0]["id"], "--data-dir", str(district_copy)]) == 0
    assert capsys.readouterr().out.startswith(f"{rows[0]['township']}  {no}")


def test_sync_messages_name_the_township(world, usb, district_keys, tmp_path):
    import shutil

    from desktop.core.services.registry import units

    town = world.towns[0]
    first = export_from(town, usb / "1")["file"]
    stale = tmp_path / "stale-town"
    shutil.copytree(town, stale, ignore=shutil.ignore_patterns("qingfeng.lock"))
    c = open_ctx(town)
    try:
        units.create(c, {"name": "后来新设站", "type": "镇直站所"})
    finally:
        c.close()
    newer = export_from(town, usb / "2")["file"]
    import_one(world.district, first, district_keys)
    import_one(world.district, newer, district_keys)
    older = export_from(stale, tmp_path / "x", full=True)["file"]
    with pytest.raises(ImportFileError, match="“清溪镇”（330226101）的数据包.*比已导入的数据包旧"):
        import_one(world.district, older, district_keys)
