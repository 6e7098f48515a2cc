"""The sync columns every business table carries (docs/ARCHITECTURE.md §3), as a SQLModel mixin.

Timestamps are ISO-8601 UTC text ('2026-03-05T08:00:00.000Z'), dates 'YYYY-MM-DD': portable and exact in JSONL.
Services fill these columns (see services/rows.py); the UI never does.

`__sync__` on a table class says who owns its rows for the USB exchange: "township" (default: rows belong to
their origin site), "district" (published downward by the district) or "local" (never leaves this PC).
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

SYNC_COLUMNS = (
    "id",
    "origin_site",
    "rev",
    "created_at",
    "updated_at",
    "deleted_at",
    "change_seq",
    "created_by",
    "updated_by",
)


class SyncColumns(SQLModel):
    id: str = Field(primary_key=True)
    origin_site: str
    rev: int = 1
    created_at: str
    updated_at: str
    deleted_at: str | None = None
    change_seq: int = Field(index=True)
    created_by: str | None = None
    updated_by: str | None = None
