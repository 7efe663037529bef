"""Payloads of the events tenancy publishes."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from bostad_common.events.registry import EVENTS
from bostad_common.events.topics import TENANCY_EVENTS


class TenantAddress(BaseModel):
    street: str
    postal_code: str
    city: str
    apartment_number: str | None = None


class RentArrearsRegisteredV1(BaseModel):
    """A municipal sublet tenant has unpaid rent: eviction-prevention opens a case.

    Carries the tenant's personal number because the receiving service must
    find or open the household's case; it never leaves the platform's topics.
    """

    lease_id: str
    district: str
    tenant_personal_number: str
    tenant_name: str
    address: TenantAddress
    months_unpaid: int
    amount_ore: int
    as_of: date
    children: int | None = None


RENT_ARREARS_REGISTERED = EVENTS.register(
    "RentArrearsRegistered", 1, RentArrearsRegisteredV1, TENANCY_EVENTS
)
