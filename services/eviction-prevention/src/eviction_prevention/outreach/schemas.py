"""Request bodies and read models of outreach: contact attempts, assignments and
visits, meetings, consent and letters (`/api/v1/cases/{case_id}/...`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from bostad_common.events.vocabulary import LetterKind
from bostad_common.validation import PlausibleDateTime
from eviction_prevention.outreach.models import (
    Consent,
    ContactAttempt,
    HomeVisit,
    LetterRequest,
    Meeting,
    OutreachAssignment,
)
from eviction_prevention.outreach.rules import (
    ConsentScope,
    ContactMethod,
    ContactResult,
    MeetingKind,
    VisitOutcome,
)
from eviction_prevention.schemas import Note, StaffBody, StaffId

StaffList = Annotated[list[StaffId], Field(min_length=1, max_length=10)]


# ------------------------------------------------------------------ requests


class ContactAttemptCreate(StaffBody):
    method: ContactMethod
    result: ContactResult
    attempted_at: PlausibleDateTime | None = None
    note: Note | None = None


class AssignmentCreate(StaffBody):
    staff: StaffList


class VisitCreate(StaffBody):
    staff: StaffList
    outcome: VisitOutcome
    visited_at: PlausibleDateTime | None = None
    note: Note | None = None


class MeetingCreate(StaffBody):
    kind: MeetingKind
    scheduled_at: PlausibleDateTime
    note: Note | None = None


class ConsentCreate(StaffBody):
    scopes: Annotated[list[ConsentScope], Field(min_length=1, max_length=3)]
    given_at: PlausibleDateTime | None = None


class LetterCreate(StaffBody):
    letter: LetterKind
    visit_at: PlausibleDateTime | None = None


# ------------------------------------------------------- answers to a change


class ContactAttemptRecorded(BaseModel):
    contact_attempt_id: str


class AssignmentMade(BaseModel):
    assignment_id: str
    staff: list[str]
    assigned_at: datetime
    due_at: datetime


class VisitRecorded(BaseModel):
    visit_id: str
    outcome: VisitOutcome


class MeetingBooked(BaseModel):
    meeting_id: str


class ConsentRecorded(BaseModel):
    consent_id: str
    scopes: list[ConsentScope]


class ConsentWithdrawn(BaseModel):
    consent_id: str
    withdrawn_at: datetime | None


class LetterRequested(BaseModel):
    letter_request_id: str
    letter: LetterKind


# --------------------------------------------------- the case's outreach history


class ContactAttemptRead(BaseModel):
    id: str
    method: ContactMethod
    result: ContactResult
    attempted_at: datetime
    recorded_by: str
    note: str | None

    @classmethod
    def of(cls, attempt: ContactAttempt) -> ContactAttemptRead:
        return cls.model_validate(attempt, from_attributes=True)


class AssignmentRead(BaseModel):
    assignment_id: str
    staff: list[str]
    assigned_at: datetime
    assigned_by: str
    due_at: datetime
    first_visit_at: datetime | None
    overdue: bool
    started_within_48h: bool

    @classmethod
    def of(cls, assignment: OutreachAssignment, now: datetime) -> AssignmentRead:
        visited = assignment.first_visit_at
        return cls(
            assignment_id=assignment.id,
            staff=assignment.staff,
            assigned_at=assignment.assigned_at,
            assigned_by=assignment.assigned_by,
            due_at=assignment.due_at,
            first_visit_at=visited,
            overdue=visited is None and now > assignment.due_at,
            started_within_48h=visited is not None and visited <= assignment.due_at,
        )


class VisitRead(BaseModel):
    visit_id: str
    assignment_id: str
    visited_at: datetime
    staff: list[str]
    outcome: VisitOutcome
    note: str | None

    @classmethod
    def of(cls, visit: HomeVisit) -> VisitRead:
        return cls(
            visit_id=visit.id,
            assignment_id=visit.assignment_id,
            visited_at=visit.visited_at,
            staff=visit.staff,
            outcome=visit.outcome,  # type: ignore[arg-type]
            note=visit.note,
        )


class MeetingRead(BaseModel):
    meeting_id: str
    kind: MeetingKind
    scheduled_at: datetime
    booked_by: str
    note: str | None

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingRead:
        return cls(
            meeting_id=meeting.id,
            kind=meeting.kind,  # type: ignore[arg-type]
            scheduled_at=meeting.scheduled_at,
            booked_by=meeting.booked_by,
            note=meeting.note,
        )


class ConsentRead(BaseModel):
    consent_id: str
    scopes: list[ConsentScope]
    given_at: datetime
    recorded_by: str
    withdrawn_at: datetime | None

    @classmethod
    def of(cls, consent: Consent) -> ConsentRead:
        return cls(
            consent_id=consent.id,
            scopes=consent.scopes,  # type: ignore[arg-type]
            given_at=consent.given_at,
            recorded_by=consent.recorded_by,
            withdrawn_at=consent.withdrawn_at,
        )


class LetterRead(BaseModel):
    letter: LetterKind
    requested_at: datetime
    requested_by: str
    visit_at: datetime | None

    @classmethod
    def of(cls, request: LetterRequest) -> LetterRead:
        return cls(
            letter=request.letter,  # type: ignore[arg-type]
            requested_at=request.requested_at,
            requested_by=request.requested_by,
            visit_at=request.visit_at,
        )


class OutreachRead(BaseModel):
    """Everything outreach-related on a case, oldest first."""

    contact_attempts: list[ContactAttemptRead]
    assignments: list[AssignmentRead]
    visits: list[VisitRead]
    meetings: list[MeetingRead]
    consents: list[ConsentRead]
    letters: list[LetterRead]
