"""The append-only audit log (triggers in the migration refuse UPDATE and DELETE)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class AuditLog(SQLModel, table=True):
    __tablename__ = "audit_log"
    __sync__ = "local"
    id: int | None = Field(default=None, primary_key=True)
    at: str
    user_id: str | None = None
    user_name: str
    action: str
    entity: str
    entity_id: str | None = Field(default=None, index=True)
    summary: str | None = None
    before_json: str | None = None
    after_json: str | None = None
