"""A household: the applicant, the people who would move in, how they live now.

The applicant's personal number is stored because the lease must name the
tenant (`LeaseParty`); everything else that leaves this service goes as birth
date and legal sex (`NeedsProfile`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import JSON, Column, String, Text
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

MemberKind = Literal["adult", "child"]
DebtKind = Literal["housing_related", "other"]


class Household(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "households"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    applicant_personal_number: str = Field(sa_column=Column(String(13), nullable=False, index=True))
    applicant_name: str = Field(max_length=200)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    # seed 000: "klient" / "ej klient" inom socialtjänsten
    client_status: str = Field(max_length=16)
    # homeless | non_approved_second_hand | emergency_placement | other
    current_housing: str = Field(max_length=32)
    current_housing_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    emergency_cost_per_night_ore: int | None = None
    means_of_support: str = Field(max_length=32)
    registered_in_municipality: bool | None = None  # folkbokförd; None = not yet checked
    accessibility_needs: list[str] = Field(default_factory=list, sa_column=Column(JSON))
    investments_ore: int = 0
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    created_by: str = Field(max_length=200)


class HouseholdMember(DistrictOwned, table=True):
    """Another adult or a child who would move in with the applicant."""

    __tablename__: ClassVar[Any] = "household_members"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    household_id: str = Field(foreign_key="households.id", index=True, max_length=64)
    kind: str = Field(max_length=8)  # a MemberKind
    name: str = Field(max_length=200)
    birth_date: date


class Debt(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "household_debts"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    household_id: str = Field(foreign_key="households.id", index=True, max_length=64)
    kind: str = Field(max_length=16)  # a DebtKind
    amount_ore: int
    creditor: str | None = Field(default=None, max_length=200)
