"""Housing support's follow-up visits (seed 002, "bolots") and the housing course."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class FollowUpVisit(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "follow_up_visits"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    lease_id: str = Field(foreign_key="leases.id", max_length=64, index=True)
    visited_on: date
    # Seed 002: "de kontrollerar att individen betalar hyran, att den har tecknat
    # hemförsäkring och att individen står i bostadsförmedlingar".
    rent_receipt_seen: bool
    home_insurance: bool
    registered_in_housing_queues: bool
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class HousingCourse(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "housing_courses"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    title: str = Field(max_length=200)
    starts_on: date
    sessions: int = 4  # seed 002: "fyra kurstillfällen, två timmar per gång"
    session_hours: int = 2
    capacity: int = 6  # seed 002: studiecirkel, about six people
    created_by: str = Field(max_length=200)


class CourseParticipant(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "course_participants"
    __table_args__ = (UniqueConstraint("course_id", "household_id", name="uq_course_household"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    course_id: str = Field(foreign_key="housing_courses.id", max_length=64, index=True)
    # In the queue for a training apartment or recently moved in: a household, maybe a lease.
    household_id: str = Field(max_length=64)
    lease_id: str | None = Field(default=None, max_length=64)
    attended: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    certificate_issued_on: date | None = None
