"""Bodies of the follow-up and housing-course API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class NewVisit(BaseModel):
    visited_on: date
    rent_receipt_seen: bool
    home_insurance: bool
    registered_in_housing_queues: bool
    note: str | None = Field(default=None, max_length=4000)


class VisitView(BaseModel):
    visited_on: date
    rent_receipt_seen: bool
    home_insurance: bool
    registered_in_housing_queues: bool
    note: str | None
    recorded_by: str


class FollowUpView(BaseModel):
    lease_id: str
    visits: list[VisitView]
    next_visit_due: date
    overdue: bool


class NewCourse(BaseModel):
    district: str = Field(max_length=64)
    title: str = Field(default="Boendekurs", max_length=200)
    starts_on: date


class NewParticipant(BaseModel):
    household_id: str = Field(max_length=64)
    lease_id: str | None = Field(default=None, max_length=64)


class Attendance(BaseModel):
    household_ids: list[str] = Field(max_length=50)
    held_on: date


class ParticipantView(BaseModel):
    household_id: str
    lease_id: str | None
    attended: list[int]
    certificate_issued_on: date | None


class CourseView(BaseModel):
    course_id: str
    district: str
    title: str
    starts_on: date
    sessions: int
    session_hours: int
    capacity: int
    participants: list[ParticipantView]
