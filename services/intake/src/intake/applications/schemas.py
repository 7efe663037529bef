"""Registration of an application, and the views of it a portal reads."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from bostad_common.events.vocabulary import HousingType, IntakeChannel, StaffUnit
from bostad_common.personnummer import PersonalNumberField
from intake.applications.rules import ApplicationStatus
from intake.assessment.schemas import (
    InformationRequestRead,
    LandlordJudgementRead,
    MeetingRead,
)
from intake.certificates.schemas import CertificateRead
from intake.decisions.schemas import DecisionRead
from intake.households.schemas import HouseholdIn, HouseholdRead
from intake.investigations.schemas import InvestigationRead
from intake.schemas_common import Body, DistrictCode, ShortText, Text, View


class AreaWishIn(Body):
    area: ShortText
    reason: Text


class ApartmentTypeWishIn(Body):
    apartment_type: ShortText  # e.g. "2 rok", "markplan"
    reason: Text


class ApplicationCreate(Body):
    district: DistrictCode
    housing_type: HousingType
    channel: IntakeChannel
    household: HouseholdIn
    area_wishes: Annotated[list[AreaWishIn], Field(default_factory=list, max_length=10)]
    apartment_type_wishes: Annotated[
        list[ApartmentTypeWishIn], Field(default_factory=list, max_length=10)
    ]
    rooms_needed: int | None = Field(default=None, ge=1, le=10)
    lss_decision: bool = False
    other_ways_ruled_out: bool | None = None
    other_ways_note: Text | None = None
    nominating_unit: StaffUnit | None = None


class ApplicationSearch(Body):
    """Search by personal number: a POST body, so the number never appears in a URL."""

    personal_number: PersonalNumberField


class Withdraw(Body):
    reason: Text


class AreaWishRead(View):
    area: str
    reason: str


class ApartmentTypeWishRead(View):
    apartment_type: str
    reason: str


class ApplicationSummary(View):
    application_id: str
    district: str
    status: ApplicationStatus
    housing_type: str
    channel: IntakeChannel
    path: str
    client_status: str
    applicant_name: str
    personal_number_masked: str
    registered_at: datetime
    registered_by: str
    housing_officer: str | None
    status_since: datetime
    waiting_for_information: str | None = None
    waiting_for_information_since: datetime | None = None


class ApplicationList(View):
    items: list[ApplicationSummary]


class ApplicationPage(View):
    items: list[ApplicationSummary]
    total: int
    limit: int
    offset: int


class ApplicationDetail(ApplicationSummary):
    household: HouseholdRead
    area_wishes: list[AreaWishRead]
    apartment_type_wishes: list[ApartmentTypeWishRead]
    rooms_needed: int | None
    lss_decision: bool
    other_ways_ruled_out: bool | None
    other_ways_note: str | None
    nominating_unit: str | None
    allowed_actions: list[str]
    certificates: list[CertificateRead]
    investigation: InvestigationRead | None
    meetings: list[MeetingRead]
    information_requests: list[InformationRequestRead]
    landlord_judgement: LandlordJudgementRead | None
    decision: DecisionRead | None


class ApplicationRegistered(View):
    application_id: str
    household_id: str
    status: ApplicationStatus
    path: str


class StatusChanged(View):
    application_id: str
    status: ApplicationStatus
    status_since: datetime


class DecisionDate(View):
    on: date
