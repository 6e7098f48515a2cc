"""Problems (findings) and their rectification: DOMAIN §3.1 Problem/Rectification, state machine §3.2.

One rectification per problem lives on the problem row (requirement, current deadline, measures, review,
close-out, 回头看); its histories live in child tables (deadlines, milestones, feedback, events).
Links to other modules' tables (matter_id, inspection_id, inspection_item_id, doc_id) are plain text ids.
"""

from __future__ import annotations

from sqlalchemy import Index, text
from sqlmodel import Field

from desktop.core.models.base import SyncColumns

# Sources, as for supervision matters (DOMAIN §3.1).
SOURCES = ("上级部署", "派单", "共性清单", "个性清单", "专项", "信访", "巡察/审计移交", "自主")
HANDLINGS = ("立行立改", "限期整改", "提醒", "约谈", "移交问题线索")
SEVERITIES = ("一般", "较重", "严重")
PERSON_ROLES = ("主要责任人", "直接责任人", "领导责任人", "相关人员")

# Statuses (DOMAIN §3.2). 已归档 = 回头看通过.
S_PENDING = "待核实"
S_ASSIGNED = "已交办"
S_FIXING = "整改中"
S_LONG = "持续整改"
S_REVIEW = "待审核"
S_CLOSED = "已销号"
S_ARCHIVED = "已归档"
S_REJECTED = "不予认定"
S_TRANSFERRED = "已移交"
STATUSES = (S_PENDING, S_ASSIGNED, S_FIXING, S_LONG, S_REVIEW, S_CLOSED, S_ARCHIVED, S_REJECTED, S_TRANSFERRED)
OPEN_STATUSES = (S_PENDING, S_ASSIGNED, S_FIXING, S_LONG, S_REVIEW)
DEADLINE_STATUSES = (S_ASSIGNED, S_FIXING, S_LONG)  # the unit owes work: these can be overdue
DONE_STATUSES = (S_CLOSED, S_ARCHIVED)  # count as rectified (整改/销号)
ENDED_STATUSES = (S_REJECTED, S_TRANSFERRED)  # terminal, outside the closure statistics

CATALOGUE_KINDS = ("类别", "问题类型")


class ProblemType(SyncColumns, table=True):
    """Editable catalogue: 小微权力 categories (kind 类别) and the problem typology (kind 问题类型, grp = group)."""

    __tablename__ = "problem_type"
    kind: str
    grp: str | None = None
    name: str
    sort_order: int = 0
    active: bool = True
    note: str | None = None


