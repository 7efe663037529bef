"""Helpers shared by tenancy's tests (the bostad_devkit test kit of tenancy)."""

from __future__ import annotations

import uuid
from datetime import date

from bostad_common.events import make_event
from bostad_common.events.allocation import ApartmentForLease, TenancyToBeSignedV1
from bostad_common.events.envelope import CloudEvent
from bostad_common.events.intake import LeaseParty
from bostad_devkit.testing import wait_for as wait_for

BROMMA_BANKGIRO = "50501055"
SKARHOLMEN_BANKGIRO = "50502061"


def with_check_digit(nine: str) -> str:
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return nine + str((10 - total % 10) % 10)


def personal_number(birth: str, serial: str) -> str:
    """birth YYYYMMDD, serial NNN → a valid-in-form fictional YYYYMMDD-NNNC."""
    return f"{birth}-{with_check_digit(birth[2:] + serial)[6:]}"


def tenancy_to_be_signed(
    *,
    district: str = "bromma",
    rent_ore: int = 600_000,
    move_in: date = date(2027, 1, 1),
    pn: str | None = None,
    name: str = "Tolvan Tolvansson",
    housing_type: str = "social_contract",
) -> TenancyToBeSignedV1:
    run = uuid.uuid4().hex[:8]
    return TenancyToBeSignedV1(
        offer_id=f"offer-{run}",
        round_id=f"round-{run}",
        household_id=f"household-{run}",
        decision_id=f"decision-{run}",
        district=district,
        housing_type=housing_type,  # type: ignore[arg-type]
        includes_housing_support=housing_type == "training_apartment",
        tenant=LeaseParty(personal_number=pn or personal_number("19121212", "121"), name=name),
        household_size=1,
        apartment=ApartmentForLease(
            apartment_id=f"apt-{run}",
            landlord_id="stadsfastigheter",
            street="Exempelgatan 1",
            postal_code="16731",
            city="Bromma" if district == "bromma" else "Skärholmen",
            apartment_number="1102",
            rooms=2,
            size_m2=48,
            rent_ore=rent_ore,
        ),
        move_in_date=move_in,
    )


def as_event(payload: TenancyToBeSignedV1) -> CloudEvent:
    return make_event(
        payload, source="/bostad/allocation", subject=payload.offer_id, district=payload.district
    )
