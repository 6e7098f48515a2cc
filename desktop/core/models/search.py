"""The shared full-text search index (local, rebuildable). See desktop/core/store/fts.py."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class SearchDoc(SQLModel, table=True):
    """One searchable record: (entity, entity_id) → title and the text to search (FTS5 trigram over body)."""

    __tablename__ = "search_doc"
    __sync__ = "local"
    id: int | None = Field(default=None, primary_key=True)
    entity: str
    entity_id: str
    title: str
    body: str
