"""Services keep the sync columns and the audit log right."""

from __future__ import annotations

import json

from sqlalchemy import text

from desktop.core.services.registry import units


def test_insert_update_delete_maintain_sync_columns_and_audit(ctx):
    row = units.create(ctx, {"name": "青石村", "type": "行政村"})
    assert len(row["id"]) == 36 and row["id"][14] == "7"  # UUIDv7
    assert row["origin_site"] == "330226101" and row["rev"] == 1 and row["created_by"] == "王晓燕"
    assert row["created_at"].endswith("Z")
    updated = units.update(ctx, row["id"], {"is_key_village": True})
    assert updated["rev"] == 2 and updated["change_seq"] > row["change_seq"]
    units.delete(ctx, row["id"], reason="撤并")
    with ctx.reader() as s:
        deleted = s.execute(text("SELECT deleted_at, rev FROM unit WHERE id=:i"), {"i": row["id"]}).one()
        audit = s.execute(text("SELECT action, before_json, after_json, summary FROM audit_log "
                               "WHERE entity_id=:i ORDER BY id"), {"i": row["id"]}).all()
    assert deleted.deleted_at and deleted.rev == 3
    assert [a.action for a in audit] == ["新增", "修改", "删除"]
    assert json.loads(audit[1].before_json) == {"is_key_village": False}
    assert json.loads(audit[1].after_json) == {"is_key_village": True}
    assert audit[2].summary == "撤并"
    assert units.get(ctx, row["id"]) is None
