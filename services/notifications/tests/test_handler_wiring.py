"""The eviction-event subscriber's wiring, with FastStream's in-memory TestKafkaBroker.

No broker, no PostgreSQL: the app is built on its embedded default (SQLite in a
temporary var/), so this runs in `pytest -m "not integration"`. End to end over
the real broker: test_integration.py.
"""

from __future__ import annotations

from pathlib import Path

from faststream.kafka import TestKafkaBroker
from sqlalchemy import select

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import migrate, unit_of_work
from bostad_common.events import make_event
from bostad_common.events.topics import EVICTION_EVENTS
from bostad_common.messaging import ProcessedEvent
from bostad_common.service import create_app
from bostad_common.settings import Settings
from notifications.app import DEFINITION
from notifications.handlers import GROUP_ID
from notifications.inbox.models import InboxNotification


async def test_an_eviction_event_on_kafka_reaches_the_inbox_once(tmp_path: Path, samples) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(environment="test", var_dir=tmp_path, kafka_bootstrap="127.0.0.1:1")
    ctx = create_app(DEFINITION, settings=settings).state.ctx
    try:
        await migrate(ctx.engine, DEFINITION.migrations_dir)
        wired = [s for s in ctx.broker.subscribers if EVICTION_EVENTS.name in s.topic_names]
        assert [s.group_id for s in wired] == [GROUP_ID]

        payload = samples.case_opened("with_children")
        event = make_event(
            payload,
            source="/bostad/eviction-prevention",
            subject=payload.case_id,
            district=payload.district,
        )
        async with TestKafkaBroker(ctx.broker) as broker:
            for _ in range(2):  # a redelivery changes nothing
                await broker.publish(event.to_json_bytes(), topic=EVICTION_EVENTS.name, key=b"c-1")

        async with unit_of_work(ctx.sessions) as session:
            bind_principal(session, SYSTEM)
            inbox = (await session.execute(select(InboxNotification))).scalars().all()
            processed = (await session.execute(select(ProcessedEvent))).scalars().all()
        # caseworkers, children-and-youth unit, financial-assistance unit (as test_service.py)
        assert len(inbox) == 3
        assert {(p.consumer, p.event_id) for p in processed} == {(GROUP_ID, event.id)}
    finally:
        await ctx.engine.dispose()
