"""Intake's events: `HousingDecisionGranted` fills the pool, `DecisionEnded` empties it.

One consumer group, the idempotency inbox (`subscribe_events`) makes a
redelivery harmless, and the use cases are idempotent on the decision id too.
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.pool import service
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db_types import utcnow
from bostad_common.events import CloudEvent
from bostad_common.events.intake import DecisionEndedV1, HousingDecisionGrantedV1
from bostad_common.events.topics import INTAKE_EVENTS
from bostad_common.messaging import PoisonMessage, consumer_options, subscribe_events
from bostad_common.personnummer import InvalidPersonalNumber, PersonalNumber
from bostad_common.service import ServiceContext

GROUP_ID = "allocation.intake-decisions"


async def handle_intake_event(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
    bind_principal(session, SYSTEM)
    if isinstance(payload, HousingDecisionGrantedV1):
        try:
            person = PersonalNumber.parse(payload.lease_party.personal_number)
        except InvalidPersonalNumber as exc:
            raise PoisonMessage(f"lease_party.personal_number: {exc}") from None
        await service.join_pool(session, payload, person, now=utcnow())
    elif isinstance(payload, DecisionEndedV1):
        await service.end_decision(session, payload, now=utcnow())


def register(ctx: ServiceContext) -> None:
    subscribe_events(
        ctx.broker,
        topic=INTAKE_EVENTS,
        group_id=GROUP_ID,
        sessions=ctx.sessions,
        handler=handle_intake_event,
        event_types={"HousingDecisionGranted", "DecisionEnded"},
        **consumer_options(ctx.settings),
    )
