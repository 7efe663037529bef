"""Payloads of the events eviction-prevention publishes (past tense, versioned).

They carry ids, districts, codes and dates: what notifications and statistics
need. Personal data goes only where a recipient truly needs it (a letter's
address), never a personal identity number.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from bostad_common.events.registry import EVENTS
from bostad_common.events.topics import EVICTION_EVENTS

NoticeKind = Literal[
    "unpaid_rent", "disturbance", "unauthorised_sublet", "electricity_debt", "eviction_enforcement"
]
Track = Literal["with_children", "without_children", "enforcement"]
LetterKind = Literal["information_letter", "home_visit_letter", "consent_form"]
# Added (issue #9): declined_help, investigation_opened.
OutcomeCode = Literal[
    "prevented",
    "moved_voluntarily",
    "evicted",
    "no_contact",
    "declined_help",
    "investigation_opened",
    "other",
]


class NoticeReceivedV1(BaseModel):
    notice_id: str
    landlord_id: str
    district: str
    kind: NoticeKind
    channel: Literal["http", "kafka", "tenancy"]
    received_at: datetime


class CaseOpenedV1(BaseModel):
    case_id: str
    notice_id: str | None
    district: str
    track: Track
    children_unknown: bool
    intake_type: Literal["ansokan", "anmalan", "underrattelse"]
    reason_code: NoticeKind
    redemption_deadline: date | None  # återvinningsfrist, unpaid rent only
    eviction_date: date | None
    # Added (optional): unpaid rent notified before the termination was served.
    redemption_waiting_for_served_date: bool | None = None
    # Added (optional): earliest power cut for electricity debt (ellagen 11 kap.).
    disconnection_deadline: date | None = None


class DeadlineSetV1(BaseModel):
    """A three-week deadline became known or moved: a later notice or the caseworker
    recorded the served date (CONTRACTS.md v1.1)."""

    case_id: str
    district: str
    deadline: Literal["redemption_period", "electricity_disconnection"]
    due_on: date
    set_by: Literal["notice", "caseworker"]


class CaseAssignedV1(BaseModel):
    """A case got (or lost) its responsible caseworker; None: back to the team."""

    case_id: str
    district: str
    responsible_caseworker: str | None  # staff user id
    previous_caseworker: str | None
    assigned_at: datetime


class OutreachAssignedV1(BaseModel):
    case_id: str
    assignment_id: str
    district: str
    staff: list[str]  # staff user ids, two for a new assignment
    due_at: datetime


class OutreachOverdueV1(BaseModel):
    case_id: str
    assignment_id: str
    district: str
    due_at: datetime


class LetterRecipient(BaseModel):
    name: str
    street: str
    postal_code: str
    city: str
    apartment_number: str | None = None


class LetterSender(BaseModel):
    """The district office that signs the letter (set up per district, issue #9)."""

    name: str
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    bankgiro: str | None = None
    legal_references: list[str] = []


class LetterRequestedV1(BaseModel):
    case_id: str
    district: str
    letter: LetterKind
    recipient: LetterRecipient
    visit_at: datetime | None = None
    # Added (optional): who signs, how to reach them; None when the district has none set up.
    sender: LetterSender | None = None


class CaseClosedV1(BaseModel):
    case_id: str
    district: str
    outcome: OutcomeCode
    reason_code: str
    children_affected: int | None = None


NOTICE_RECEIVED = EVENTS.register("NoticeReceived", 1, NoticeReceivedV1, EVICTION_EVENTS)
CASE_OPENED = EVENTS.register("CaseOpened", 1, CaseOpenedV1, EVICTION_EVENTS)
OUTREACH_ASSIGNED = EVENTS.register("OutreachAssigned", 1, OutreachAssignedV1, EVICTION_EVENTS)
OUTREACH_OVERDUE = EVENTS.register("OutreachOverdue", 1, OutreachOverdueV1, EVICTION_EVENTS)
LETTER_REQUESTED = EVENTS.register("LetterRequested", 1, LetterRequestedV1, EVICTION_EVENTS)
CASE_ASSIGNED = EVENTS.register("CaseAssigned", 1, CaseAssignedV1, EVICTION_EVENTS)
DEADLINE_SET = EVENTS.register("DeadlineSet", 1, DeadlineSetV1, EVICTION_EVENTS)
CASE_CLOSED = EVENTS.register("CaseClosed", 1, CaseClosedV1, EVICTION_EVENTS)
