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
    AssignmentPurpose,
    ConsentScope,
    ContactMethod,
    ContactResult,
    MeetingKind,
    VisitOutcome,
)
from eviction_prevention.schemas import Note, Reason, ShortText, StaffBody, StaffId

StaffList = Annotated[list[StaffId], Field(min_length=1, max_length=10)]


# ------------------------------------------------------------------ requests


class ContactAttemptCreate(StaffBody):
    method: ContactMethod
    result: ContactResult
    attempted_at: PlausibleDateTime | None = None
    note: Note | None = None


class SafetyInfo(StaffBody):
    """What is known before a visit, for the visitors' safety (seed 002); null: unknown."""

    animals: bool | None = None
    substance_use: bool | None = None
    violence_in_close_relationships: bool | None = None
    children_in_home: bool | None = None
    note: Note | None = None


class AssignmentCreate(StaffBody):
    staff: StaffList
    purpose: AssignmentPurpose = "eviction_prevention"
    safety: SafetyInfo = Field(default_factory=SafetyInfo)


class AssignmentCancel(StaffBody):
    reason: Reason


class VisitCreate(StaffBody):
    staff: StaffList
    outcome: VisitOutcome
    note_left: bool = False
    home_appears_abandoned: bool = False
    staff_change_reason: Note | None = None
    visited_at: PlausibleDateTime | None = None
    note: Note | None = None


class MeetingCreate(StaffBody):
    kind: MeetingKind
    scheduled_at: PlausibleDateTime
    place: ShortText
    participants: Annotated[list[ShortText], Field(max_length=10)] = Field(default_factory=list)
    note: Note | None = None


class MeetingAttendance(StaffBody):
    attended: bool
    note: Note | None = None


class ConsentCreate(StaffBody):
    scopes: Annotated[list[ConsentScope], Field(min_length=1, max_length=8)]
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


class AssignmentCancelled(BaseModel):
    assignment_id: str
    cancelled_at: datetime
    cancel_reason: str


class AttendanceRecorded(BaseModel):
    meeting_id: str
    attended: bool


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


class SafetyRead(BaseModel):
    animals: bool | None = None
    substance_use: bool | None = None
    violence_in_close_relationships: bool | None = None
    children_in_home: bool | None = None
    note: str | None = None


class AssignmentRead(BaseModel):
    assignment_id: str
    staff: list[str]
    purpose: AssignmentPurpose
    safety: SafetyRead
    assigned_at: datetime
    assigned_by: str
    due_at: datetime
    first_visit_at: datetime | None
    overdue: bool
    started_within_48h: bool
    cancelled_at: datetime | None
    cancel_reason: str | None

    @classmethod
    def of(cls, assignment: OutreachAssignment, now: datetime) -> AssignmentRead:
        visited = assignment.first_visit_at
        pending = visited is None and assignment.cancelled_at is None
        return cls(
            assignment_id=assignment.id,
            staff=assignment.staff,
            purpose=assignment.purpose,  # type: ignore[arg-type]
            safety=SafetyRead.model_validate(assignment.safety or {}),
            assigned_at=assignment.assigned_at,
            assigned_by=assignment.assigned_by,
            due_at=assignment.due_at,
            first_visit_at=visited,
            overdue=pending and now > assignment.due_at,
            started_within_48h=visited is not None and visited <= assignment.due_at,
            cancelled_at=assignment.cancelled_at,
            cancel_reason=assignment.cancel_reason,
        )


class VisitRead(BaseModel):
    visit_id: str
    assignment_id: str
    visited_at: datetime
    staff: list[str]
    outcome: VisitOutcome
    note_left: bool
    home_appears_abandoned: bool
    staff_change_reason: str | None
    recorded_by: str
    note: str | None

    @classmethod
    def of(cls, visit: HomeVisit) -> VisitRead:
        return cls(
            visit_id=visit.id,
            assignment_id=visit.assignment_id,
            visited_at=visit.visited_at,
            staff=visit.staff,
            outcome=visit.outcome,  # type: ignore[arg-type]
            note_left=visit.note_left,
            home_appears_abandoned=visit.home_appears_abandoned,
            staff_change_reason=visit.staff_change_reason,
            recorded_by=visit.recorded_by,
            note=visit.note,
        )


class MeetingRead(BaseModel):
    meeting_id: str
    kind: MeetingKind
    scheduled_at: datetime
    place: str | None
    participants: list[str]
    attended: bool | None
    booked_by: str
    note: str | None

    @classmethod
    def of(cls, meeting: Meeting) -> MeetingRead:
        return cls(
            meeting_id=meeting.id,
            kind=meeting.kind,  # type: ignore[arg-type]
            scheduled_at=meeting.scheduled_at,
            place=meeting.place,
            participants=meeting.participants or [],
            attended=meeting.attended,
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
