"""Registry of supervised units and people (DOMAIN §3.1 Unit, Person)."""

from __future__ import annotations

from sqlmodel import Field

from desktop.core.models.base import SyncColumns

UNIT_TYPES = ("行政村", "社区", "村民小组", "镇直站所", "村集体经济组织")
VILLAGE_TYPES = ("行政村", "社区")
POSITIONS = (
    "村党组织书记",
    "村委会主任",
    "一肩挑",
    "村两委委员",
    "会计/报账员",
    "文书",
    "村民小组长",
    "村监委主任",
    "村监委成员",
    "村级纪检员",
    "站所负责人",
    "站所工作人员",
    "镇干部",
    "其他",
)


class Unit(SyncColumns, table=True):
    __tablename__ = "unit"
    name: str
    short_name: str | None = None
    type: str
    parent_id: str | None = Field(default=None, foreign_key="unit.id")
    admin_code: str | None = None
    population: int | None = None
    households: int | None = None
    is_key_village: bool = False
    active: bool = True
    sort_order: int = 0
    note: str | None = None


class Person(SyncColumns, table=True):
    __tablename__ = "person"
    __sensitive_columns__ = ("id_no",)  # left out of USB packages unless the user opts in
    name: str
    gender: str | None = None
    unit_id: str | None = Field(default=None, foreign_key="unit.id", index=True)
    position: str | None = None
    party_member: bool = False
    is_supervision_target: bool = False
    term_start: str | None = None
    term_end: str | None = None
    phone: str | None = None
    id_no: str | None = None
    active: bool = True
    note: str | None = None


class PersonPost(SyncColumns, table=True):
    """A past post of a person, kept when the person changes position or unit."""

    __tablename__ = "person_post"
    person_id: str = Field(foreign_key="person.id", index=True)
    unit_id: str | None = Field(default=None, foreign_key="unit.id")
    position: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    note: str | None = None
