"""The household as registered with an application, and as read back."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from bostad_common.events.vocabulary import LegalSex
from bostad_common.personnummer import PersonalNumberField
from intake.households.models import DebtKind, MemberKind
from intake.schemas_common import Body, ShortText, Text, View

# How the household lives now (issue 10 point 1; seed 000: "skall vara bostadslös
# eller ha icke godkänt andrahandskontrakt").
CurrentHousing = Literal["homeless", "non_approved_second_hand", "emergency_placement", "other"]
# Nuvarande försörjningsform (seed 000, the tenth point of the investigation).
MeansOfSupport = Literal[
    "employment",
    "financial_assistance",
    "pension",
    "sickness_or_activity_compensation",
    "unemployment_benefit",
    "student_aid",
    "other",
    "none",
]
ClientStatusIn = Literal["client", "non_client"]
# Amounts in öre; the columns are 32-bit (20 MSEK is beyond any household here).
MAX_ORE = 2_000_000_000
Phone = Annotated[str, Field(pattern=r"^\+?[0-9 ()-]{5,30}$")]
Email = Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=200)]


class ApplicantIn(Body):
    personal_number: PersonalNumberField
    name: ShortText
    phone: Phone | None = None
    email: Email | None = None


class MemberIn(Body):
    kind: MemberKind
    name: ShortText
    birth_date: date


class DebtIn(Body):
    kind: DebtKind
    amount_ore: int = Field(ge=0, le=MAX_ORE)
    creditor: ShortText | None = None


class HouseholdIn(Body):
    applicant: ApplicantIn
    members: Annotated[list[MemberIn], Field(default_factory=list, max_length=20)]
    client_status: ClientStatusIn
    current_housing: CurrentHousing
    current_housing_note: Text | None = None
    # What the emergency placement (hotel, jour) costs social services per night.
    emergency_cost_per_night_ore: int | None = Field(default=None, ge=0, le=MAX_ORE)
    means_of_support: MeansOfSupport
    debts: Annotated[list[DebtIn], Field(default_factory=list, max_length=50)]
    registered_in_municipality: bool | None = None
    accessibility_needs: Annotated[list[ShortText], Field(default_factory=list, max_length=20)]
    investments_ore: int = Field(default=0, ge=0, le=MAX_ORE)


class ApplicantRead(View):
    personal_number: str
    personal_number_masked: str
    name: str
    phone: str | None
    email: str | None
    birth_date: date
    legal_sex: LegalSex


class MemberRead(View):
    kind: MemberKind
    name: str
    birth_date: date


class DebtRead(View):
    kind: DebtKind
    amount_ore: int
    creditor: str | None


class HouseholdRead(View):
    household_id: str
    applicant: ApplicantRead
    members: list[MemberRead]
    household_size: int
    client_status: str
    current_housing: str
    current_housing_note: str | None
    emergency_cost_per_night_ore: int | None
    means_of_support: str
    debts: list[DebtRead]
    debts_total_ore: int
    registered_in_municipality: bool | None
    accessibility_needs: list[str]
    investments_ore: int
