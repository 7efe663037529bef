"""Tenancy's `RentArrearsRegistered`: the municipality's own tenant has unpaid rent.

Becomes a notice (channel `tenancy`, landlord `municipality`, kind
`unpaid_rent`) that opens or joins the household's case, so seed 002's
"nobody followed the payments" cannot happen unnoticed. One notice per lease
and as-of date; the consumer's inbox makes redelivery harmless, and the
(landlord, external_id) key makes a re-sent registration harmless too.
No termination has been served, so there is no återvinningsfrist yet.
"""

from __future__ import annotations

from pydantic import BaseModel, SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db_types import utcnow
from bostad_common.events import CloudEvent
from bostad_common.events.tenancy import RentArrearsRegisteredV1
from bostad_common.events.topics import TENANCY_EVENTS
from bostad_common.messaging import PoisonMessage, consumer_options, subscribe_events
from bostad_common.personnummer import InvalidPersonalNumber, PersonalNumber
from bostad_common.service import ServiceContext
from eviction_prevention.districts import service as districts
from eviction_prevention.notices import service as notices

GROUP_ID = "eviction-prevention.tenancy-arrears"


async def handle_rent_arrears(
    session: AsyncSession,
    event: CloudEvent,
    payload: BaseModel,
    *,
    pseudonym_key: SecretStr,
) -> None:
    assert isinstance(payload, RentArrearsRegisteredV1)
    bind_principal(session, SYSTEM)
    try:
        person = PersonalNumber.parse(payload.tenant_personal_number)
    except InvalidPersonalNumber as exc:
        raise PoisonMessage(f"tenant_personal_number: {exc}") from None
    if not await districts.is_known(session, payload.district):
        raise PoisonMessage("unknown district")
    if payload.amount_ore < 0 or payload.months_unpaid < 0:
        raise PoisonMessage("negative arrears")
    address = payload.address
    await notices.submit_notice(
        session,
        Actor(SYSTEM, pseudonym_key),
        notices.IncomingNotice(
            landlord_id=notices.MUNICIPALITY_LANDLORD_ID,
            external_id=f"arrears:{payload.lease_id}:{payload.as_of.isoformat()}"[:100],
            district=payload.district,
            kind="unpaid_rent",
            channel="tenancy",
            personal_number=person.canonical,
            tenant_name=payload.tenant_name[:200],
            tenant_phone=None,
            street=address.street[:200],
            postal_code=address.postal_code.replace(" ", "")[:10],
            city=address.city[:100],
            apartment_number=(address.apartment_number or None) and address.apartment_number[:20],
            children=payload.children,
            debt_ore=payload.amount_ore,
            debt_months_unpaid=payload.months_unpaid,
            served_at=None,
            eviction_date=None,
            message=None,
        ),
        now=utcnow(),
    )


def register(ctx: ServiceContext) -> None:
    key = ctx.settings.pseudonym_key

    async def handler(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
        await handle_rent_arrears(session, event, payload, pseudonym_key=key)

    subscribe_events(
        ctx.broker,
        topic=TENANCY_EVENTS,
        group_id=GROUP_ID,
        sessions=ctx.sessions,
        handler=handler,
        event_types={"RentArrearsRegistered"},
        **consumer_options(ctx.settings),
    )
