"""Transactional outbox and relay against real PostgreSQL and the real broker."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import select

from bostad_common.db import unit_of_work
from bostad_common.events import CLOUDEVENTS_CONTENT_TYPE, CloudEvent
from bostad_common.messaging import (
    OutboxMessage,
    OutboxRelay,
    add_raw_to_outbox,
    add_to_outbox,
    subscribe_events,
)
from bostad_devkit.messaging_kit import (
    FAST_GROUP,
    TEST_REGISTRY,
    MsgTestEffect,
    MsgTestState,
    group,
    make_db,
    new_topic,
    read_topic,
    thing_event,
    wait_until,
)

pytestmark = pytest.mark.integration


class RecordingPublisher:
    """Stands in for the broker where only the relay's behaviour matters."""

    def __init__(self, fail_times: int = 0, delay: float = 0.0) -> None:
        self.sent: list[dict[str, Any]] = []
        self.fail_times = fail_times
        self.delay = delay

    async def publish(self, message: bytes, **kwargs: Any) -> None:
        await asyncio.sleep(self.delay)
        if self.fail_times:
            self.fail_times -= 1
            raise ConnectionError("broker unavailable")
        self.sent.append({"value": message, **kwargs})


class RelayCrash(BaseException):
    """The process dies: not an Exception, so nothing in the relay handles it."""


class CrashAfterPublishRelay(OutboxRelay):
    async def _after_publish(self, row: OutboxMessage) -> None:
        raise RelayCrash


class Rollback(Exception):
    pass


async def has_effect(db, thing_id: str) -> bool:
    return await db.effects(thing_id) > 0


async def record_thing(sessions, thing_id: str, amount: int = 1, topic=None) -> CloudEvent:
    """A use case: state change and event in one unit of work."""
    event = thing_event(thing_id, amount)
    async with unit_of_work(sessions) as session:
        session.add(MsgTestState(thing_id=thing_id, amount=amount))
        await add_to_outbox(session, event, topic=topic, registry=TEST_REGISTRY)
    return event


async def test_rollback_publishes_nothing(postgres_url: str) -> None:
    db = await make_db(postgres_url)
    publisher = RecordingPublisher()
    relay = OutboxRelay(db.sessions, publisher, service_name="msg-test")  # type: ignore[arg-type]
    try:
        with pytest.raises(Rollback):
            async with unit_of_work(db.sessions) as session:
                session.add(MsgTestState(thing_id="t-rollback", amount=1))
                await add_to_outbox(session, thing_event("t-rollback"), topic="msg-test.x.v1")
                raise Rollback
        assert await db.count(OutboxMessage) == 0
        assert await db.count(MsgTestState) == 0
        assert await relay.pending_count() == 0
        assert await relay.publish_pending() == 0
        assert publisher.sent == []
    finally:
        await db.engine.dispose()


async def test_failed_publish_keeps_row_retries_in_order_and_drains_on_stop(
    postgres_url: str,
) -> None:
    db = await make_db(postgres_url)
    publisher = RecordingPublisher(fail_times=1)
    relay = OutboxRelay(db.sessions, publisher, interval=0.05, service_name="msg-test")  # type: ignore[arg-type]
    try:
        events = [await record_thing(db.sessions, f"t-order-{i}", topic="t.v1") for i in range(3)]

        assert await relay.publish_pending() == 0  # first row fails: the pass stops there
        async with db.sessions() as session:
            first = await session.get(OutboxMessage, events[0].id)
            assert first is not None
            assert first.attempts == 1
            assert first.last_error == "ConnectionError: broker unavailable"
            assert first.published_at is None
        assert await relay.pending_count() == 3

        await relay.start()
        await relay.stop(drain=True)
        assert await relay.pending_count() == 0
        assert [CloudEvent.from_json_bytes(m["value"]).id for m in publisher.sent] == [
            e.id for e in events
        ]
        sent = publisher.sent[0]
        assert sent["topic"] == "t.v1"
        assert sent["key"] == b"t-order-0"
        assert sent["headers"]["content-type"] == CLOUDEVENTS_CONTENT_TYPE
    finally:
        await db.engine.dispose()


class KeyedPublisher(RecordingPublisher):
    """Refuses chosen events once, and counts how many publishes are in flight at once."""

    def __init__(self, refuse: set[str], delay: float = 0.01) -> None:
        super().__init__(delay=delay)
        self.refuse = refuse
        self.in_flight = 0
        self.max_in_flight = 0

    async def publish(self, message: bytes, **kwargs: Any) -> None:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            event_id = CloudEvent.from_json_bytes(message).id
            if event_id in self.refuse:
                self.refuse.discard(event_id)
                raise ConnectionError("broker refused the write")
            self.sent.append({"value": message, **kwargs})
        finally:
            self.in_flight -= 1

    def amounts(self, thing_id: str) -> list[int]:
        values = [CloudEvent.from_json_bytes(m["value"]) for m in self.sent]
        return [v.data["amount"] for v in values if v.subject == thing_id]


