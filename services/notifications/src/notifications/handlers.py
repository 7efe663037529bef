"""FastStream subscribers: the events of intake, allocation, tenancy and eviction-prevention.

Every registered event of the four producer topics is consumed (a district's
own routing rules may route any of them, and reminders are set and cancelled
from them), at least once, each in one transaction.

`subscribe_events` gives the handler a unit of work that already holds the
processed-event record `("notifications", event id)`; this handler binds the
session to SYSTEM (consumers act for the platform, not for a user) and applies
the event. An event whose envelope district differs from its payload's is
refused as poison: routing by the wrong district would tell the wrong people.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from functools import partial
from typing import Final

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.events import EVENTS, CloudEvent, allocation, eviction, intake, tenancy  # noqa: F401
from bostad_common.events.registry import TYPE_PREFIX
from bostad_common.events.topics import (
    ALLOCATION_EVENTS,
    EVICTION_EVENTS,
    INTAKE_EVENTS,
    TENANCY_EVENTS,
    Topic,
)
from bostad_common.messaging import PoisonMessage, consumer_options, subscribe_events
from bostad_common.service import ServiceContext
from notifications.config import notification_settings
from notifications.letters.letterhead import Letterhead
from notifications.letters.render import LetterDataMissing
from notifications.service import apply_event

log = logging.getLogger(__name__)

GROUP_ID: Final = "notifications"
TOPICS: Final[tuple[Topic, ...]] = (
    INTAKE_EVENTS,
    ALLOCATION_EVENTS,
    TENANCY_EVENTS,
    EVICTION_EVENTS,
)
# Every event registered on those topics.
EVENT_TYPES: Final = frozenset(spec.name for spec in EVENTS.all() if spec.topic in TOPICS)


async def handle_event(
    session: AsyncSession,
    event: CloudEvent,
    payload: BaseModel,
    letterheads: Mapping[str, Letterhead] | None = None,
) -> None:
    bind_principal(session, SYSTEM)
    name = event.type.removeprefix(TYPE_PREFIX)
    district = getattr(payload, "district", None)
    if event.district is not None and district != event.district:
        raise PoisonMessage("envelope district differs from payload district")
    try:
        applied = await apply_event(
            session,
            event_id=event.id,
            event_name=name,
            payload=payload,
            letterheads=letterheads,
        )
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


async def _with_letterheads(
    ctx: ServiceContext, session: AsyncSession, event: CloudEvent, payload: BaseModel
) -> None:
    """The service's configured letterheads (`ctx.settings`, read once at start-up)."""
    await handle_event(session, event, payload, notification_settings(ctx).letterheads)


def group_for(topic: Topic) -> str:
    """One consumer group per topic: four subscribers in one group would make every
    start a rebalance of all four. Eviction-prevention's keeps the original name, so
    its committed offsets and processed-event records stay valid."""
    return GROUP_ID if topic == EVICTION_EVENTS else f"{GROUP_ID}.{topic.name.split('.')[0]}"


def register_subscribers(ctx: ServiceContext) -> None:
    for topic in TOPICS:
        subscribe_events(
            ctx.broker,
            topic=topic,
            group_id=group_for(topic),
            sessions=ctx.sessions,
            handler=partial(_with_letterheads, ctx),
            event_types={spec.name for spec in EVENTS.all() if spec.topic == topic},
            **consumer_options(ctx.settings),
        )


# The name the first version of this service used.
handle_eviction_event = handle_event
