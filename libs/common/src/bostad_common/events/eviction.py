"""Payloads of the events eviction-prevention publishes (past tense, versioned).

They carry ids, districts, codes and dates: what notifications and statistics
need. Personal data goes only where a recipient truly needs it (a letter's
address), never a personal identity number.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from bostad_common.events.registry import EVENTS
from bostad_common.events.topics import EVICTION_EVENTS
from bostad_common.events.vocabulary import (
    IntakeChannel,
    LetterKind,
    NoticeKind,
    OutcomeCode,
    Track,
)

# How a notice reached eviction-prevention: the landlord API, the landlord
# topic, or tenancy's arrears for the municipality's own sublets.
NoticeChannel = Literal["http", "kafka", "tenancy"]

__all__ = [
    "CASE_ASSIGNED",
    "CASE_CLOSED",
    "CASE_OPENED",
    "DEADLINE_SET",
    "LETTER_REQUESTED",
    "NOTICE_RECEIVED",
    "OUTREACH_ASSIGNED",
    "OUTREACH_OVERDUE",
    "CaseAssignedV1",
    "CaseClosedV1",
    "CaseOpenedV1",
    "DeadlineSetV1",
    "LetterKind",
    "LetterRecipient",
    "LetterRequestedV1",
    "LetterSender",
    "NoticeChannel",
    "NoticeKind",
    "NoticeReceivedV1",
    "OutcomeCode",
    "OutreachAssignedV1",
    "OutreachOverdueV1",
    "Track",
]


def _optional() -> Any:
    """An optional field added to a v1 payload: left off the wire while unset, so a
    producer that does not know it sends exactly what it sent before."""
    return Field(default=None, exclude_if=lambda value: value is None)


# Optional fields below were added for notifications (additive, v1 stays v1):
# `responsible_caseworker` is the case's own caseworker once cases have an owner
# (notifications then tells that person instead of every caseworker of the
# district); `caused_by` is the staff user whose action caused the event (they
# are not told about their own action); `children_possible` says the household
# has children or it is not known whether it has (the children-and-youth unit
# takes part), also on the enforcement track, whose name does not say it.


class NoticeReceivedV1(BaseModel):
    notice_id: str
    landlord_id: str
    district: str
    kind: NoticeKind
    channel: NoticeChannel
    received_at: datetime
    # The case the notice was linked to, as it stands after the notice (written in
    # the same transaction since 2026-11-30; older events have none of these).
    # `opened_case` False: it joined a case already open (CaseOpened tells of a new
    # one). `eviction_date` is this notice's own, None when it brought none.
    case_id: str | None = _optional()
    opened_case: bool | None = _optional()
    track: Track | None = _optional()
    children_unknown: bool | None = _optional()
    children_possible: bool | None = _optional()
    eviction_date: date | None = _optional()
    responsible_caseworker: str | None = _optional()


class CaseOpenedV1(BaseModel):
    case_id: str
    notice_id: str | None
    district: str
    track: Track
    children_unknown: bool
    intake_type: IntakeChannel
    # Why the case opened: the kind of its first notice (Treserva's orsakskod).
    # Called `reason_code` until the renaming of issue 7 (before production).
    notice_kind: NoticeKind
    redemption_deadline: date | None  # återvinningsfrist, unpaid rent only
    eviction_date: date | None
    responsible_caseworker: str | None = _optional()
    caused_by: str | None = _optional()
    # Added (optional): unpaid rent notified before the termination was served.
    redemption_waiting_for_served_date: bool | None = _optional()
    # Added (optional): earliest power cut for electricity debt (ellagen 11 kap.).
    disconnection_deadline: date | None = _optional()
    # Added (optional): children, or unknown children, on any track.
    children_possible: bool | None = _optional()


class DeadlineSetV1(BaseModel):
    """A three-week deadline became known or moved: a later notice or the caseworker
    recorded the served date (CONTRACTS.md v1.1)."""

    case_id: str
    district: str
    deadline: Literal["redemption_period", "electricity_disconnection"]
    due_on: date
    set_by: Literal["notice", "caseworker"]
    responsible_caseworker: str | None = _optional()


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
    caused_by: str | None = _optional()


class OutreachOverdueV1(BaseModel):
    case_id: str
    assignment_id: str
    district: str
    due_at: datetime
    # The case's own caseworker when the alert was raised (filled since 2026-11-30).
    responsible_caseworker: str | None = _optional()


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
    # The addressee's pseudonym (`access_log.pseudonymise`, the platform's shared key),
    # so a read of the letter names the person in the reader's access log. Optional:
    # added after v1 was published (issue #8).
    person_ref: str | None = _optional()
    # What the letter must say, when the case knows it (notifications prints them).
    notice_kind: NoticeKind | None = _optional()
    redemption_deadline: date | None = _optional()
    eviction_date: date | None = _optional()
    responsible_caseworker: str | None = _optional()
    caused_by: str | None = _optional()
    # Who signs, how to reach them; None when the district has none set up.
    sender: LetterSender | None = _optional()


class CaseClosedV1(BaseModel):
    case_id: str
    district: str
    outcome: OutcomeCode
    # The outcome's reason code (e.g. prevented: payment_plan). Called
    # `reason_code` until the renaming of issue 7 (before production).
    closing_reason: str
    children_affected: int | None = None
    responsible_caseworker: str | None = _optional()
    caused_by: str | None = _optional()


NOTICE_RECEIVED = EVENTS.register("NoticeReceived", 1, NoticeReceivedV1, EVICTION_EVENTS)
CASE_OPENED = EVENTS.register("CaseOpened", 1, CaseOpenedV1, EVICTION_EVENTS)
OUTREACH_ASSIGNED = EVENTS.register("OutreachAssigned", 1, OutreachAssignedV1, EVICTION_EVENTS)
OUTREACH_OVERDUE = EVENTS.register("OutreachOverdue", 1, OutreachOverdueV1, EVICTION_EVENTS)
LETTER_REQUESTED = EVENTS.register("LetterRequested", 1, LetterRequestedV1, EVICTION_EVENTS)
CASE_ASSIGNED = EVENTS.register("CaseAssigned", 1, CaseAssignedV1, EVICTION_EVENTS)
DEADLINE_SET = EVENTS.register("DeadlineSet", 1, DeadlineSetV1, EVICTION_EVENTS)
CASE_CLOSED = EVENTS.register("CaseClosed", 1, CaseClosedV1, EVICTION_EVENTS)
