"""Payloads of the events allocation publishes (past tense, versioned).

Coordinators and unit managers are told through notifications; tenancy signs
the lease from `TenancyToBeSigned`, the only one of these that carries a
personal identity number (the lease must name its tenant).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from bostad_common.events.intake import LeaseParty
from bostad_common.events.registry import EVENTS
from bostad_common.events.topics import ALLOCATION_EVENTS
from bostad_common.events.vocabulary import HousingType, OfferDecliner, StaffUnit


class VacancyOpenedV1(BaseModel):
    """A round opened: the district's coordinators may nominate until the deadline."""

    vacancy_id: str
    round_id: str
    apartment_id: str
    district: str
    housing_type: HousingType
    rooms: int
    area: str
    nomination_deadline: datetime
    opened_by: str


class RoundDecidedV1(BaseModel):
    """The unit managers agreed (or the decision-maker decided); the list is frozen."""

    round_id: str
    vacancy_id: str
    district: str
    priority_list: list[str]  # household ids, first to be asked first
    decided_via: Literal["consensus", "decision_maker"]
    decided_by: list[str]  # staff user ids of those who approved or decided
    motivation: str


class OfferDeclinedV1(BaseModel):
    offer_id: str
    round_id: str
    household_id: str
    district: str
    declined_by: OfferDecliner
    reason: str


class OfferAcceptedV1(BaseModel):
    """Seed 000: "återkoppla till samordnarna vem som fick kontraktet och motivet"."""

    offer_id: str
    round_id: str
    vacancy_id: str
    household_id: str
    district: str
    motivation: str
    nominating_unit: StaffUnit | None = None


class ApartmentForLease(BaseModel):
    apartment_id: str
    landlord_id: str
    street: str
    postal_code: str
    city: str
    apartment_number: str | None = None
    rooms: int
    size_m2: int
    rent_ore: int = Field(ge=0)  # the head lease's monthly rent


class TenancyToBeSignedV1(BaseModel):
    """The landlord and the household accepted: the housing officer signs the lease."""

    offer_id: str
    round_id: str
    household_id: str
    decision_id: str
    district: str
    housing_type: HousingType
    includes_housing_support: bool
    tenant: LeaseParty
    household_size: int = Field(ge=1)
    apartment: ApartmentForLease
    move_in_date: date


class DecisionNotExecutedWarningV1(BaseModel):
    """A granted biståndsbeslut nears (or passed) the three-month mark unexecuted."""

    decision_id: str
    household_id: str
    district: str
    decided_on: date
    days_waited: int
    warning_day: int  # the configured mark that fired, e.g. 60 or 80
    three_months_on: date


class IvoReportDueV1(BaseModel):
    """A reporting period has individual reports to send to IVO."""

    district: str
    period: str  # e.g. "2027-Q1"
    due_on: date
    new_reports: int
    repeated_reports: int
    closing_reports: int


VACANCY_OPENED = EVENTS.register("VacancyOpened", 1, VacancyOpenedV1, ALLOCATION_EVENTS)
ROUND_DECIDED = EVENTS.register("RoundDecided", 1, RoundDecidedV1, ALLOCATION_EVENTS)
OFFER_DECLINED = EVENTS.register("OfferDeclined", 1, OfferDeclinedV1, ALLOCATION_EVENTS)
OFFER_ACCEPTED = EVENTS.register("OfferAccepted", 1, OfferAcceptedV1, ALLOCATION_EVENTS)
TENANCY_TO_BE_SIGNED = EVENTS.register(
    "TenancyToBeSigned", 1, TenancyToBeSignedV1, ALLOCATION_EVENTS
)
DECISION_NOT_EXECUTED_WARNING = EVENTS.register(
    "DecisionNotExecutedWarning", 1, DecisionNotExecutedWarningV1, ALLOCATION_EVENTS
)
IVO_REPORT_DUE = EVENTS.register("IvoReportDue", 1, IvoReportDueV1, ALLOCATION_EVENTS)
