"""Leads and cases across the USB exchange: the ordinary package carries only the month figures (no names);
the separate sensitive package (负责人) carries the records, with the reporter only when released for a transfer."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.core.errors import GateRefused, PermissionDenied
from desktop.core.progress import drain
from desktop.core.services.cases import package as case_package
from tests.core.case_helpers import two_leads
from tests.sync_helpers import *  # noqa: F403
from tests.sync_helpers import export_from, import_at, open_ctx


def _q(site, sql, *args):
    con = sqlite3.connect(site / "qingfeng.db")
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def _export_cases(town, usb, role="负责人", **kw):
    ctx = open_ctx(town)
    try:
        ctx.user_role = role
        return drain(case_package.export_cases(ctx, usb, **kw))
    finally:
        ctx.close()


def test_ordinary_package_has_figures_but_no_case_records(world, usb, district_keys):
    town = world.towns[0]
    two_leads(town)
    summary = export_from(town, usb, include_sensitive=True)
    tables = {t["table"]: t["rows"] for t in summary["tables"]}
    assert tables.get("case_figure", 0) >= 1
    assert not {"case_lead", "case_reporter", "case_person", "case_disposal"} & set(tables)
    import_at(world.district, [summary["file"]], district_keys)
    assert _q(world.district, "SELECT count(*) FROM case_lead") == [(0,)]
    body = " ".join(r[0] for r in _q(world.district, "SELECT figures_json FROM case_figure"))
    assert "甲举报人" not in body and '"leads_received": 2' in body


def test_sensitive_package_reporter_only_when_released_for_a_transfer(world, usb, district_keys):
    town = world.towns[0]
    kept, sent = two_leads(town)
    with pytest.raises(PermissionDenied, match="只能由负责人导出"):
        _export_cases(town, usb, role="工作人员")
    with pytest.raises(GateRefused, match="未移送县/区"):
        _export_cases(town, usb, release_reporter_for=kept)
    out = _export_cases(town, usb, release_reporter_for=sent)
    assert out["reporters_included"] == 1 and "_线索案件" in out["file"]
    ordinary = export_from(town, usb)  # the registry people the leads name arrive with the ordinary package
    results = import_at(world.district, [ordinary["file"], out["file"]], district_keys)
    assert [r.status for r in results] == ["已导入", "已导入"], results[-1].message
    again = _export_cases(town, usb)  # a later full snapshot of the case tables is accepted again
    results = import_at(world.district, [again["file"]], district_keys)
    assert results[0].status == "已导入", results[0].message
    names = [r[0] for r in _q(world.district, "SELECT name FROM case_reporter WHERE name IS NOT NULL")]
    assert names == ["乙举报人"]  # the demo's and 甲's reporters arrive without their identity
    assert _q(world.district, "SELECT count(*) FROM case_lead") == _q(town, "SELECT count(*) FROM case_lead")
    audit = " ".join(str(r) for r in _q(town, "SELECT * FROM audit_log"))
    assert "乙举报人" not in audit and "甲举报人" not in audit

