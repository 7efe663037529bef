"""Request and response bodies of the lease API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from bostad_common.events.vocabulary import HousingType
from tenancy.leases.models import HeadLease, HeadLeaseStatus, Lease, LeaseStatus, RentChange


class LeaseTermsView(BaseModel):
    period_months: int
    renewed_automatically: bool
    notice_weeks: int
    training_period_min_years: int | None
    training_period_max_years: int | None
    statement: str = Field(
        description="Shown to the tenant: an intervention, not a first-hand lease"
    )


class RentChangeView(BaseModel):
    effective_from: date
    rent_ore: int
    changed_by: str


class HeadLeaseView(BaseModel):
    head_lease_id: str
    landlord_id: str
    street: str
    postal_code: str
    city: str
    apartment_number: str | None
    rooms: int
    size_m2: int
    rent_ore: int
    status: HeadLeaseStatus


class LeaseSummary(BaseModel):
    lease_id: str
    lease_number: int
    district: str
    household_id: str
    decision_id: str
    apartment_id: str
    housing_type: HousingType
    tenant_name: str
    caseworker: str | None
    status: LeaseStatus
    start_date: date
    end_date: date | None


class LeaseDetail(LeaseSummary):
    offer_id: str | None
    includes_housing_support: bool
    household_size: int
    terms: LeaseTermsView
    head_lease: HeadLeaseView
    rents: list[RentChangeView]
    signed_at: datetime | None
    signed_by: str | None
    keys_handed_over_on: date | None


class SignLease(BaseModel):
    signed_on: date
    keys_handed_over_on: date
    caseworker: str | None = Field(default=None, max_length=200, description="user id")


class NewRent(BaseModel):
    effective_from: date
    rent_ore: int = Field(ge=0)


def summary(lease: Lease) -> LeaseSummary:
    return LeaseSummary(
        lease_id=lease.id,
        lease_number=lease.lease_number,
        district=lease.district,
        household_id=lease.household_id,
        decision_id=lease.decision_id,
        apartment_id=lease.apartment_id,
        housing_type=lease.housing_type,  # type: ignore[arg-type]
        tenant_name=lease.tenant_name,
        caseworker=lease.caseworker,
        status=lease.status,  # type: ignore[arg-type]
        start_date=lease.start_date,
        end_date=lease.end_date,
    )


def detail(lease: Lease, head: HeadLease, rents: list[RentChange]) -> LeaseDetail:
    return LeaseDetail(
        **summary(lease).model_dump(),
        offer_id=lease.offer_id,
        includes_housing_support=lease.includes_housing_support,
        household_size=lease.household_size,
        terms=LeaseTermsView(**lease.terms),
        head_lease=HeadLeaseView(
            head_lease_id=head.id,
            landlord_id=head.landlord_id,
            street=head.street,
            postal_code=head.postal_code,
            city=head.city,
            apartment_number=head.apartment_number,
            rooms=head.rooms,
            size_m2=head.size_m2,
            rent_ore=head.rent_ore,
            status=head.status,  # type: ignore[arg-type]
        ),
        rents=[
            RentChangeView(
                effective_from=r.effective_from, rent_ore=r.rent_ore, changed_by=r.changed_by
            )
            for r in rents
        ],
        signed_at=lease.signed_at,
        signed_by=lease.signed_by,
        keys_handed_over_on=lease.keys_handed_over_on,
    )