class Problem(SyncColumns, table=True):
    __tablename__ = "problem"
    __table_args__ = (  # list indexes: partial on live rows, expressions as problem_query writes them
        Index("ix_problem_status", "status", "deadline", "unit_id", "category", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_found_date", "found_date", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_deadline", text("coalesce(deadline, '')"), "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_year_seq", "year", "seq", "no", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_updated_at", "updated_at", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_unit_sort", text("coalesce(unit_id, '')"), "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_category", text("coalesce(category, '')"), "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_stats", "status", "deadline", "closed_date", "found_date", "unit_id", "origin_site",
              "category", "problem_type", "matter_id", "money_recovered", "rules_made", "id",
              sqlite_where=text("deleted_at IS NULL")),  # statistics (services/stats), migration 0011
        Index("ix_problem_stats_found", "found_date", "status", "unit_id", "origin_site", "category", "problem_type",
              "matter_id", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_stats_closed", "closed_date", "status", "deadline", "unit_id", "origin_site", "category",
              "problem_type", "matter_id", "money_recovered", "rules_made", "id",
              sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_stats_deadline", "deadline", "status", "closed_date", "unit_id", "origin_site", "category",
              "problem_type", "matter_id", "id", sqlite_where=text("deleted_at IS NULL")),
        Index("ix_problem_import_key", "import_key", sqlite_where=text("import_key IS NOT NULL")),
    )
    no: str  # ledger number, e.g. 2026-017, unique per origin site
    year: int
    seq: int
    unit_id: str | None = Field(default=None, foreign_key="unit.id", index=True)
    category: str | None = None  # 小微权力 category (catalogue kind 类别)
    problem_type: str | None = None  # typology (catalogue kind 问题类型), free text allowed
    description: str
    basis_violated: str | None = None
    amount_involved: float | None = None  # 元
    found_date: str
    source: str
    handling: str
    severity: str = "一般"
    status: str = S_PENDING
    matter_id: str | None = Field(default=None, index=True)
    inspection_id: str | None = Field(default=None, index=True)
    inspection_item_id: str | None = None
    doc_id: str | None = None  # the 整改通知书/函 (issue 6)
    doc_no: str | None = None  # its 文号 as text (also for imported legacy ledgers)
    people_names: str | None = None  # '、'-joined names of problem_person, kept by the service
    requirement: str | None = None  # 整改要求
    deadline: str | None = None  # current deadline (持续整改: the next unmet milestone)
    assigned_date: str | None = None
    measures: str | None = None  # latest feedback measures
    progress_note: str | None = None  # 整改进展 (free text)
    feedback_date: str | None = None  # latest feedback received
    review_opinion: str | None = None
    reviewer: str | None = None
    review_date: str | None = None
    money_recovered: float | None = None  # 元
    rules_made: int | None = None  # 建章立制（项）
    closed_date: str | None = None  # 销号日期
    revisit_due: str | None = Field(default=None, index=True)
    revisit_date: str | None = None
    revisit_result: str | None = None
    relapse_count: int = 0
    extension_count: int = 0
    ended_reason: str | None = None  # why 不予认定 / 已移交
    note: str | None = None
    original_no: str | None = None  # 原编号: the number (or 序号) the problem had in an imported legacy ledger
    import_key: str | None = None  # identity of the imported ledger row (services/problems/ledger_identity.py)


class ProblemPerson(SyncColumns, table=True):
    __tablename__ = "problem_person"
    problem_id: str = Field(foreign_key="problem.id", index=True)
    person_id: str | None = Field(default=None, foreign_key="person.id", index=True)
    name: str
    position: str | None = None
    role: str = "主要责任人"


class ProblemDeadline(SyncColumns, table=True):
    """One deadline set for a problem. kind: 初定 / 延期 / 重新整改 / 批量设定."""

    __tablename__ = "problem_deadline"
    problem_id: str = Field(foreign_key="problem.id", index=True)
    deadline: str
    previous: str | None = None
    set_on: str
    kind: str
    working_days: int | None = None
    reason: str | None = None
    approver: str | None = None


class ProblemMilestone(SyncColumns, table=True):
    __tablename__ = "problem_milestone"
    problem_id: str = Field(foreign_key="problem.id", index=True)
    seq: int
    title: str
    due_date: str
    done_date: str | None = None
    note: str | None = None


class ProblemFeedback(SyncColumns, table=True):
    """Feedback received. source: 整改反馈 / 立行立改 / 回执. Evidence: attachments owned by this row."""

    __tablename__ = "problem_feedback"
    problem_id: str = Field(foreign_key="problem.id", index=True)
    feedback_date: str
    measures: str
    source: str = "整改反馈"
    doc_id: str | None = None
    received_by: str | None = None
    note: str | None = None


class ProblemEvent(SyncColumns, table=True):
    """The timeline: one row per transition (who, when, why; details as JSON)."""

    __tablename__ = "problem_event"
    __table_args__ = (
        Index("ix_problem_event_at", "at", "change_seq", "problem_id"),  # 工作台: recently changed
        Index("ix_problem_event_stats", "action", "on_date", "problem_id", sqlite_where=text("deleted_at IS NULL")),
    )
    problem_id: str = Field(foreign_key="problem.id", index=True)
    at: str
    on_date: str
    action: str
    from_status: str | None = None
    to_status: str
    actor: str
    reason: str | None = None
    details_json: str | None = None
