"""Payloads of the events intake publishes (past tense, versioned).

Allocation ranks its pool on `NeedsProfile` and hands the lease party on to
tenancy; notifications routes every event to the people who act next. Only
`HousingDecisionGranted` carries a personal identity number, inside
`LeaseParty`, because the household's lease must name the tenant (ARCHITECTURE.md,
"Personal data between services"); allocation keeps it for that hand-over only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from bostad_common.events.registry import EVENTS
from bostad_common.events.tenancy import LetterAddress
from bostad_common.events.topics import INTAKE_EVENTS
from bostad_common.events.vocabulary import (
    DecisionEndReason,
    HousingType,
    IntakeChannel,
    LegalSex,
    StaffUnit,
)

ClientStatus = Literal["client", "non_client"]  # seed 000: "klient" / "ej klient"
# Seed 000's two paths: a client's certificate is always complemented by an
# investigation (utredning); a non-client's (and the LSS group's) goes straight
# to the housing officer.
IntakePath = Literal["investigation", "certificate_only"]


class ApplicationRegisteredV1(BaseModel):
    application_id: str
    household_id: str
    district: str
    housing_type: HousingType
    channel: IntakeChannel
    client_status: ClientStatus
    path: IntakePath
    registered_at: datetime
    registered_by: str  # staff user id


class InvestigationApprovedV1(BaseModel):
    """The coordinator signed the investigation; it now goes to the housing officer."""

    application_id: str
    investigation_id: str
    district: str
    housing_type: HousingType
    approved_by: str  # the coordinator's staff user id
    approved_at: datetime
    housing_officer: str | None = None  # staff user id, when one is assigned


class AreaWish(BaseModel):
    area: str
    reason: str


class NeedsProfile(BaseModel):
    """What allocation ranks a household on, and what IVO's report needs.

    Birth date and legal sex, never the personal number: the IVO id
    `ÅÅÅÅMMDD-T123` is built from them.
    """

    household_size: int = Field(ge=1)
    adults: int = Field(ge=1)
    children_birth_dates: list[date] = []
    rooms_needed: int | None = Field(default=None, ge=1)
    accessibility_needs: list[str] = []  # e.g. "lift", "ground_floor", "wheelchair"
    area_wishes: list[AreaWish] = []
    apartment_type_wishes: list[str] = []
    emergency_cost_per_night_ore: int | None = Field(default=None, ge=0)
    investments_ore: int = Field(default=0, ge=0)  # already spent on the household
    applicant_birth_date: date
    applicant_legal_sex: LegalSex
    nominating_unit: StaffUnit | None = None


class LeaseParty(BaseModel):
    """Who the sublease will name; carried to tenancy through allocation."""

    personal_number: str
    name: str
    phone: str | None = None
    email: str | None = None


class HousingDecisionGrantedV1(BaseModel):
    decision_id: str
    application_id: str
    household_id: str
    district: str
    housing_type: HousingType
    decided_on: date
    decided_by: str
    # Only a granted biståndsbeslut starts allocation's three-month clock
    # (DOMAIN.md §2); whether one is, is district configuration per housing type.
    is_bistandsbeslut: bool
    legal_reference: str | None
    # Seed 002: a training apartment comes as a package with housing support.
    includes_housing_support: bool
    needs: NeedsProfile
    lease_party: LeaseParty
    # Optional (added for notifications): where the applicant gets post; when
    # given, notifications sends seed 000's "there is no queue" letter.
    letter_address: LetterAddress | None = Field(
        default=None, exclude_if=lambda value: value is None
    )


class HousingDecisionRejectedV1(BaseModel):
    decision_id: str
    application_id: str
    household_id: str
    district: str
    housing_type: HousingType
    decided_on: date
    decided_by: str


class DecisionEndedV1(BaseModel):
    """A granted decision no longer waits for housing (the household leaves the pool)."""

    decision_id: str
    household_id: str
    district: str
    ended_on: date
    reason: DecisionEndReason


APPLICATION_REGISTERED = EVENTS.register(
    "ApplicationRegistered", 1, ApplicationRegisteredV1, INTAKE_EVENTS
)
INVESTIGATION_APPROVED = EVENTS.register(
    "InvestigationApproved", 1, InvestigationApprovedV1, INTAKE_EVENTS
)
HOUSING_DECISION_GRANTED = EVENTS.register(
    "HousingDecisionGranted", 1, HousingDecisionGrantedV1, INTAKE_EVENTS
)
HOUSING_DECISION_REJECTED = EVENTS.register(
    "HousingDecisionRejected", 1, HousingDecisionRejectedV1, INTAKE_EVENTS
)
DECISION_ENDED = EVENTS.register("DecisionEnded", 1, DecisionEndedV1, INTAKE_EVENTS)
