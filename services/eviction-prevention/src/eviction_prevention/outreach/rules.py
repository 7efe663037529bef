"""Outreach (uppsök) rules from seeds 001, 002 and 004.

The caseworker first tries to reach the household by phone; if that fails,
housing support (bolots) is booked and visits within 48 hours. Staff are
always two on a new assignment (seed 002: "alltid två vid nya uppdrag"). If
nobody is home they note how the home looks, leave a note and come back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, get_args

ContactMethod = Literal["phone", "letter", "home_visit"]
ContactResult = Literal["reached", "not_reached", "wrong_number", "letter_sent", "note_left"]
# `not_home` with the flags `note_left` / `home_appears_abandoned` says both at once;
# the two older combined values are still accepted and read as those flags.
VisitOutcome = Literal["met", "not_home", "not_home_note_left", "home_appears_abandoned"]
MeetingKind = Literal["meeting", "three_party_meeting"]
# Whom the household lets social services talk to (seeds 001, 002, 004).
ConsentScope = Literal[
    "landlord",
    "kronofogden",
    "financial_assistance",
    "psychiatry",
    "addiction_care",
    "guardian",  # god man / förvaltare, överförmyndaren
    "budget_and_debt_counselling",
    "electricity_supplier",
]
# Why housing support is booked (seed 002: "vräkningsförebyggande syfte", uppsök, or
# to be two with the caseworker for safety).
AssignmentPurpose = Literal["eviction_prevention", "outreach", "accompany_caseworker"]

CONTACT_METHODS: tuple[str, ...] = get_args(ContactMethod)
CONTACT_RESULTS: dict[str, tuple[str, ...]] = {
    "phone": ("reached", "not_reached", "wrong_number"),
    "letter": ("letter_sent",),
    "home_visit": ("reached", "not_reached", "note_left"),
}
VISIT_OUTCOMES: tuple[str, ...] = get_args(VisitOutcome)
CONSENT_SCOPES: tuple[str, ...] = get_args(ConsentScope)
STAFF_ON_NEW_ASSIGNMENT = 2
# Who may be booked: people the staff directory knows as active in this role in
# the case's district (issue #13; the role of the permission matrix).
BOOKABLE_ROLE = "housing_support"


def validate_contact(method: str, result: str) -> list[dict[str, str]]:
    allowed = CONTACT_RESULTS.get(method)
    if allowed is None:
        return [{"field": "method", "message": "must be one of " + ", ".join(CONTACT_METHODS)}]
    if result not in allowed:
        return [
            {"field": "result", "message": f"for {method} must be one of " + ", ".join(allowed)}
        ]
    return []


def validate_assignment_staff(staff: list[str]) -> list[dict[str, str]]:
    """A new outreach assignment names exactly two different staff members."""
    cleaned = [s.strip() for s in staff]
    if any(not s for s in cleaned):
        return [{"field": "staff", "message": "staff ids must not be empty"}]
    if len(set(cleaned)) != len(cleaned):
        return [{"field": "staff", "message": "the same person is named twice"}]
    if len(cleaned) != STAFF_ON_NEW_ASSIGNMENT:
        return [
            {
                "field": "staff",
                "message": "a new outreach assignment needs two staff members (always two on "
                "new assignments)",
            }
        ]
    return []


def validate_visit_staff(staff: list[str]) -> list[dict[str, str]]:
    cleaned = [s.strip() for s in staff]
    if not cleaned or any(not s for s in cleaned):
        return [{"field": "staff", "message": "name who made the visit"}]
    if len(set(cleaned)) != len(cleaned):
        return [{"field": "staff", "message": "the same person is named twice"}]
    return []


def started_within(first_visit_at: datetime | None, due_at: datetime) -> bool:
    """Whether outreach started (a first visit, whatever its outcome) by the due time."""
    return first_visit_at is not None and first_visit_at <= due_at


def is_overdue(due_at: datetime, first_visit_at: datetime | None, now: datetime) -> bool:
    return first_visit_at is None and now > due_at


def visit_flags(outcome: str, *, note_left: bool, abandoned: bool) -> tuple[bool, bool]:
    """(note left, home appears abandoned): a visit can note both (seed 002: "tittar
    bolotsarna på hur det ser ut ... och lägger en lapp i brevlådan")."""
    return (
        note_left or outcome == "not_home_note_left",
        abandoned or outcome == "home_appears_abandoned",
    )


def validate_visit_by_booked(
    visit_staff: list[str], booked: list[str], staff_change_reason: str | None
) -> list[dict[str, str]]:
    """The two booked staff make the visit (always two on a new assignment); another
    line-up is possible but must say why."""
    if sorted(s.strip() for s in visit_staff) == sorted(booked) or staff_change_reason:
        return []
    return [
        {
            "field": "staff_change_reason",
            "message": "the visit was not made by the two booked staff: say why",
        }
    ]


def meeting_needs_landlord_consent(kind: str) -> bool:
    """A three-party meeting talks with the landlord: that needs the household's consent."""
    return kind == "three_party_meeting"
