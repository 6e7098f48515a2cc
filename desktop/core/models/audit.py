"""The append-only audit log (triggers in the migrations refuse UPDATE and DELETE); a hash chain shows tampering."""

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
    prev_hash: str | None = None  # entry_hash of the entry before ("" for the first)
    entry_hash: str | None = None  # sha256 over prev_hash and this entry's fields (services/audit_chain.py)
