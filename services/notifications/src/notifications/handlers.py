"""FastStream subscribers: eviction-prevention's events, at least once, in one transaction.

`subscribe_events` gives the handler a unit of work that already holds the
processed-event record `("notifications", event id)`; this handler binds the
session to SYSTEM (consumers act for the platform, not for a user) and applies
the event. An event whose envelope district differs from its payload's is
refused as poison: routing by the wrong district would tell the wrong people.
"""

from __future__ import annotations

import logging
from typing import Final

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.events import CloudEvent
from bostad_common.events.registry import TYPE_PREFIX
from bostad_common.events.topics import EVICTION_EVENTS
from bostad_common.messaging import PoisonMessage, subscribe_events
from bostad_common.service import ServiceContext
from notifications.letters.render import LetterDataMissing
from notifications.routing import RULES
from notifications.service import apply_event

log = logging.getLogger(__name__)

GROUP_ID: Final = "notifications"
# The events the rules route; the rest of the topic is acknowledged and skipped.
EVENT_TYPES: Final = frozenset(rule.event for rule in RULES)


async def handle_eviction_event(
    session: AsyncSession, event: CloudEvent, payload: BaseModel
) -> None:
    bind_principal(session, SYSTEM)
    name = event.type.removeprefix(TYPE_PREFIX)
    district = getattr(payload, "district", None)
    if event.district is not None and district != event.district:
        raise PoisonMessage("envelope district differs from payload district")
    try:
        applied = await apply_event(session, event_id=event.id, event_name=name, payload=payload)
    except LetterDataMissing as exc:
        raise PoisonMessage(str(exc)) from None
    log.info(
        "event applied",
        extra={
            "event_type": name,
            "event_id": event.id,
            "in_app": applied.in_app,
            "queued": applied.queued,
            "letters": applied.letters,
        },
    )


def register_subscribers(ctx: ServiceContext) -> None:
    subscribe_events(
        ctx.broker,
        topic=EVICTION_EVENTS,
        group_id=GROUP_ID,
        sessions=ctx.sessions,
        handler=handle_eviction_event,
        event_types=set(EVENT_TYPES),
        max_attempts=ctx.settings.consumer_max_attempts,
    )
