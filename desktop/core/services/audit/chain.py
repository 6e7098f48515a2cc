"""The audit log's hash chain: each entry's hash covers the previous entry's hash and its own fields.

`append_values` fills id, prev_hash and entry_hash of a new entry inside the write transaction (rows.write_audit);
`verify` walks the chain and names the first entry that was changed, removed or inserted. A restored backup carries
its own chain, which stays verifiable, and the next entry continues it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy import update as sa_update

from desktop.core.models.audit import AuditLog

FIELDS = ("id", "at", "user_id", "user_name", "action", "entity", "entity_id", "summary", "before_json",
          "after_json")


def entry_hash(prev_hash: str, row) -> str:
    body = json.dumps([prev_hash, *[row[f] for f in FIELDS]], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _last_seq(s) -> int:
    seq = s.execute(text("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")).scalar()
    return int(seq or 0)


def append_values(s, values: dict) -> dict:
    """`values` of a new audit entry with id, prev_hash and entry_hash set (call inside the write transaction)."""
    t = AuditLog.__table__
    last = s.execute(select(t.c.id, t.c.entry_hash).order_by(t.c.id.desc()).limit(1)).first()
    if last is not None and last.entry_hash is None:
        seal(s)
        last = s.execute(select(t.c.id, t.c.entry_hash).order_by(t.c.id.desc()).limit(1)).first()
    row = {**values, "id": max(_last_seq(s), last.id if last else 0) + 1}
    row["prev_hash"] = last.entry_hash if last else ""
    row["entry_hash"] = entry_hash(row["prev_hash"], row)
    return row


def seal(s) -> int:
    """Chain the entries written before the chain existed (hash columns NULL), once. Returns how many."""
    t = AuditLog.__table__
    prev = ""
    count = 0
    for r in s.execute(select(t).order_by(t.c.id)).mappings():
        if r["entry_hash"] is not None:
            prev = r["entry_hash"]
            continue
        h = entry_hash(prev, r)
        s.execute(sa_update(t).where(t.c.id == r["id"]).values(prev_hash=prev, entry_hash=h))
        prev, count = h, count + 1
    return count


@dataclass
class ChainReport:
    """Result of `verify`: ok, how many entries were checked, and the first problem (entry id and a message)."""

    ok: bool
    checked: int
    message: str
    entry_id: int | None = None
    problem: str = ""  # "" | "修改" | "删除" | "插入"


def _who(r) -> str:
    return f"第 {r['id']} 条（{(r['at'] or '')[:19].replace('T', ' ')}，{r['user_name']}，{r['action']}）"


def verify(ctx) -> ChainReport:
    """Check the whole chain; the report names the first entry that was changed, removed or inserted."""
    t = AuditLog.__table__
    with ctx.reader() as s:
        rows = [dict(r) for r in s.execute(select(t).order_by(t.c.id)).mappings()]
        seq = _last_seq(s)
    seen: dict[str, int] = {"": 0}
    prev_hash, prev_id, started = "", 0, False
    for r in rows:
        if r["entry_hash"] is None:
            if started:
                return ChainReport(False, len(seen) - 1, f"{_who(r)}没有校验值，是后来插入的。", r["id"], "插入")
            continue  # written before the chain existed; sealed by the next write
        started = True
        if entry_hash(r["prev_hash"] or "", r) != r["entry_hash"]:
            shifted = [d for d in (-1, 1) if entry_hash(r["prev_hash"] or "", {**r, "id": r["id"] + d}) == r["entry_hash"]]
            if shifted == [-1]:  # renumbered one up: the entry before it was slipped in
                return ChainReport(False, len(seen) - 1, f"第 {prev_id} 条审计记录是后来插入的。", prev_id, "插入")
            if shifted == [1]:  # renumbered one down: the entry before it was taken out
                return ChainReport(False, len(seen) - 1, f"第 {r['id']} 条原有的审计记录被删除了（其后的记录被重新编号）。",
                                   r["id"], "删除")
            return ChainReport(False, len(seen) - 1, f"{_who(r)}的内容被改动过。", r["id"], "修改")
        if r["prev_hash"] != prev_hash:
            if r["prev_hash"] in seen and seen[r["prev_hash"]] < prev_id:
                first = next(x for x in rows if x["id"] > seen[r["prev_hash"]])
                return ChainReport(False, len(seen) - 1, f"{_who(first)}是后来插入的。", first["id"], "插入")
            if r["id"] != prev_id + 1:
                return ChainReport(False, len(seen) - 1, f"第 {prev_id + 1} 条审计记录被删除了。", prev_id + 1, "删除")
            return ChainReport(False, len(seen) - 1, f"第 {prev_id} 条审计记录被改动过（其后的校验值对不上）。",
                               prev_id, "修改")
        if r["id"] != prev_id + 1 and prev_id:
            return ChainReport(False, len(seen) - 1, f"第 {prev_id + 1} 条审计记录被删除了。", prev_id + 1, "删除")
        seen[r["entry_hash"]] = r["id"]
        prev_hash, prev_id = r["entry_hash"], r["id"]
    if seq > prev_id and started:
        return ChainReport(False, len(seen) - 1, f"最后的第 {prev_id + 1}–{seq} 条审计记录被删除了。", prev_id + 1, "删除")
    return ChainReport(True, len(seen) - 1, f"审计日志完整：共校验 {len(seen) - 1} 条，未发现改动、删除或插入。")
