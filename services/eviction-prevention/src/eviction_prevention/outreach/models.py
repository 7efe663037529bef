"""Outreach: contact attempts, housing-support assignments and visits, meetings,
consent and letters."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


def _case_fk() -> Any:
    return Column(String(64), ForeignKey("cases.id"), nullable=False, index=True)


class ContactAttempt(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "contact_attempts"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(sa_column=_case_fk())
    method: str = Field(max_length=16)  # phone | letter | home_visit
    result: str = Field(max_length=32)
    attempted_at: datetime = Field(sa_column=instant_column())
    recorded_by: str = Field(max_length=200)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class OutreachAssignment(DistrictOwned, table=True):
    """An order to housing support (bolots) to visit the household within 48 hours."""

    __tablename__: ClassVar[Any] = "outreach_assignments"
    __table_args__ = (
        Index(
            "ix_outreach_assignments_pending",
            "due_at",
            postgresql_where=text("first_visit_at IS NULL AND overdue_notified_at IS NULL"),
            sqlite_where=text("first_visit_at IS NULL AND overdue_notified_at IS NULL"),
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(sa_column=_case_fk())
    staff: list[str] = Field(sa_column=Column(JSON, nullable=False))
    assigned_at: datetime = Field(sa_column=instant_column())
    assigned_by: str = Field(max_length=200)
    due_at: datetime = Field(sa_column=instant_column())
    first_visit_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    overdue_notified_at: datetime | None = Field(
        default=None, sa_column=instant_column(nullable=True)
    )
    purpose: str = Field(default="eviction_prevention", max_length=32)
    # What is known, for the visitors' safety (seed 002): animals, substance use,
    # violence in close relationships, children in the home; true/false/null (unknown).
    safety: dict[str, bool | str | None] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    cancelled_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    cancelled_by: str | None = Field(default=None, max_length=200)
    cancel_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class HomeVisit(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "home_visits"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    assignment_id: str = Field(
        sa_column=Column(
            String(64), ForeignKey("outreach_assignments.id"), nullable=False, index=True
        )
    )
    case_id: str = Field(sa_column=_case_fk())
    visited_at: datetime = Field(sa_column=instant_column())
    staff: list[str] = Field(sa_column=Column(JSON, nullable=False))
    outcome: str = Field(max_length=32)  # outreach.rules.VisitOutcome
    note_left: bool = False
    home_appears_abandoned: bool = False
    staff_change_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    recorded_by: str = Field(max_length=200)


class Meeting(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "meetings"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(sa_column=_case_fk())
    kind: str = Field(max_length=32)  # meeting | three_party_meeting
    scheduled_at: datetime = Field(sa_column=instant_column())
    booked_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    booked_by: str = Field(max_length=200)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    place: str | None = Field(default=None, max_length=200)
    participants: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    attended: bool | None = None  # whether the person came; None until recorded
    attendance_recorded_by: str | None = Field(default=None, max_length=200)


class Consent(DistrictOwned, table=True):
    """The household's consent to talk to others about the case (samtycke)."""

    __tablename__: ClassVar[Any] = "consents"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(sa_column=_case_fk())
    scopes: list[str] = Field(sa_column=Column(JSON, nullable=False))
    given_at: datetime = Field(sa_column=instant_column())
    recorded_by: str = Field(max_length=200)
    withdrawn_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))


class LetterRequest(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "letter_requests"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(sa_column=_case_fk())
    letter: str = Field(max_length=32)
    visit_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    requested_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    requested_by: str = Field(max_length=200)
