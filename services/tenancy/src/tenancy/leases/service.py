"""Lease use cases: created from allocation's TenancyToBeSigned, signed, rent changed.

Each use case runs inside the caller's unit of work and adds its event to the
outbox there, so the state change and the event commit together.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.db_types import insert_if_absent
from bostad_common.domain_errors import Conflict, NotFound
from bostad_common.events import make_event
from bostad_common.events.allocation import TenancyToBeSignedV1
from bostad_common.events.tenancy import LeaseSignedV1
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import add_to_outbox
from bostad_common.personnummer import PersonalNumber
from tenancy.leases.models import Counter, HeadLease, Lease, RentChange
from tenancy.leases.rules import terms_for

SOURCE = "/bostad/tenancy"
LEASE_NUMBER_COUNTER = "lease_number"


async def next_numbers(session: AsyncSession, name: str, count: int = 1) -> int:
    """Reserve `count` consecutive numbers; returns the first. Row-locked by the UPDATE."""
    await insert_if_absent(session, Counter, {"name": name, "value": 0}, ["name"])
    result = await session.execute(
        update(Counter)
        .where(Counter.name == name)  # type: ignore[arg-type]
        .values(value=Counter.value + count)
        .returning(Counter.value)
    )
    return int(result.scalar_one()) - count + 1


async def lease_awaiting_signature(session: AsyncSession, payload: TenancyToBeSignedV1) -> Lease:
    """Allocation's TenancyToBeSigned → a head lease and a sublease awaiting signature.

    Idempotent by offer: a second delivery of the same offer returns the same lease.
    """
    existing = (
        await session.execute(select(Lease).where(Lease.offer_id == payload.offer_id))  # type: ignore[arg-type]
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    person = PersonalNumber.parse(payload.tenant.personal_number)
    apartment = payload.apartment
    if apartment.rent_ore < 0:
        raise FieldErrors([{"field": "apartment.rent_ore", "message": "rent must not be negative"}])
    head = HeadLease(
        district=payload.district,
        apartment_id=apartment.apartment_id,
        landlord_id=apartment.landlord_id,
        street=apartment.street,
        postal_code=apartment.postal_code,
        city=apartment.city,
        apartment_number=apartment.apartment_number,
        rooms=apartment.rooms,
        size_m2=apartment.size_m2,
        rent_ore=apartment.rent_ore,
        start_date=payload.move_in_date,
    )
    session.add(head)
    lease = Lease(
        district=payload.district,
        lease_number=await next_numbers(session, LEASE_NUMBER_COUNTER),
        head_lease_id=head.id,
        household_id=payload.household_id,
        decision_id=payload.decision_id,
        offer_id=payload.offer_id,
        apartment_id=apartment.apartment_id,
        housing_type=payload.housing_type,
        includes_housing_support=payload.includes_housing_support,
        household_size=payload.household_size,
        tenant_personal_number=person.canonical,
        tenant_name=payload.tenant.name,
        tenant_phone=payload.tenant.phone,
        tenant_email=payload.tenant.email,
        terms=terms_for(payload.housing_type).as_dict(),
        start_date=payload.move_in_date,
    )
    session.add(lease)
    await session.flush()
    # Decision (README): the municipality sublets at the rent it pays the landlord.
    session.add(
        RentChange(
            district=lease.district,
            lease_id=lease.id,
            effective_from=lease.start_date,
            rent_ore=apartment.rent_ore,
            changed_by="system",
        )
    )
    await session.flush()
    return lease


async def get_lease(session: AsyncSession, lease_id: str) -> Lease:
    lease = await session.get(Lease, lease_id)
    if lease is None:
        raise NotFound("lease not found")
    return lease


async def head_lease_of(session: AsyncSession, lease: Lease) -> HeadLease:
    head = await session.get(HeadLease, lease.head_lease_id)
    if head is None:  # pragma: no cover - foreign key
        raise NotFound("head lease not found")
    return head


async def sign(
    session: AsyncSession,
    actor: Actor,
    lease_id: str,
    *,
    signed_on: date,
    keys_handed_over_on: date,
    caseworker: str | None,
    now: datetime,
) -> Lease:
    """Seed 000: the housing officer signs the sublease with the tenant and hands over the keys."""
    lease = await get_lease(session, lease_id)
    if lease.status != "awaiting_signature":
        raise Conflict("the lease is already signed")
    if keys_handed_over_on < signed_on:
        raise FieldErrors(
            [
                {
                    "field": "keys_handed_over_on",
                    "message": "keys cannot be handed over before signing",
                }
            ]
        )
    lease.status = "active"
    lease.signed_at = now
    lease.signed_by = actor.name
    lease.keys_handed_over_on = keys_handed_over_on
    lease.caseworker = caseworker
    event = LeaseSignedV1(
        lease_id=lease.id,
        head_lease_id=lease.head_lease_id,
        household_id=lease.household_id,
        decision_id=lease.decision_id,
        offer_id=lease.offer_id,
        apartment_id=lease.apartment_id,
        district=lease.district,
        housing_type=lease.housing_type,  # type: ignore[arg-type]
        start_date=lease.start_date,
        signed_by=actor.name,
    )
    await add_to_outbox(
        session, make_event(event, source=SOURCE, subject=lease.id, district=lease.district)
    )
    await session.flush()
    return lease


async def change_rent(
    session: AsyncSession,
    actor: Actor,
    lease_id: str,
    *,
    effective_from: date,
    rent_ore: int,
) -> RentChange:
    """A new monthly rent from a date (rent runs of later months use it)."""
    if rent_ore < 0:
        raise FieldErrors([{"field": "rent_ore", "message": "rent must not be negative"}])
    lease = await get_lease(session, lease_id)
    if effective_from < lease.start_date:
        raise FieldErrors([{"field": "effective_from", "message": "before the lease starts"}])
    if lease.status == "ended":
        raise Conflict("the lease has ended")
    exists = (
        await session.execute(
            select(RentChange).where(
                RentChange.lease_id == lease.id,  # type: ignore[arg-type]
                RentChange.effective_from == effective_from,  # type: ignore[arg-type]
            )
        )
    ).scalar_one_or_none()
    if exists is not None:
        raise Conflict("a rent change from that date exists already")
    change = RentChange(
        district=lease.district,
        lease_id=lease.id,
        effective_from=effective_from,
        rent_ore=rent_ore,
        changed_by=actor.name,
    )
    session.add(change)
    await session.flush()
    return change


async def rent_changes_of(session: AsyncSession, lease_id: str) -> list[RentChange]:
    rows = await session.execute(
        select(RentChange)
        .where(RentChange.lease_id == lease_id)  # type: ignore[arg-type]
        .order_by(RentChange.effective_from)  # type: ignore[arg-type]
    )
    return list(rows.scalars())


async def list_leases(
    session: AsyncSession,
    *,
    district: str | None,
    status: str | None,
    caseworker: str | None,
    limit: int,
    offset: int,
) -> list[Lease]:
    query = select(Lease).order_by(Lease.lease_number)  # type: ignore[arg-type]
    if district:
        query = query.where(Lease.district == district)  # type: ignore[arg-type]
    if status:
        query = query.where(Lease.status == status)  # type: ignore[arg-type]
    if caseworker:
        query = query.where(Lease.caseworker == caseworker)  # type: ignore[arg-type]
    rows = await session.execute(query.limit(limit).offset(offset))
    return list(rows.scalars())