async def test_a_batch_goes_out_concurrently_and_in_order_per_key(postgres_url: str) -> None:
    db = await make_db(postgres_url)
    events: dict[tuple[str, int], CloudEvent] = {}
    async with unit_of_work(db.sessions) as session:
        for amount in range(3):  # three aggregates, their events interleaved in time
            for thing in ("t-a", "t-b", "t-c"):
                events[thing, amount] = thing_event(thing, amount)
                await add_to_outbox(
                    session, events[thing, amount], topic="t.v1", registry=TEST_REGISTRY
                )
    publisher = KeyedPublisher(refuse={events["t-b", 1].id})
    relay = OutboxRelay(db.sessions, publisher, service_name="msg-test")  # type: ignore[arg-type]
    try:
        # t-b's second event is refused: its third must not overtake it; the others go.
        assert await relay.publish_pending() == 7
        assert publisher.amounts("t-a") == [0, 1, 2]
        assert publisher.amounts("t-b") == [0]
        assert publisher.amounts("t-c") == [0, 1, 2]
        assert publisher.max_in_flight > 1  # keys went out side by side
        async with db.sessions() as session:
            refused = await session.get(OutboxMessage, events["t-b", 1].id)
            assert refused is not None and refused.attempts == 1
            assert refused.published_at is None

        assert await relay.publish_pending() == 2
        assert publisher.amounts("t-b") == [0, 1, 2]
        assert await relay.pending_count() == 0
    finally:
        await db.engine.dispose()


async def test_a_commit_wakes_the_relay_before_its_next_poll(postgres_url: str) -> None:
    db = await make_db(postgres_url)
    publisher = RecordingPublisher()
    # Polling once an hour: only the commit's wake-up can publish within the test.
    relay = OutboxRelay(db.sessions, publisher, interval=3600, service_name="msg-test")  # type: ignore[arg-type]
    try:
        await relay.start()
        await wait_until(lambda: _relay_idle(relay), what="the relay's first (empty) pass")
        event = await record_thing(db.sessions, "t-wake", topic="t.v1")

        async def sent() -> bool:
            return any(
                CloudEvent.from_json_bytes(m["value"]).id == event.id for m in publisher.sent
            )

        await wait_until(sent, what="publication woken by the commit")
        await relay.stop(drain=False)
        assert await relay.pending_count() == 0
    finally:
        await relay.stop(drain=False)
        await db.engine.dispose()


async def _relay_idle(relay: OutboxRelay) -> bool:
    await asyncio.sleep(0.05)
    return relay.running and not relay._pass_lock.locked()


async def test_relay_on_sqlite_embedded_default(tmp_path: Path) -> None:
    db = await make_db(f"sqlite+aiosqlite:///{tmp_path / 'relay.db'}")
    publisher = RecordingPublisher()
    relay = OutboxRelay(db.sessions, publisher, batch_size=2, service_name="msg-test")  # type: ignore[arg-type]
    try:
        events = [await record_thing(db.sessions, f"t-sqlite-{i}", topic="t.v1") for i in range(3)]
        assert await relay.publish_pending() == 2
        assert await relay.publish_pending() == 1
        assert await relay.pending_count() == 0
        assert [CloudEvent.from_json_bytes(m["value"]).id for m in publisher.sent] == [
            e.id for e in events
        ]
    finally:
        await db.engine.dispose()


async def test_two_relays_never_send_a_row_twice(postgres_url: str) -> None:
    db = await make_db(postgres_url)
    first, second = RecordingPublisher(delay=0.005), RecordingPublisher(delay=0.005)
    relays = [
        OutboxRelay(db.sessions, p, batch_size=10, service_name="msg-test")  # type: ignore[arg-type]
        for p in (first, second)
    ]
    try:
        async with unit_of_work(db.sessions) as session:
            for i in range(30):
                await add_to_outbox(session, thing_event(f"t-{i}"), topic="t.v1")
        while await relays[0].pending_count():
            await asyncio.gather(*(r.publish_pending() for r in relays))
        ids = [CloudEvent.from_json_bytes(m["value"]).id for m in first.sent + second.sent]
        assert len(ids) == 30
        assert len(set(ids)) == 30
    finally:
        await db.engine.dispose()


