"""回访 / 满意度测评 register (DOMAIN §7.3 P1): who was asked, how many, how many were satisfied."""

from __future__ import annotations

from sqlmodel import Field

from desktop.core.models.base import SyncColumns

SURVEY_KINDS = ("回访", "满意度测评")


class SatisfactionSurvey(SyncColumns, table=True):
    """One 回访 or 满意度测评 of a unit on a date: respondents asked, of whom satisfied (测评合格)."""

    __tablename__ = "satisfaction_survey"
    kind: str = "满意度测评"
    unit_id: str | None = Field(default=None, foreign_key="unit.id", index=True)
    survey_date: str = Field(index=True)
    respondents: int
    satisfied: int
    problem_id: str | None = None  # the problem followed up by a 回访 (plain text id: another aggregate)
    surveyor: str | None = None
    note: str | None = None
