"""Request bodies and read views of the staff case API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bostad_common.personnummer import PersonalNumber, PersonalNumberField
from bostad_common.validation import (
    PlausibleDate,
    PlausibleDateTime,
    SafeMultilineText,
    SafeText,
)
from eviction_prevention.cases import rules
from eviction_prevention.cases.models import Case
from eviction_prevention.checklists.catalogue import UNIT_LABELS_SV
from eviction_prevention.checklists.models import ChecklistItem
from eviction_prevention.notices.schemas import Address, DistrictCode, Household, NoticeKind, Tenant
from eviction_prevention.outcomes.rules import INTERVENTION_LABELS_SV

Note = Annotated[SafeMultilineText, StringConstraints(strip_whitespace=True, max_length=4000)]
StaffId = Annotated[
    SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]


class _Body(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True, extra="forbid", str_max_length=4000)


class CaseSearch(_Body):
    """Search by personal number: a POST body, so the number never appears in a URL."""

    personal_number: PersonalNumberField


class StaffCaseCreate(_Body):
    """A case staff open themselves: an application (ansökan) or a report (anmälan)."""

    intake_type: Literal["ansokan", "anmalan"]
    district: DistrictCode
    reason_code: NoticeKind
    tenant: Tenant
    address: Address
    household: Household = Field(default_factory=Household)
    served_at: PlausibleDate | None = None
    eviction_date: PlausibleDate | None = None


class ChecklistDone(_Body):
    note: Note | None = None


class ContactAttemptCreate(_Body):
    method: Literal["phone", "letter", "home_visit"]
    result: Literal["reached", "not_reached", "wrong_number", "letter_sent", "note_left"]
    attempted_at: PlausibleDateTime | None = None
    note: Note | None = None


class AssignmentCreate(_Body):
    staff: Annotated[list[StaffId], Field(min_length=1, max_length=10)]


class VisitCreate(_Body):
    staff: Annotated[list[StaffId], Field(min_length=1, max_length=10)]
    outcome: Literal["met", "not_home_note_left", "home_appears_abandoned"]
    visited_at: PlausibleDateTime | None = None
    note: Note | None = None


class MeetingCreate(_Body):
    kind: Literal["meeting", "three_party_meeting"]
    scheduled_at: PlausibleDateTime
    note: Note | None = None


class ConsentCreate(_Body):
    scopes: Annotated[
        list[Literal["landlord", "kronofogden", "financial_assistance"]],
        Field(min_length=1, max_length=3),
    ]
    given_at: PlausibleDateTime | None = None


class LetterCreate(_Body):
    letter: Literal["information_letter", "home_visit_letter", "consent_form"]
    visit_at: PlausibleDateTime | None = None


class InterventionCreate(_Body):
    kind: SafeText = Field(max_length=48)
    note: Note | None = None


class CloseCase(_Body):
    outcome: Literal["prevented", "moved_voluntarily", "evicted", "no_contact", "other"]
    reason_code: SafeText | None = Field(default=None, max_length=64)
    children_affected: int | None = None
    reason_text: Note | None = None
    open_items_reason: Note | None = None


# ---------------------------------------------------------------------- views


def masked(personal_number: str) -> str:
    return PersonalNumber.parse(personal_number).masked


def deadline_views(deadlines: list[rules.Deadline], now: datetime) -> list[dict[str, Any]]:
    return [
        {"name": d.name, "due_at": d.due_at, "legal": d.legal, "overdue": d.is_overdue(now)}
        for d in deadlines
    ]


def checklist_view(item: ChecklistItem) -> dict[str, Any]:
    return {
        "code": item.code,
        "label": item.label,
        "unit": item.unit,
        "unit_label": UNIT_LABELS_SV.get(item.unit, item.unit),
        "mandatory": item.mandatory,
        "done": item.done_at is not None,
        "done_at": item.done_at,
        "done_by": item.done_by,
        "note": item.note,
    }


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "district": case.district,
        "status": case.status,
        "intake_type": case.intake_type,
        "reason_code": case.reason_code,
        "reason_label": rules.REASON_LABELS_SV.get(case.reason_code, case.reason_code),
        "track": case.track,
        "children": case.children,
        "children_unknown": case.children_unknown,
        "tenant_name": case.tenant_name,
        "personal_number_masked": masked(case.personal_number),
        "redemption_deadline": case.redemption_deadline,
        "eviction_date": case.eviction_date,
        "opened_at": case.opened_at,
    }


def case_detail(
    case: Case,
    *,
    notices: list[dict[str, Any]],
    checklist: list[ChecklistItem],
    outreach: dict[str, list[Any]],
    interventions: list[Any],
    deadlines: list[rules.Deadline],
    now: datetime,
) -> dict[str, Any]:
    next_deadline = rules.next_legal_deadline(deadlines, now)
    return {
        **case_summary(case),
        "channel": case.channel,
        "tenant": {
            "personal_number": case.personal_number,
            "name": case.tenant_name,
            "phone": case.tenant_phone,
        },
        "address": {
            "street": case.street,
            "postal_code": case.postal_code,
            "city": case.city,
            "apartment_number": case.apartment_number,
        },
        "opened_by": case.opened_by,
        "deadlines": deadline_views(deadlines, now),
        "next_legal_deadline": (
            None
            if next_deadline is None
            else {"name": next_deadline.name, "due_at": next_deadline.due_at}
        ),
        "notices": notices,
        "checklist": [checklist_view(item) for item in checklist],
        "outreach": {
            "contact_attempts": [
                {
                    "id": a.id,
                    "method": a.method,
                    "result": a.result,
                    "attempted_at": a.attempted_at,
                    "recorded_by": a.recorded_by,
                    "note": a.note,
                }
                for a in outreach["contact_attempts"]
            ],
            "assignments": [
                {
                    "assignment_id": a.id,
                    "staff": a.staff,
                    "assigned_at": a.assigned_at,
                    "assigned_by": a.assigned_by,
                    "due_at": a.due_at,
                    "first_visit_at": a.first_visit_at,
                    "overdue": a.first_visit_at is None and now > a.due_at,
                    "started_within_48h": a.first_visit_at is not None
                    and a.first_visit_at <= a.due_at,
                }
                for a in outreach["assignments"]
            ],
            "visits": [
                {
                    "visit_id": v.id,
                    "assignment_id": v.assignment_id,
                    "visited_at": v.visited_at,
                    "staff": v.staff,
                    "outcome": v.outcome,
                    "note": v.note,
                }
                for v in outreach["visits"]
            ],
            "meetings": [
                {
                    "meeting_id": m.id,
                    "kind": m.kind,
                    "scheduled_at": m.scheduled_at,
                    "booked_by": m.booked_by,
                    "note": m.note,
                }
                for m in outreach["meetings"]
            ],
            "consents": [
                {
                    "consent_id": c.id,
                    "scopes": c.scopes,
                    "given_at": c.given_at,
                    "recorded_by": c.recorded_by,
                    "withdrawn_at": c.withdrawn_at,
                }
                for c in outreach["consents"]
            ],
            "letters": [
                {
                    "letter": lr.letter,
                    "requested_at": lr.requested_at,
                    "requested_by": lr.requested_by,
                    "visit_at": lr.visit_at,
                }
                for lr in outreach["letters"]
            ],
        },
        "interventions": [
            {
                "intervention_id": i.id,
                "kind": i.kind,
                "label": INTERVENTION_LABELS_SV.get(i.kind, i.kind),
                "started_at": i.started_at,
                "recorded_by": i.recorded_by,
                "note": i.note,
            }
            for i in interventions
        ],
        "outcome": (
            None
            if case.status != "closed"
            else {
                "outcome": case.outcome,
                "reason_code": case.outcome_reason_code,
                "reason_text": case.outcome_reason_text,
                "open_items_reason": case.open_items_reason,
                "children_affected": case.children_affected,
                "closed_at": case.closed_at,
                "closed_by": case.closed_by,
            }
        ),
    }
