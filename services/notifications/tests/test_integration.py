"""The service as it runs: real broker, real PostgreSQL, the app's own lifespan.

Events are published raw to the topic with aiokafka, the way eviction-prevention's
relay publishes them; the test then watches the database. Every wait has a timeout.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory
from bostad_common.events import CLOUDEVENTS_CONTENT_TYPE, EVENTS, CloudEvent, make_event
from bostad_common.events.eviction import CaseClosedV1
from bostad_common.messaging import ProcessedEvent
from bostad_common.service import create_app
from notifications.app import DEFINITION
from notifications.channels.models import Delivery
from notifications.inbox.models import InboxNotification
from notifications.letters.models import Letter

pytestmark = pytest.mark.integration

WAIT_SECONDS = 60


async def publish(bootstrap: str, *events: CloudEvent) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                EVENTS.spec_for(event).topic.name,
                event.to_json_bytes(),
                key=(event.subject or "").encode(),
                headers=[("content-type", CLOUDEVENTS_CONTENT_TYPE.encode())],
            )
    finally:
        await producer.stop()


async def eventually(probe: Callable[[], Awaitable[Any]], what: str) -> Any:
    """Poll until `probe` returns something truthy, or fail after WAIT_SECONDS."""
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            while not (result := await probe()):
                await asyncio.sleep(0.2)
            return result
    except TimeoutError:
        pytest.fail(f"timed out waiting for {what}", pytrace=False)


def event_of(payload, subject: str) -> CloudEvent:
    return make_event(
        payload, source="/bostad/eviction-prevention", subject=subject, district=payload.district
    )


async def test_events_from_the_broker_become_notifications_email_and_letters_once(
    postgres_url, kafka_topics, auth_settings, smtp_server, samples, service_settings
) -> None:
    settings = auth_settings.model_copy(
        update={
            "database_url": postgres_url,
            "kafka_bootstrap": kafka_topics,
            "relay_interval_seconds": 0.1,
        }
    )
    config = service_settings(
        settings,
        smtp_url=smtp_server.url,
        smtp_timeout_seconds=5,
        portal_url="https://portal.example.se",
        notify_mailboxes={"bromma": {"role:caseworker": "ifo-bromma@example.se"}},
        delivery_interval_seconds=0.2,
    )
    app = create_app(DEFINITION, settings=config)

    notice_id, case_id = str(uuid.uuid4()), str(uuid.uuid4())
    joined = samples.notice_received("bromma", notice_id).model_copy(
        update={"case_id": case_id, "opened_case": False}
    )
    notice = event_of(joined, subject=notice_id)
    letter = event_of(
        samples.letter_requested("information_letter").model_copy(update={"case_id": case_id}),
        subject=case_id,
    )
    # Same key as the notice: same partition, so it is consumed after the duplicate.
    marker = event_of(
        CaseClosedV1(case_id=case_id, district="bromma", outcome="prevented", closing_reason="x"),
        subject=notice_id,
    )

    engine = make_engine(postgres_url)
    sessions = make_session_factory(engine)

    async def count(model, *where) -> int:
        async with sessions() as session:
            bind_principal(session, SYSTEM)
            return await session.scalar(select(func.count()).select_from(model).where(*where))

    try:
        async with AsyncTestClient(app, timeout=10):
            await publish(kafka_topics, notice, letter)
            await eventually(
                lambda: count(InboxNotification, InboxNotification.event_id == notice.id),
                "the notice's inbox notification",
            )
            await eventually(
                lambda: count(Letter, Letter.event_id == letter.id), "the queued letter"
            )

            # Redelivery: the same event again, then a marker behind it on the same partition.
            await publish(kafka_topics, notice, marker)
            await eventually(
                lambda: count(InboxNotification, InboxNotification.event_id == marker.id),
                "the marker's notification",
            )
            assert await count(InboxNotification, InboxNotification.event_id == notice.id) == 1
            assert await count(Letter, Letter.case_id == case_id) == 1
            assert await count(ProcessedEvent, ProcessedEvent.event_id == notice.id) == 1

            # The e-mail goes out once, and says nothing but where to read.
            await eventually(
                lambda: count(
                    Delivery,
                    Delivery.event_id == notice.id,
                    Delivery.channel == "email",
                    Delivery.status == "sent",
                ),
                "the e-mail delivery",
            )
            mine = [
                (rcpts, message)
                for rcpts, message in zip(smtp_server.recipients, smtp_server.messages, strict=True)
                if case_id in message.get_content()
            ]
            assert len(mine) == 1
            rcpts, message = mine[0]
            assert rcpts == ["ifo-bromma@example.se"]
            body = message.get_content()
            assert "Du har ett nytt meddelande i Bostadsplattformen" in body
            assert f"https://portal.example.se/eviction-prevention/cases/{case_id}" in body
            assert "obetalda" not in body  # not even the kind of notice

            # The other producers' topics are consumed too.
            others = samples.every_event()
            from_each = [
                event_of(others[name], subject=str(uuid.uuid4()))
                for name in ("InvestigationApproved", "VacancyOpened", "ComplaintReceived")
            ]
            await publish(kafka_topics, *from_each)
            for event in from_each:
                await eventually(
                    lambda event=event: count(
                        InboxNotification, InboxNotification.event_id == event.id
                    ),
                    f"the notification of {event.type}",
                )
    finally:
        await engine.dispose()