async def test_relay_crash_after_publish_republishes_and_consumer_applies_once(
    postgres_url: str, kafka_topics: str
) -> None:
    db = await make_db(postgres_url)
    topic = await new_topic(kafka_topics)
    broker = KafkaBroker(kafka_topics)
    handled: list[str] = []

    async def apply(session, event: CloudEvent, payload) -> None:
        handled.append(event.id)
        session.add(MsgTestEffect(thing_id=payload.thing_id, event_id=event.id))

    subscribe_events(
        broker,
        topic=topic,
        group_id=group(),
        sessions=db.sessions,
        handler=apply,
        registry=TEST_REGISTRY,
        **FAST_GROUP,
    )
    try:
        await broker.start()
        event = await record_thing(db.sessions, "t-crash", topic=topic)

        crashing = CrashAfterPublishRelay(db.sessions, broker, service_name="msg-test")
        with pytest.raises(RelayCrash):
            await crashing.publish_pending()
        assert await crashing.pending_count() == 1  # published, but never marked

        relay = OutboxRelay(db.sessions, broker, service_name="msg-test")
        assert await relay.publish_pending() == 1
        assert await relay.pending_count() == 0

        # A later event on the same (single-partition) topic: once it is applied,
        # the duplicate before it has been consumed too.
        sentinel = await record_thing(db.sessions, "t-crash-sentinel", topic=topic)
        assert await relay.publish_pending() == 1
        await wait_until(lambda: has_effect(db, "t-crash-sentinel"), what="sentinel applied")

        records = await read_topic(kafka_topics, topic.name)
        ids = [CloudEvent.from_json_bytes(r.value).id for r in records]
        assert ids.count(event.id) == 2  # delivered twice ...
        assert await db.effects("t-crash") == 1  # ... applied once
        assert handled == [event.id, sentinel.id]
    finally:
        await broker.stop()
        await db.engine.dispose()


async def test_trace_runs_from_writer_through_relay_to_consumer(
    postgres_url: str, kafka_topics: str
) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    db = await make_db(postgres_url)
    topic = await new_topic(kafka_topics)
    # As in a service: one broker, with the telemetry middleware, publishes and consumes.
    broker = KafkaBroker(
        kafka_topics, middlewares=[KafkaTelemetryMiddleware(tracer_provider=provider)]
    )
    seen_in_handler: list[trace.SpanContext] = []

    async def apply(session, event: CloudEvent, payload) -> None:
        seen_in_handler.append(trace.get_current_span().get_span_context())
        session.add(MsgTestEffect(thing_id=payload.thing_id, event_id=event.id))

    subscribe_events(
        broker,
        topic=topic,
        group_id=group(),
        sessions=db.sessions,
        handler=apply,
        registry=TEST_REGISTRY,
        **FAST_GROUP,
    )
    relay = OutboxRelay(db.sessions, broker, service_name="msg-test", tracer_provider=provider)
    try:
        await broker.start()
        with provider.get_tracer("test").start_as_current_span("POST /things") as request_span:
            await record_thing(db.sessions, "t-trace", topic=topic)
        trace_id = request_span.get_span_context().trace_id

        async with db.sessions() as session:
            row = (await session.scalars(select(OutboxMessage))).one()
        assert row.headers["traceparent"].split("-")[1] == f"{trace_id:032x}"

        assert await relay.publish_pending() == 1
        await wait_until(lambda: has_effect(db, "t-trace"), what="effect applied")
        [record] = await read_topic(kafka_topics, topic.name)
        headers = {k: v.decode() for k, v in record.headers}
        assert headers["traceparent"].split("-")[1] == f"{trace_id:032x}"
        assert headers["content-type"] == CLOUDEVENTS_CONTENT_TYPE

        spans = {s.context.span_id: s for s in exporter.get_finished_spans()}
        relay_span = next(s for s in spans.values() if s.name == "outbox.relay publish")
        assert relay_span.kind == trace.SpanKind.PRODUCER
        assert relay_span.context.trace_id == trace_id
        assert relay_span.parent is not None
        assert relay_span.parent.span_id == request_span.get_span_context().span_id

        consume_span = next(
            s for s in spans.values() if s.kind == trace.SpanKind.CONSUMER and "process" in s.name
        )
        assert consume_span.context.trace_id == trace_id
        assert relay_span in ancestors(consume_span, spans)  # relay -> publish -> process
        assert seen_in_handler[0].span_id == consume_span.context.span_id
    finally:
        await broker.stop()
        await db.engine.dispose()
        provider.shutdown()


def ancestors(span: ReadableSpan, spans: dict[int, ReadableSpan]) -> list[ReadableSpan]:
    found = []
    while span.parent is not None and span.parent.span_id in spans:
        span = spans[span.parent.span_id]
        found.append(span)
    return found


async def test_raw_message_is_published_byte_for_byte(postgres_url: str, kafka_topics: str) -> None:
    db = await make_db(postgres_url)
    topic = await new_topic(kafka_topics)
    broker = KafkaBroker(kafka_topics)
    value = '{"notice_id": "n-1", "landlord": "Bostäder i Skåne AB"}'.encode()
    try:
        await broker.connect()
        async with unit_of_work(db.sessions) as session:
            await add_raw_to_outbox(
                session, topic=topic, key="n-1", value=value, headers={"x-landlord": "l-7"}
            )
        relay = OutboxRelay(db.sessions, broker, service_name="msg-test")
        assert await relay.publish_pending() == 1
        [record] = await read_topic(kafka_topics, topic.name)
        headers = {k: v.decode() for k, v in record.headers}
        assert record.value == value
        assert record.key == b"n-1"
        assert headers["content-type"] == "application/json"
        assert headers["x-landlord"] == "l-7"
    finally:
        await broker.stop()
        await db.engine.dispose()
