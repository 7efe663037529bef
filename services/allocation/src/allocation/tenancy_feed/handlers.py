"""Tenancy's events: leases signed and ended, apartments vacated, ready, or taken over.

- `LeaseSigned`: the household is housed (leaves the pool), the decision is
  executed (the clock stops), the offer and round are completed, the apartment is let.
- `ApartmentVacated`: the apartment waits for inspection and renovation; kept
  for seed 002's reuse figure.
- `ApartmentReady`: inspected and renovated — a vacancy opens.
- `ApartmentLeftPool`: a takeover; the apartment is no longer ours to offer.
- `LeaseEnded`: kept for seed 002's "moved on to independent housing".
One consumer group, the idempotency inbox, and idempotent use cases.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.apartments import service as apartments
from allocation.apartments.models import Apartment
from allocation.clock import service as clocks
from allocation.offers import service as offers
from allocation.pool import service as pool
from allocation.reports.models import LeaseRecord, TakeoverRecord, VacatedRecord
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db_types import insert_if_absent, new_id, utcnow
from bostad_common.events import CloudEvent
from bostad_common.events.tenancy import (
    ApartmentLeftPoolV1,
    ApartmentReadyV1,
    ApartmentVacatedV1,
    LeaseEndedV1,
    LeaseSignedV1,
)
from bostad_common.events.topics import TENANCY_EVENTS
from bostad_common.messaging import PoisonMessage, consumer_options, subscribe_events
from bostad_common.service import ServiceContext

GROUP_ID = "allocation.tenancy-feed"
EVENT_TYPES = {
    "LeaseSigned",
    "ApartmentVacated",
    "ApartmentReady",
    "ApartmentLeftPool",
    "LeaseEnded",
}


async def _lease(session: AsyncSession, lease_id: str, **values: object) -> LeaseRecord:
    lease = await session.get(LeaseRecord, lease_id)
    if lease is None:
        lease = LeaseRecord(lease_id=lease_id, **values)  # type: ignore[arg-type]
        session.add(lease)
    await session.flush()
    return lease


async def lease_signed(session: AsyncSession, payload: LeaseSignedV1) -> None:
    now = utcnow()
    lease = await _lease(
        session,
        payload.lease_id,
        household_id=payload.household_id,
        apartment_id=payload.apartment_id,
        district=payload.district,
    )
    lease.housing_type, lease.start_date = payload.housing_type, payload.start_date
    await pool.mark_housed(session, payload.household_id, on=payload.start_date)
    await clocks.record_execution(session, payload.decision_id, on=payload.start_date, now=now)
    await offers.complete_on_lease(
        session,
        offer_id=payload.offer_id,
        household_id=payload.household_id,
        apartment_id=payload.apartment_id,
        on=payload.start_date,
        now=now,
    )
    apartment = await session.get(Apartment, payload.apartment_id)
    if apartment is not None and apartment.status != "left_pool":
        apartment.status = "let"
    await session.flush()


async def apartment_vacated(session: AsyncSession, payload: ApartmentVacatedV1) -> None:
    await insert_if_absent(
        session,
        VacatedRecord,
        {
            "id": new_id(),
            "apartment_id": payload.apartment_id,
            "lease_id": payload.lease_id,
            "district": payload.district,
            "vacated_on": payload.vacated_on,
        },
        unique=("lease_id",),
    )
    apartment = await session.get(Apartment, payload.apartment_id)
    if apartment is not None and apartment.status == "let":
        apartment.status = "vacated"
        await session.flush()


async def apartment_ready(session: AsyncSession, payload: ApartmentReadyV1) -> None:
    apartment = await session.get(Apartment, payload.apartment_id)
    if apartment is None or apartment.district != payload.district:
        raise PoisonMessage("unknown apartment: register it in allocation first")
    if apartment.status == "left_pool" or await apartments.active_vacancy_of(session, apartment.id):
        return
    apartment.status = "available"
    await apartments.open_vacancy(
        session,
        "tenancy",
        apartment_id=apartment.id,
        available_from=payload.ready_on,
        source="ready",
        now=utcnow(),
    )


async def apartment_left_pool(session: AsyncSession, payload: ApartmentLeftPoolV1) -> None:
    await insert_if_absent(
        session,
        TakeoverRecord,
        {
            "id": new_id(),
            "apartment_id": payload.apartment_id,
            "lease_id": payload.lease_id,
            "household_id": payload.household_id,
            "district": payload.district,
            "left_on": payload.left_on,
        },
        unique=("lease_id",),
    )
    await apartments.take_out_of_pool(session, payload.apartment_id)


async def lease_ended(session: AsyncSession, payload: LeaseEndedV1) -> None:
    lease = await _lease(
        session,
        payload.lease_id,
        household_id=payload.household_id,
        apartment_id=payload.apartment_id,
        district=payload.district,
    )
    lease.ended_on, lease.end_reason = payload.ended_on, payload.reason
    await session.flush()


HANDLERS = {
    LeaseSignedV1: lease_signed,
    ApartmentVacatedV1: apartment_vacated,
    ApartmentReadyV1: apartment_ready,
    ApartmentLeftPoolV1: apartment_left_pool,
    LeaseEndedV1: lease_ended,
}


async def handle_tenancy_event(
    session: AsyncSession, event: CloudEvent, payload: BaseModel
) -> None:
    bind_principal(session, SYSTEM)
    handler = HANDLERS.get(type(payload))
    if handler is not None:
        await handler(session, payload)  # type: ignore[operator]


def register(ctx: ServiceContext) -> None:
    subscribe_events(
        ctx.broker,
        topic=TENANCY_EVENTS,
        group_id=GROUP_ID,
        sessions=ctx.sessions,
        handler=handle_tenancy_event,
        event_types=EVENT_TYPES,
        **consumer_options(ctx.settings),
    )
