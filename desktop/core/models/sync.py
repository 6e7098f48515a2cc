"""USB exchange (docs/ARCHITECTURE.md §5): own keys, registered sites, export/import ledgers, 派单 tasks and reports.

The ledgers and keys are local bookkeeping (`__sync__ = "local"`). `DispatchTask` is owned by the district and
published downward; `TaskReport` is the township's progress on a task and travels back up.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from desktop.core.models.base import SyncColumns

TASK_STATUSES = ("未开始", "进行中", "已完成")


class SyncKey(SQLModel, table=True):
    """This site's own key pair(s). `secret` is an age passphrase ciphertext when `protected` (district)."""

    __tablename__ = "sync_key"
    __sync__ = "local"
    kind: str = Field(primary_key=True)  # "township" | "district"
    site_code: str
    site_name: str
    ed25519_public: str  # base64 of the raw 32-byte key
    age_recipient: str  # age1…
    secret: str
    protected: bool = False
    fingerprint: str
    created_at: str


class SyncPeer(SQLModel, table=True):
    """A registered township (at the district) or the pinned district (at a township)."""

    __tablename__ = "sync_peer"
    __sync__ = "local"
    site_code: str = Field(primary_key=True)
    role: str
    site_name: str
    ed25519_public: str
    age_recipient: str
    fingerprint: str
    registered_at: str
    registered_by: str | None = None
    how: str  # 登记文件 | 首个数据包
    active: bool = True


class SyncExport(SQLModel, table=True):
    """One verified package written by this site (recorded only after the read-back check)."""

    __tablename__ = "sync_export"
    __sync__ = "local"
    package_id: str = Field(primary_key=True)
    direction: str  # up | down
    target_code: str = Field(index=True)
    package_no: int
    file_name: str
    file_sha256: str
    size: int
    seq_from: int
    seq_to: int
    full_snapshot: bool = False
    catalogue_version: int | None = None
    sensitive: bool = False
    counts_json: str
    created_at: str
    created_by: str | None = None


class SyncImport(SQLModel, table=True):
    """The import ledger, keyed by package id: the same package twice changes nothing."""

    __tablename__ = "sync_import"
    __sync__ = "local"
    package_id: str = Field(primary_key=True)
    kind: str
    source_code: str = Field(index=True)
    package_no: int
    file_name: str
    file_sha256: str = Field(index=True)
    seq_from: int
    seq_to: int
    full_snapshot: bool = False
    catalogue_version: int | None = None
    package_created_at: str
    imported_at: str
    imported_by: str | None = None
    counts_json: str
    result_json: str
    warnings: str | None = None


class DispatchTask(SyncColumns, table=True):
    """派单: a supervision task the district sends to some (target_sites, comma-separated; empty = all) townships."""

    __tablename__ = "dispatch_task"
    __sync__ = "district"
    title: str
    content: str | None = None
    deadline: str | None = None
    target_sites: str | None = None
    issued_on: str
    note: str | None = None


class TaskReport(SyncColumns, table=True):
    """A township's progress on a 派单 task (one per township and task); travels up with its next package."""

    __tablename__ = "task_report"
    task_id: str = Field(foreign_key="dispatch_task.id", index=True)
    status: str = "未开始"
    progress: str | None = None
    matter_id: str | None = None
    reported_on: str | None = None
