"""Township → district round trips: sums per table, convergence of edits and tombstones, 派单 down and back up,
new tables picked up from the metadata, sensitive data, blobs, gaps, first-package registration, ownership."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.core.errors import ImportFileError, PermissionDenied
from desktop.core.models.sync import DispatchTask
from desktop.core.progress import drain
from desktop.core.services import rows
from desktop.core.services.matters import records as matters
from desktop.core.services.org import settings, users
from desktop.core.services.registry import people, units
from desktop.core.services.sync import exchange as sync
from desktop.core.sync import keys
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import TOWNS, export_from, import_at, import_one, live_counts, open_ctx


def _one(db, sql, *args):
    con = sqlite3.connect(db / "qingfeng.db")
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_three_townships_sum_up_at_the_district(world, usb, district_keys):
    files = [export_from(t, usb)["file"] for t in world.towns]
    results = import_at(world.district, files, district_keys)
    assert [r.status for r in results] == ["已导入"] * 3
    at_district = live_counts(world.district, not_origin="330226")  # all but the district's own rows
    sums = {}
    for town, (code, _n, _s) in zip(world.towns, TOWNS, strict=True):
        own = live_counts(town, code)
        assert live_counts(world.district, code) == own
        for name, n in own.items():
            sums[name] = sums.get(name, 0) + n
    assert at_district == sums
    assert sums["person"] == 240 and all(sums[t] > 0 for t in ("unit", "checklist", "supervision_matter"))
    # passwords never leave the township; the district still logs in as its own administrator
    assert _one(world.district, "SELECT count(*) FROM app_user WHERE password_hash IS NOT NULL "
                "AND origin_site != '330226'") == [(0,)]
    ctx = open_ctx(world.district)
    try:
        assert (ctx.site_code, ctx.role, ctx.user_name) == ("330226", "district", "王晓燕")
        assert {u["origin_site"] for u in users.list_users(ctx)} == {"330226"}
    finally:
        ctx.close()


def test_second_incremental_round_converges_with_tombstones(world, usb, district_keys):
    town = world.towns[0]
    first = export_from(town, usb)
    import_at(world.district, [first["file"]], district_keys)
    ctx = open_ctx(town)
    try:
        unit = units.list_units(ctx)[0]
        units.update(ctx, unit["id"], {"note": "第二轮修改"})
        victim = people.list_people(ctx)[0]
        people.delete(ctx, victim["id"], reason="调离")
        added = units.create(ctx, {"name": "新设社区", "type": "社区"})
    finally:
        ctx.close()
    second = export_from(town, usb)
    assert second["seq_from"] == first["seq_to"] + 1 and not second["full_snapshot"]
    assert sum(t["rows"] for t in second["tables"]) == 3
    [res] = import_at(world.district, [second["file"]], district_keys)
    by = {t.table: t for t in res.tables}
    assert (by["unit"].new, by["unit"].updated, by["person"].updated, by["person"].tombstones) == (1, 1, 1, 1)
    assert live_counts(world.district, "330226101") == live_counts(town, "330226101")
    assert _one(world.district, "SELECT note FROM unit WHERE id=?", unit["id"]) == [("第二轮修改",)]
    assert _one(world.district, "SELECT deleted_at IS NOT NULL FROM person WHERE id=?", victim["id"]) == [(1,)]
    assert _one(world.district, "SELECT name FROM unit WHERE id=?", added["id"]) == [("新设社区",)]


def test_full_snapshot_after_incremental_changes_nothing_new(world, usb, district_keys):
    town = world.towns[1]
    import_at(world.district, [export_from(town, usb)["file"]], district_keys)
    full = export_from(town, usb, full=True)
    assert full["full_snapshot"] and full["seq_from"] == 1
    [res] = import_at(world.district, [full["file"]], district_keys)
    assert res.status == "已导入" and res.rows_changed == 0
    assert sum(t.unchanged for t in res.tables) == sum(t["rows"] for t in full["tables"])


def test_dispatch_task_goes_down_and_progress_comes_back(world, usb, district_keys):
    d = open_ctx(world.district)
    try:
        task = sync.create_task(d, {"title": "农村集体“三资”专项监督", "deadline": "2026-12-31",
                                    "target_sites": ["330226101", "330226102"]})
        out = drain(sync.publish(d, usb / "down", district_keys))
    finally:
        d.close()
    assert len(out) == 3 and all(o["catalogue_version"] == 1 for o in out)
    by_town = {o["target"]["site_code"]: o for o in out}
    assert [t["rows"] for t in by_town["330226103"]["tables"] if t["table"] == "dispatch_task"] == [0]
    [res] = import_at(world.towns[0], [by_town["330226101"]["file"]], None)
    assert res.status == "已导入"
    t = open_ctx(world.towns[0])
    try:
        [mine] = sync.list_tasks(t)
        assert mine["title"] == task["title"] and mine["reports"][0]["status"] == "未开始"
        matter = matters.find_by_source_ref(t, task["id"])  # the task appears in the ledger as a 派单 matter
        assert matter["source"] == "派单" and matter["title"] == task["title"]
        assert mine["reports"][0]["matter_id"] == matter["id"] and not sync.is_foreign(t, matter)
        district_lists = [c for c in _one(world.towns[0], "SELECT origin_site, read_only FROM checklist")
                          if c[0] == "330226"]
        assert district_lists and all(ro == 1 for _o, ro in district_lists)  # 共性清单 arrived, read-only
        with pytest.raises(PermissionDenied, match="区县下发"), t.session() as s:
            rows.update(s, t, DispatchTask, task["id"], {"title": "改掉"})
        sync.report_task(t, task["id"], "进行中", "已检查 5 个村")
    finally:
        t.close()
    up = export_from(world.towns[0], usb)
    import_at(world.district, [up["file"]], district_keys)
    d = open_ctx(world.district)
    try:
        [back] = sync.list_tasks(d)
        assert [(r["origin_site"], r["status"], r["progress"]) for r in back["reports"]] == [
            ("330226101", "进行中", "已检查 5 个村")]
    finally:
        d.close()


def test_district_cannot_edit_township_rows(world, usb, district_keys):
    import_at(world.district, [export_from(world.towns[0], usb)["file"]], district_keys)
    d = open_ctx(world.district)
    try:
        unit = units.list_units(d)[0]
        assert sync.is_foreign(d, unit)
        with pytest.raises(PermissionDenied, match="只能查看"):
            units.update(d, unit["id"], {"note": "区县改的"})
        group = next(u for u in units.list_units(d) if u["type"] == "村民小组")  # nothing under it
        with pytest.raises(PermissionDenied):
            units.delete(d, group["id"])
        mine = units.create(d, {"name": "区直单位", "type": "镇直站所"})
        assert not sync.is_foreign(d, mine)
    finally:
        d.close()


def test_completeness_board_counts_and_staleness(world, usb, district_keys):
    import_at(world.district, [export_from(world.towns[0], usb)["file"]], district_keys)
    d = open_ctx(world.district)
    try:
        board = {r["site_code"]: r for r in sync.completeness(d)}
        assert set(board) == {c for c, _n, _s in TOWNS}
        assert board["330226101"]["packages"] == 1 and not board["330226101"]["stale"]
        assert board["330226101"]["counts"]["person"] == 80 and board["330226101"]["seq_from"] == 1
        assert board["330226102"]["packages"] == 0 and board["330226102"]["stale"]
        from datetime import date

        from desktop.core.clock import FixedClock

        d.clock = FixedClock(date(2027, 3, 1))
        assert {r["site_code"]: r for r in sync.completeness(d)}["330226101"]["stale"]
        settings.put(d, "stale_package_days", 400)
        assert not {r["site_code"]: r for r in sync.completeness(d)}["330226101"]["stale"]
    finally:
        d.close()


def test_gap_warns_naming_the_missing_package_and_rows_still_apply(world, usb, district_keys):
    town = world.towns[0]
    p1 = export_from(town, usb)
    for name in ("甲", "乙"):
        ctx = open_ctx(town)
        try:
            units.create(ctx, {"name": f"{name}站", "type": "镇直站所"})
        finally:
            ctx.close()
        last = export_from(town, usb)
        if name == "甲":
            p2 = last
    p3 = last
    import_at(world.district, [p1["file"]], district_keys)
    res = import_one(world.district, p3["file"], district_keys)
    assert res.status == "已导入" and any("缺少数据包" in w and p2["file"].split("/")[-1] in w for w in res.warnings)
    assert _one(world.district, "SELECT count(*) FROM unit WHERE name='乙站'") == [(1,)]
    filled = import_one(world.district, p2["file"], district_keys)  # the missing one still fills the gap
    assert filled.status == "已导入" and _one(world.district, "SELECT count(*) FROM unit WHERE name='甲站'") == [(1,)]


def test_unregistered_township_is_registered_on_first_package_after_fingerprint_check(world, usb, district_keys):
    from desktop.core.sync.importer import UnregisteredSite
    from tests.conftest import db_snapshot

    con = sqlite3.connect(world.district / "qingfeng.db")
    con.execute("DELETE FROM sync_peer WHERE site_code='330226102'")
    con.commit()
    con.close()
    pkg = export_from(world.towns[1], usb)["file"]
    before = db_snapshot(world.district / "qingfeng.db")
    with pytest.raises(UnregisteredSite, match="未登记的乡镇") as err:
        import_one(world.district, pkg, district_keys)
    assert db_snapshot(world.district / "qingfeng.db") == before
    fp = err.value.source["fingerprint"]
    t = open_ctx(world.towns[1])
    try:
        assert sync.key_status(t)["own"]["fingerprint"] == fp  # what the township sees on its screen
    finally:
        t.close()
    res = import_one(world.district, pkg, district_keys, trust=fp.lower())
    assert res.status == "已导入"
    assert _one(world.district, "SELECT how FROM sync_peer WHERE site_code='330226102'") == [("首个数据包",)]


def test_sensitive_columns_stay_home_unless_opted_in(world, usb, district_keys):
    town = world.towns[0]
    ctx = open_ctx(town)
    try:
        person = people.list_people(ctx)[0]
        people.update(ctx, person["id"], {"id_no": "330226198001011234"})
    finally:
        ctx.close()
    plain = export_from(town, usb)
    assert plain["omitted"]["columns"] == {"person": ["id_no"]}
    import_at(world.district, [plain["file"]], district_keys)
    assert _one(world.district, "SELECT id_no FROM person WHERE id=?", person["id"]) == [(None,)]
    ctx = open_ctx(town)
    try:
        people.update(ctx, person["id"], {"note": "再次导出"})
    finally:
        ctx.close()
    full = export_from(town, usb, include_sensitive=True)
    assert full["sensitive_included"] and full["omitted"]["columns"] == {}
    import_at(world.district, [full["file"]], district_keys)
    assert _one(world.district, "SELECT id_no FROM person WHERE id=?", person["id"]) == [("330226198001011234",)]


def test_key_status_and_enrolment_files(world, tmp_path):
    t = open_ctx(world.towns[0])
    try:
        status = sync.key_status(t)
        assert status["district"]["site_code"] == "330226" and len(status["own"]["fingerprint"]) == 19
        keys.write_enrolment(t, tmp_path / "own.qfkey")
        with pytest.raises(ImportFileError, match="这里需要区县的登记文件"):
            keys.enrol(t, tmp_path / "own.qfkey")
    finally:
        t.close()
    d = open_ctx(world.district)
    try:
        keys.write_enrolment(d, tmp_path / "d.qfkey")
    finally:
        d.close()
    doc = json.loads((tmp_path / "d.qfkey").read_text("utf-8"))
    doc["fingerprint"] = "0000-0000-0000-0000"
    (tmp_path / "forged.qfkey").write_text(json.dumps(doc), "utf-8")
    (tmp_path / "junk.qfkey").write_text("hello", "utf-8")
    t = open_ctx(world.towns[0])
    try:
        with pytest.raises(ImportFileError, match="指纹与公钥不符"):
            keys.enrol(t, tmp_path / "forged.qfkey")
        with pytest.raises(ImportFileError, match="不是清风台账的登记文件"):
            keys.enrol(t, tmp_path / "junk.qfkey")
        assert keys.pinned_district(t)["fingerprint"] == status["district"]["fingerprint"]
    finally:
        t.close()


def test_only_synced_tables_travel(world):
    from desktop.core.sync.tables import DOWN, UP, synced_tables

    up = [t.name for t in synced_tables(UP)]
    assert {"unit", "person", "person_post", "org_profile", "app_user", "task_report"} <= set(up)
    assert not {"audit_log", "app_setting", "change_counter", "sync_key", "sync_import"} & set(up)
    assert {"dispatch_task", "checklist", "checklist_item"} <= {t.name for t in synced_tables(DOWN)}
    assert not {"unit", "problem", "org_profile", "app_user"} & {t.name for t in synced_tables(DOWN)}
    assert up.index("unit") < up.index("person") < up.index("person_post")


def test_export_with_nothing_changed_still_reaches_the_board(world, usb, district_keys):
    town = world.towns[2]
    first = export_from(town, usb)
    empty = export_from(town, usb)
    assert empty["seq_from"] == first["seq_to"] + 1 and sum(t["rows"] for t in empty["tables"]) == 0
    results = import_at(world.district, [first["file"], empty["file"]], district_keys)
    assert [r.status for r in results] == ["已导入", "已导入"] and not results[1].warnings
    d = open_ctx(world.district)
    try:
        row = {r["site_code"]: r for r in sync.completeness(d)}["330226103"]
        assert row["packages"] == 2 and row["last_file"] == empty["file"].split("/")[-1]
    finally:
        d.close()


@pytest.mark.parametrize("bulk", [False, True])
def test_imported_records_are_searchable_at_the_district(world, usb, district_keys, monkeypatch, bulk):
    from desktop.core.services.problems import records as problems
    from desktop.core.services.search import fulltext as search
    from desktop.core.sync import importer

    if bulk:
        monkeypatch.setattr(importer, "BULK_REINDEX", 0)
    t = open_ctx(world.towns[0])
    try:
        unit = units.list_units(t)[0]
        problems.create_problem(t, {"unit_id": unit["id"], "description": "蛤蟆塘承包费收取后长期未入账",
                                    "found_date": "2026-11-02", "source": "自主", "handling": "限期整改"})
    finally:
        t.close()
    import_at(world.district, [export_from(world.towns[0], usb)["file"]], district_keys)
    d = open_ctx(world.district)
    try:
        hits = search.search(d, "蛤蟆塘承包费")
        assert hits.count == 1 and hits.hits[0].entity == "problem"
        entities = {h.entity for h in search.search(d, "村", limit=500).hits}
        assert {"supervision_matter", "talk_record"} <= entities
    finally:
        d.close()
