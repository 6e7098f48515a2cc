"""The audit log's hash chain: a changed, removed or inserted entry is named; a restored backup stays verifiable;
entries written before the chain existed are sealed by the next write."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.core.services.audit import chain as audit_chain
from desktop.core.services.audit import log as audit_log
from desktop.core.services.backups import backup as backups
from desktop.core.services.registry import units


def _raw(path):
    con = sqlite3.connect(path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    return con


def _ids(ctx):
    return [e.id for e in reversed(audit_log.search(ctx))]


def test_chain_is_whole_and_updates_are_refused(ctx):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    report = audit_chain.verify(ctx)
    assert report.ok and report.checked == len(_ids(ctx)) and "未发现" in report.message
    con = sqlite3.connect(ctx.db.path)
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        con.execute("UPDATE audit_log SET summary = 'x' WHERE id = 1")
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        con.execute("DELETE FROM audit_log WHERE id = 1")
    con.close()


def test_changed_entry_is_named(ctx):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    target = _ids(ctx)[3]
    con = _raw(ctx.db.path)
    con.execute("UPDATE audit_log SET user_name = '别人' WHERE id = ?", (target,))
    con.commit()
    con.close()
    report = audit_chain.verify(ctx)
    assert not report.ok and report.entry_id == target and report.problem == "修改"
    assert f"第 {target} 条" in report.message and "改动" in report.message


def test_changed_entry_with_recomputed_hash_is_still_found(ctx):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    target = _ids(ctx)[2]
    con = _raw(ctx.db.path)
    con.row_factory = sqlite3.Row
    row = dict(con.execute("SELECT * FROM audit_log WHERE id = ?", (target,)).fetchone())
    row["summary"] = "改过的说明"
    con.execute("UPDATE audit_log SET summary = ?, entry_hash = ? WHERE id = ?",
                (row["summary"], audit_chain.entry_hash(row["prev_hash"], row), target))
    con.commit()
    con.close()
    report = audit_chain.verify(ctx)
    assert not report.ok and report.entry_id == target and report.problem == "修改"


def test_removed_entry_is_named(ctx):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    target = _ids(ctx)[4]
    con = _raw(ctx.db.path)
    con.execute("DELETE FROM audit_log WHERE id = ?", (target,))
    con.commit()
    con.close()
    report = audit_chain.verify(ctx)
    assert not report.ok and report.entry_id == target and report.problem == "删除"
    assert f"第 {target} 条审计记录被删除" in report.message


def test_removed_last_entries_are_found(ctx):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    last = _ids(ctx)[-1]
    con = _raw(ctx.db.path)
    con.execute("DELETE FROM audit_log WHERE id = ?", (last,))
    con.commit()
    con.close()
    report = audit_chain.verify(ctx)
    assert not report.ok and report.problem == "删除" and report.entry_id == last


def test_inserted_entry_is_named(ctx):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    ids = _ids(ctx)
    con = _raw(ctx.db.path)
    con.row_factory = sqlite3.Row
    rows = [dict(r) for r in con.execute("SELECT * FROM audit_log ORDER BY id")]
    # move the tail up by one and slip a forged entry (with a valid hash of its own) in after the 3rd
    k = 3
    forged = {**rows[k - 1], "id": ids[k], "action": "删除", "summary": "伪造", "entity_id": "x"}
    forged["prev_hash"] = rows[k - 1]["entry_hash"]
    forged["entry_hash"] = audit_chain.entry_hash(forged["prev_hash"], forged)
    con.execute("DELETE FROM audit_log WHERE id >= ?", (ids[k],))
    for r in [forged] + [{**r, "id": r["id"] + 1} for r in rows[k:]]:
        con.execute(f"INSERT INTO audit_log ({','.join(r)}) VALUES ({','.join('?' * len(r))})", list(r.values()))
    con.commit()
    con.close()
    report = audit_chain.verify(ctx)
    assert not report.ok and report.problem == "插入", report
    assert f"第 {ids[k]} 条审计记录是后来插入的" in report.message
    assert report.entry_id == ids[k]


def test_restored_backup_keeps_the_chain(ctx, tmp_path):
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    backup = backups.backup_now(ctx, tmp_path / "b")
    units.create(ctx, {"name": "柳溪村", "type": "行政村"})
    backups.restore_backup(ctx, backup)
    units.create(ctx, {"name": "东岙村", "type": "行政村"})  # continues the restored chain
    assert audit_chain.verify(ctx).ok
    assert ctx.user_login == "admin"  # still the same user after the restore


def test_entries_before_the_chain_are_sealed_by_the_next_write(ctx):
    con = sqlite3.connect(ctx.db.path)
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET prev_hash = NULL, entry_hash = NULL")  # as migrated from before 0009
    con.commit()
    con.close()
    assert audit_chain.verify(ctx).ok
    units.create(ctx, {"name": "青石村", "type": "行政村"})
    con = sqlite3.connect(ctx.db.path)
    assert con.execute("SELECT count(*) FROM audit_log WHERE entry_hash IS NULL").fetchone()[0] == 0
    con.close()
    assert audit_chain.verify(ctx).ok


def test_history_of_any_record_kind_and_xlsx_export(ctx, tmp_path):
    from openpyxl import load_workbook

    unit = units.create(ctx, {"name": "青石村", "type": "行政村"})
    units.update(ctx, unit["id"], {"name": "青石新村"})
    entries = audit_log.history(ctx, unit["id"])
    assert [e.action for e in entries] == ["新增", "修改"] and entries[1].before == {"name": "青石村"}
    assert entries[1].after["name"] == "青石新村" and entries[1].entity_label == "单位"
    n = audit_log.export_xlsx(ctx, tmp_path / "审计.xlsx", audit_log.AuditFilter(entity_id=unit["id"]))
    assert n == 2
    sheet = load_workbook(tmp_path / "审计.xlsx").active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][:4] == ["编号", "时间（UTC）", "用户", "操作"]
    assert any("青石新村" in json.dumps(v, ensure_ascii=False) for v in values)
    assert audit_log.search(ctx, audit_log.AuditFilter(action="导出"))[0].summary.startswith("导出审计日志")
    assert audit_log.search(ctx, audit_log.AuditFilter(date_from="2026-11-24", date_to="2026-11-24"))
    assert not audit_log.search(ctx, audit_log.AuditFilter(date_from="2026-11-25"))
