"""Row writes that keep the sync columns and the audit log right. Every service writes through here.

    with ctx.session() as s:
        row = rows.insert(s, ctx, Unit, {"name": "青石村", "type": "行政村", ...})
        rows.update(s, ctx, Unit, row["id"], {"is_key_village": True}, reason="列为重点村")
        rows.soft_delete(s, ctx, Unit, row["id"], reason="撤并")

Values are plain Python (str/int/float/bool/None; dates as 'YYYY-MM-DD' text). Returned rows are dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert as sa_insert
from sqlalchemy import select
from sqlalchemy import update as sa_update

from desktop.core.clock import utc_iso
from desktop.core.errors import NotFound, PermissionDenied
from desktop.core.models.audit import AuditLog
from desktop.core.models.base import SYNC_COLUMNS
from desktop.core.models.org import ChangeCounter
from desktop.core.store.ids import uuid7


def table_of(model):
    return model.__table__


def next_seq(s, count: int = 1) -> int:
    """Reserve `count` change-sequence numbers; returns the first. Must run inside the write transaction."""
    t = ChangeCounter.__table__
    new = s.execute(
        sa_update(t).where(t.c.id == 1).values(value=t.c.value + count).returning(t.c.value)
    ).scalar_one()
    return new - count + 1


def get(s, model, row_id: str, *, include_deleted: bool = False) -> dict | None:
    t = table_of(model)
    q = select(t).where(t.c.id == row_id)
    if not include_deleted and "deleted_at" in t.c:
        q = q.where(t.c.deleted_at.is_(None))
    r = s.execute(q).mappings().first()
    return dict(r) if r else None


def require(s, model, row_id: str, what: str = "记录") -> dict:
    row = get(s, model, row_id)
    if row is None:
        raise NotFound(f"找不到该{what}（可能已被删除）。")
    return row


def is_foreign(ctx, row: dict) -> bool:
    """True when `row` belongs to another site (a township's row at the district, a district row at a township).

    Such rows arrived by USB exchange: this site may read them but never change them (docs/ARCHITECTURE.md §5).
    """
    origin = row.get("origin_site")
    return bool(ctx.site_code and origin and origin != ctx.site_code)


def require_own(ctx, row: dict) -> None:
    """Raise PermissionDenied (Chinese) when `row` belongs to another site."""
    if is_foreign(ctx, row):
        who = "区县下发" if not getattr(ctx, "is_district", False) else f"乡镇 {row['origin_site']} 上报"
        raise PermissionDenied(f"这条记录由{who}，本单位只能查看，不能修改或删除。")


def _stamp_new(ctx, values: dict, seq: int, now: str) -> dict:
    row = dict(values)
    row.setdefault("id", uuid7())
    row.setdefault("origin_site", ctx.site_code)
    row.setdefault("rev", 1)
    row.setdefault("created_at", now)
    row.setdefault("updated_at", now)
    row.setdefault("deleted_at", None)
    row["change_seq"] = seq
    row.setdefault("created_by", ctx.user_name)
    row.setdefault("updated_by", ctx.user_name)
    return row


def insert(s, ctx, model, values: dict, *, audit: bool = True, summary: str = "") -> dict:
    """Insert one row with fresh sync columns; audit it as 新增."""
    now = utc_iso(ctx.clock.now())
    row = _stamp_new(ctx, values, next_seq(s), now)
    s.execute(sa_insert(table_of(model)).values(**row))
    if audit:
        write_audit(s, ctx, "新增", model, row["id"], before=None, after=row, summary=summary)
    return row


def bulk_insert(s, ctx, model, values: Iterable[dict], *, audit_summary: str = "") -> int:
    """Insert many rows in one executemany (imports, demo). One audit entry for the batch."""
    items = list(values)
    if not items:
        return 0
    now = utc_iso(ctx.clock.now())
    first = next_seq(s, len(items))
    stamped = [_stamp_new(ctx, v, first + i, now) for i, v in enumerate(items)]
    s.execute(sa_insert(table_of(model)), stamped)
    if audit_summary:
        write_audit(s, ctx, "批量新增", model, None, summary=f"{audit_summary}（{len(items)} 条）")
    return len(items)


def update(s, ctx, model, row_id: str, changes: dict, *, reason: str = "", action: str = "修改") -> dict:
    """Apply `changes`, bump rev and change_seq, audit before/after. Returns the new row.

    Changes equal to the current values are dropped; with nothing left, nothing is written.
    """
    t = table_of(model)
    before = require(s, model, row_id)
    require_own(ctx, before)
    real = {k: v for k, v in changes.items() if k not in SYNC_COLUMNS and before.get(k) != v}
    if not real:
        return before
    now = utc_iso(ctx.clock.now())
    stamp = {"rev": before["rev"] + 1, "updated_at": now, "change_seq": next_seq(s), "updated_by": ctx.user_name}
    s.execute(sa_update(t).where(t.c.id == row_id).values(**real, **stamp))
    after = {**before, **real, **stamp}
    write_audit(s, ctx, action, model, row_id, before={k: before[k] for k in real}, after=real, summary=reason)
    return after


def soft_delete(s, ctx, model, row_id: str, *, reason: str = "") -> None:
    """Mark a row deleted (tombstone); rows are never removed."""
    t = table_of(model)
    before = require(s, model, row_id)
    require_own(ctx, before)
    now = utc_iso(ctx.clock.now())
    s.execute(
        sa_update(t)
        .where(t.c.id == row_id)
        .values(deleted_at=now, rev=before["rev"] + 1, updated_at=now, change_seq=next_seq(s), updated_by=ctx.user_name)
    )
    write_audit(s, ctx, "删除", model, row_id, before=before, after=None, summary=reason)


def write_audit(s, ctx, action: str, model_or_entity, entity_id, *, before=None, after=None, summary="",
                who: tuple[str | None, str] | None = None) -> None:
    """Append one audit entry: who, when, what, before/after (JSON), chained to the previous entry's hash.

    `who` = (user_id, user_name) overrides the context's user (a login attempt before anyone is logged in).
    """
    from desktop.core.services.audit import chain as audit_chain

    entity = model_or_entity if isinstance(model_or_entity, str) else table_of(model_or_entity).name
    user_id, user_name = who or (ctx.user_id, ctx.user_name)
    values = {"at": utc_iso(ctx.clock.now()), "user_id": user_id, "user_name": user_name, "action": action,
              "entity": entity, "entity_id": entity_id, "summary": summary or None, "before_json": _dump(before),
              "after_json": _dump(after)}
    s.execute(sa_insert(AuditLog.__table__).values(**audit_chain.append_values(s, values)))


def _dump(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
