"""The pool: households with a granted decision, waiting for an apartment.

Seed 000: "Ingen kö finns" — everyone approved has in principle the same place
until an apartment is free, so there is no queue number and no order here;
a round ranks the pool only when a vacancy asks for it.

The lease party's personal number and name are kept only to hand them on in
`TenancyToBeSigned` (the lease must name its tenant); no pool or ranking view
shows them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal, get_args

from sqlalchemy import JSON, Index, String
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, utcnow

# waiting: in the pool; housed: lease signed; ended: the decision ended (reason kept)
HouseholdStatus = Literal["waiting", "housed", "ended"]
HOUSEHOLD_STATUSES: tuple[str, ...] = get_args(HouseholdStatus)


class Household(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "pool_households"
    __table_args__ = (Index("ix_pool_households_district_status", "district", "status"),)

    id: str = Field(primary_key=True, max_length=64)  # intake's household_id
    decision_id: str = Field(max_length=64, unique=True)
    application_id: str = Field(max_length=64)
    housing_type: str = Field(max_length=32)
    decided_on: date
    decided_by: str = Field(max_length=200)
    is_bistandsbeslut: bool
    legal_reference: str | None = Field(default=None, max_length=200)
    includes_housing_support: bool = False
    # NeedsProfile as intake sent it (birth date and legal sex, never the number).
    needs: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    children: int = 0
    applicant_birth_date: date
    applicant_legal_sex: str = Field(max_length=8)
    nominating_unit: str | None = Field(default=None, max_length=64)
    # Lease party: only for TenancyToBeSigned.
    personal_number: str = Field(sa_column=Column(String(13), nullable=False))
    tenant_name: str = Field(max_length=200)
    tenant_phone: str | None = Field(default=None, max_length=40)
    tenant_email: str | None = Field(default=None, max_length=200)
    status: str = Field(default="waiting", max_length=16)
    joined_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    left_on: date | None = None
    left_reason: str | None = Field(default=None, max_length=64)
