"""What tenancy tells us about leases, kept for seed 002's outcome figures.

Seed 002 measures: tenants of training apartments who move on to independent
housing, apartments reused ("faktisk inflyttning", an actual move-in, not just
a vacancy), not-executed decisions, and first-hand takeovers.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import new_id


class LeaseRecord(DistrictOwned, table=True):
    """A sublease tenancy signed (`LeaseSigned`), and how it ended (`LeaseEnded`)."""

    __tablename__: ClassVar[Any] = "lease_records"

    lease_id: str = Field(primary_key=True, max_length=64)
    household_id: str = Field(max_length=64, index=True)
    apartment_id: str = Field(max_length=64, index=True)
    housing_type: str | None = Field(default=None, max_length=32)
    start_date: date | None = None
    ended_on: date | None = None
    end_reason: str | None = Field(default=None, max_length=32)


class VacatedRecord(DistrictOwned, table=True):
    """A tenant moved out (`ApartmentVacated`): the apartment can be reused."""

    __tablename__: ClassVar[Any] = "vacated_records"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    apartment_id: str = Field(max_length=64, index=True)
    lease_id: str = Field(max_length=64, unique=True)
    vacated_on: date


class TakeoverRecord(DistrictOwned, table=True):
    """The tenant took over the first-hand lease (`ApartmentLeftPool`)."""

    __tablename__: ClassVar[Any] = "takeover_records"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    apartment_id: str = Field(max_length=64, index=True)
    lease_id: str = Field(max_length=64, unique=True)
    household_id: str = Field(max_length=64)
    left_on: date
