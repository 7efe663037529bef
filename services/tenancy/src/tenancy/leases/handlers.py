"""Allocation's `TenancyToBeSigned`: a sublease awaits the housing officer's signature.

At-least-once delivery is harmless: the consumer's inbox drops a redelivered
event, and the lease is unique per offer.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.events import CloudEvent
from bostad_common.events.allocation import TenancyToBeSignedV1
from bostad_common.events.topics import ALLOCATION_EVENTS
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import PoisonMessage, consumer_options, subscribe_events
from bostad_common.personnummer import InvalidPersonalNumber
from bostad_common.service import ServiceContext
from tenancy.districts import service as districts
from tenancy.leases import service as leases

GROUP_ID = "tenancy.tenancy-to-be-signed"


async def handle_tenancy_to_be_signed(
    session: AsyncSession, event: CloudEvent, payload: BaseModel
) -> None:
    assert isinstance(payload, TenancyToBeSignedV1)
    bind_principal(session, SYSTEM)
    if await districts.get(session, payload.district) is None:
        raise PoisonMessage("unknown district")
    try:
        await leases.lease_awaiting_signature(session, payload)
    except InvalidPersonalNumber as exc:
        raise PoisonMessage(f"tenant.personal_number: {exc}") from None
    except FieldErrors as exc:
        raise PoisonMessage(
            "; ".join(e["field"] + ": " + e["message"] for e in exc.errors)
        ) from None


def register(ctx: ServiceContext) -> None:
    subscribe_events(
        ctx.broker,
        topic=ALLOCATION_EVENTS,
        group_id=GROUP_ID,
        sessions=ctx.sessions,
        handler=handle_tenancy_to_be_signed,
        event_types={"TenancyToBeSigned"},
        **consumer_options(ctx.settings),
    )
