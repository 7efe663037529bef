"""Head leases (municipality ↔ landlord), subleases (municipality ↔ client) and rent changes.

DOMAIN.md §3: the municipality holds the head lease (förstahandskontrakt) and
sublets (andrahandskontrakt) to the client. A sublease is created when
allocation says `TenancyToBeSigned` and becomes active when the housing officer
has signed it with the tenant and handed over the keys (seed 000).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import JSON, BigInteger, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

# The municipality's lease with the landlord (förstahandskontrakt); taken_over when
# the tenant takes over the first-hand lease.
HeadLeaseStatus = Literal["active", "ended", "taken_over"]
# The household's lease: awaiting_signature → active → ended.
LeaseStatus = Literal["awaiting_signature", "active", "ended"]


class HeadLease(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "head_leases"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    apartment_id: str = Field(max_length=64, index=True)
    landlord_id: str = Field(max_length=64)
    street: str = Field(max_length=200)
    postal_code: str = Field(max_length=10)
    city: str = Field(max_length=100)
    apartment_number: str | None = Field(default=None, max_length=20)
    rooms: int
    size_m2: int
    # What the municipality pays the landlord each month.
    rent_ore: int = Field(sa_column=Column(BigInteger, nullable=False))
    start_date: date
    end_date: date | None = None
    status: str = Field(default="active", max_length=16)  # a HeadLeaseStatus


class Lease(DistrictOwned, table=True):
    """A sublease: the client's contract with the municipality."""

    __tablename__: ClassVar[Any] = "leases"
    __table_args__ = (
        UniqueConstraint("offer_id", name="uq_leases_offer"),
        Index("ix_leases_district_status", "district", "status"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    # Goes into every OCR reference of the lease (tenancy.rent.rules.invoice_ocr).
    lease_number: int = Field(unique=True)
    head_lease_id: str = Field(foreign_key="head_leases.id", max_length=64)
    household_id: str = Field(max_length=64, index=True)
    decision_id: str = Field(max_length=64)
    offer_id: str | None = Field(default=None, max_length=64)
    apartment_id: str = Field(max_length=64)
    housing_type: str = Field(max_length=32)
    includes_housing_support: bool = False
    household_size: int = 1
    tenant_personal_number: str = Field(sa_column=Column(String(13), nullable=False))
    tenant_name: str = Field(max_length=200)
    tenant_phone: str | None = Field(default=None, max_length=30)
    tenant_email: str | None = Field(default=None, max_length=200)
    caseworker: str | None = Field(default=None, max_length=200, index=True)
    # Terms as data (tenancy.leases.rules.LeaseTerms), copied at creation.
    terms: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="awaiting_signature", max_length=24)  # a LeaseStatus
    start_date: date
    end_date: date | None = None
    end_reason: str | None = Field(default=None, max_length=32)
    signed_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    signed_by: str | None = Field(default=None, max_length=200)
    keys_handed_over_on: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class RentChange(DistrictOwned, table=True):
    """The sublease's monthly rent from a date; the first row is the rent at signing."""

    __tablename__: ClassVar[Any] = "rent_changes"
    __table_args__ = (UniqueConstraint("lease_id", "effective_from", name="uq_rent_change_day"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    lease_id: str = Field(foreign_key="leases.id", max_length=64, index=True)
    effective_from: date
    rent_ore: int = Field(sa_column=Column(BigInteger, nullable=False))
    changed_by: str = Field(max_length=200)
    changed_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class Counter(SQLModel, table=True):
    """Monotonic numbers (lease numbers for OCR references)."""

    __tablename__: ClassVar[Any] = "counters"

    name: str = Field(primary_key=True, max_length=32)
    value: int = 0
