"""This site's organisation profile (one row) and local settings."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from desktop.core.models.base import SyncColumns

ROLES = {"township": "乡镇（街道）", "district": "区（县）纪委监委"}
CAPACITIES = ("纪律检查", "监察")


class OrgProfile(SyncColumns, table=True):
    """The 纪委 using this installation. `capacities` is a '、'-joined subset of CAPACITIES."""

    __tablename__ = "org_profile"
    role: str
    site_code: str
    site_name: str
    full_name: str
    short_name: str
    office_name: str | None = None
    capacities: str
    contact_person: str | None = None
    contact_phone: str | None = None
    secretary_name: str | None = None
    district_name: str | None = None


class AppSetting(SQLModel, table=True):
    """Local key/value business settings (JSON values), e.g. warning tiers. Not synced."""

    __tablename__ = "app_setting"
    __sync__ = "local"
    key: str = Field(primary_key=True)
    value: str


class ChangeCounter(SQLModel, table=True):
    """One row: the last change sequence number handed out in this database."""

    __tablename__ = "change_counter"
    __sync__ = "local"
    id: int = Field(primary_key=True)
    value: int
