"""Talk records: 谈话提醒, 约谈, 批评教育, 诫勉 … — first-form measures (DOMAIN §3.1 TalkRecord, §8.5)."""

from __future__ import annotations

from sqlmodel import Field

from desktop.core.models.base import SyncColumns

TALK_KINDS = ("谈话提醒", "提醒谈话", "约谈", "批评教育", "责令检查", "诫勉", "函询")
NEEDS_APPROVAL = ("诫勉",)
FIRST_FORM = 1


class TalkRecord(SyncColumns, table=True):
    __tablename__ = "talk_record"
    kind: str
    person_id: str = Field(foreign_key="person.id", index=True)
    talk_date: str = Field(index=True)
    place: str | None = None
    talker: str
    recorder: str | None = None
    reason: str
    summary: str | None = None
    response: str | None = None  # the person's 表态
    follow_up: str | None = None
    problem_id: str | None = Field(default=None, index=True)  # no FK: problems are another aggregate
    approver: str | None = None
    approval_date: str | None = None
    form: int = FIRST_FORM  # 第一种形态 for every kind here
    note: str | None = None
