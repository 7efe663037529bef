from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime

from intake.assessment.models import MeetingStatus
from intake.schemas_common import Body, Text, View

Acceptance = Literal["good", "uncertain", "poor"]


class MeetingBook(Body):
    scheduled_at: AwareDatetime  # with its offset: a meeting is at a time in Sweden


class MeetingHeld(Body):
    notes: Text


class InformationRequestCreate(Body):
    what: Text


class InformationReceived(Body):
    note: Text | None = None


class LandlordJudgementSet(Body):
    acceptance: Acceptance
    reason: Text


class LobbyingSet(Body):
    """Seed 000's lobbying: only with the applicant's consent, recorded."""

    allowed: bool
    consent_given_at: AwareDatetime | None = None


class MeetingRead(View):
    meeting_id: str
    status: MeetingStatus
    scheduled_at: datetime
    booked_by: str
    held_at: datetime | None
    notes: str | None


class InformationRequestRead(View):
    request_id: str
    what: str
    requested_at: datetime
    requested_by: str
    received_at: datetime | None
    received_note: str | None


class LandlordJudgementRead(View):
    acceptance: str | None
    acceptance_reason: str | None
    judged_by: str | None
    judged_at: datetime | None
    lobbying_allowed: bool
    lobbying_consent_given_at: datetime | None
    lobbying_consent_recorded_by: str | None
