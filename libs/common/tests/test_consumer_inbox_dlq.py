"""At-least-once consumers, inbox and dead-letter topics against the real broker and PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from faststream.kafka import KafkaBroker

from bostad_common.events import CloudEvent, make_event
from bostad_common.messaging import (
    PoisonMessage,
    ProcessedEvent,
    read_dlq,
    replay_dlq,
    scrub,
    subscribe_events,
    subscribe_raw,
)
from bostad_common.messaging import consumer as consumer_module
from bostad_devkit.messaging_kit import (
    FAST_GROUP,
    TEST_REGISTRY,
    MsgTestEffect,
    OtherThingHappenedV1,
    group,
    make_db,
    new_topic,
    thing_event,
    wait_until,
)

pytestmark = pytest.mark.integration


def effect_handler(calls: list[str]):
    async def apply(session, event: CloudEvent, payload) -> None:
        calls.append(event.id)
        session.add(MsgTestEffect(thing_id=payload.thing_id, event_id=event.id))

    return apply


async def publish_event(broker: KafkaBroker, topic: str, event: CloudEvent) -> None:
    await broker.publish(
        event.to_json_bytes(),
        topic=topic,
        key=(event.subject or "").encode(),
        headers={"content-type": "application/cloudevents+json"},
    )


def test_scrub_removes_personal_numbers_and_caps_length() -> None:
    text = "pnr 19121212-1212, 121212-1212, 191212121212 and 8112189876; case c-123456"
    assert scrub(text) == ("pnr [redacted], [redacted], [redacted] and [redacted]; case c-123456")
    assert len(scrub("x" * 2000)) == 500


async def test_crash_after_commit_before_ack_does_not_apply_twice(
    postgres_url: str, kafka_topics: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await make_db(postgres_url)
    topic = await new_topic(kafka_topics)
    group_id = group()
    calls: list[str] = []
    event = thing_event("t-redeliver")
    real_ack = consumer_module._Delivery.ack
    acked: list[str] = []

    async def freeze_instead_of_ack(self, msg) -> None:
        await asyncio.Event().wait()  # the process hangs here until it is killed

    async def recording_ack(self, msg) -> None:
        acked.append(CloudEvent.from_json_bytes(msg.body).id)
        await real_ack(self, msg)

    # A crashed member does not leave the group: a short session lets the next one take over.
    first = KafkaBroker(kafka_topics, graceful_timeout=0.5)
    subscribe_events(
        first,
        topic=topic,
        group_id=group_id,
        sessions=db.sessions,
        handler=effect_handler(calls),
        registry=TEST_REGISTRY,
        **FAST_GROUP,
    )
    monkeypatch.setattr(consumer_module._Delivery, "ack", freeze_instead_of_ack)
    try:
        await first.start()
        await publish_event(first, topic.name, event)
        await wait_until(lambda: has_effect(db, "t-redeliver"), what="first delivery applied")
    finally:
        await first.stop()  # killed after the graceful timeout: the offset was never committed

    monkeypatch.setattr(consumer_module._Delivery, "ack", recording_ack)
    second = KafkaBroker(kafka_topics)
    subscribe_events(
        second,
        topic=topic,
        group_id=group_id,
        sessions=db.sessions,
        handler=effect_handler(calls),
        registry=TEST_REGISTRY,
        **FAST_GROUP,
    )
    try:
        await second.start()
        await wait_until(lambda: _is(acked, [event.id]), what="redelivery acknowledged")
        assert await db.effects("t-redeliver") == 1
        assert calls == [event.id]  # the handler never ran for the redelivery
        assert (
            await db.count(
                ProcessedEvent,
                ProcessedEvent.consumer == group_id,
                ProcessedEvent.event_id == event.id,
            )
            == 1
        )
    finally:
        await second.stop()
        await db.engine.dispose()


async def test_bad_messages_are_dead_lettered_and_the_next_is_processed(
    postgres_url: str, kafka_topics: str
) -> None:
    db = await make_db(postgres_url)
    topic = await new_topic(kafka_topics)
    group_id = group()
    calls: list[str] = []
    broker = KafkaBroker(kafka_topics)
    subscribe_events(
        broker,
        topic=topic,
        group_id=group_id,
        sessions=db.sessions,
        handler=effect_handler(calls),
        event_types={"MsgTestThingHappened"},
        registry=TEST_REGISTRY,
        **FAST_GROUP,
    )
    good = thing_event("t-good")
    unknown_version = good.model_copy(
        update={"id": "ev-v9", "dataschema": "bostad:MsgTestThingHappened:v9"}
    )
    invalid_payload = good.model_copy(
        update={"id": "ev-invalid", "data": {"thing_id": "t-x", "amount": "19121212-1212"}}
    )
    not_wanted = make_event(
        OtherThingHappenedV1(thing_id="t-other"),
        source="/bostad/msg-test",
        subject="t-other",
        district=None,
        registry=TEST_REGISTRY,
    )
    try:
        await broker.start()
        await broker.publish(b"{not json", topic=topic.name, key=b"t-good")
        for event in (unknown_version, not_wanted, invalid_payload, good):
            await publish_event(broker, topic.name, event)
        await wait_until(lambda: has_effect(db, "t-good"), what="the good message processed")
        assert calls == [good.id]

        letters = await read_dlq(kafka_topics, topic, timeout=5)
        assert [letter.value for letter in letters[:1]] == [b"{not json"]
        errors = [letter.error or "" for letter in letters]
        assert len(errors) == 3, errors
        assert errors[0].startswith("invalid CloudEvent: ")
        assert errors[1] == (
            "unknown event type or version: se.bostad.MsgTestThingHappened "
            "(bostad:MsgTestThingHappened:v9)"
        )
        assert errors[2] == "invalid MsgTestThingHappened v1 payload: amount: int_parsing"
        for letter in letters:
            assert letter.original_topic == topic.name
            assert letter.consumer == group_id
            assert letter.failed_at
            assert letter.key == b"t-good"
    finally:
        await broker.stop()
        await db.engine.dispose()


async def test_failing_handler_is_dead_lettered_then_replayed_once_fixed(
    postgres_url: str, kafka_topics: str
) -> None:
    db = await make_db(postgres_url)
    topic = await new_topic(kafka_topics)
    group_id = group()
    attempts: list[str] = []
    broken = True

    async def flaky(session, event: CloudEvent, payload) -> None:
        attempts.append(event.id)
        session.add(MsgTestEffect(thing_id=payload.thing_id, event_id=event.id))
        await session.flush()  # the effect is written, then the transaction must roll back
        if broken:
            raise RuntimeError("downstream register unavailable")

    broker = KafkaBroker(kafka_topics)
    subscribe_events(
        broker,
        topic=topic,
        group_id=group_id,
        sessions=db.sessions,
        handler=flaky,
        max_attempts=3,
        retry_backoff=0.01,
        registry=TEST_REGISTRY,
        **FAST_GROUP,
    )
    event = thing_event("t-flaky")
    try:
        await broker.start()
        await publish_event(broker, topic.name, event)
        letters: list[Any] = []

        async def dead_lettered() -> bool:
            letters[:] = await read_dlq(kafka_topics, topic, timeout=5)
            return bool(letters)

        await wait_until(dead_lettered, what="dead letter")
        assert attempts == [event.id] * 3
        assert letters[0].error == (
            "failed after 3 attempts: RuntimeError: downstream register unavailable"
        )
        assert CloudEvent.from_json_bytes(letters[0].value).id == event.id
        assert await db.effects("t-flaky") == 0  # every attempt rolled back
        assert await db.count(ProcessedEvent) == 0

        broken = False
        replayer = group()
        assert await replay_dlq(kafka_topics, topic, group_id=replayer) == 1
        await wait_until(lambda: has_effect(db, "t-flaky"), what="replayed event applied")
        assert await replay_dlq(kafka_topics, topic, group_id=replayer) == 0  # replayed once
        assert attempts == [event.id] * 4
        assert await db.effects("t-flaky") == 1
    finally:
        await broker.stop()
        await db.engine.dispose()


async def test_raw_poison_is_dead_lettered_at_once_and_kept_when_the_dlq_is_down(
    postgres_url: str, kafka_topics: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await make_db(postgres_url)
    topic = await new_topic(kafka_topics)
    group_id = group()
    seen: list[bytes] = []
    real_send_to_dlq = consumer_module.send_to_dlq
    dlq_calls: list[str] = []

    async def dlq_down_once(broker, **kwargs) -> None:
        dlq_calls.append(kwargs["error"])
        if len(dlq_calls) == 1:
            raise ConnectionError("dead-letter topic unreachable")
        await real_send_to_dlq(broker, **kwargs)

    monkeypatch.setattr(consumer_module, "send_to_dlq", dlq_down_once)

    async def notice(session, value: bytes, headers: dict[str, str], key: bytes | None) -> None:
        seen.append(value)
        if b"notice_id" not in value:
            raise PoisonMessage("notice without notice_id")
        session.add(MsgTestEffect(thing_id=(key or b"").decode()))

    broker = KafkaBroker(kafka_topics)
    subscribe_raw(
        broker,
        topic=topic,
        group_id=group_id,
        sessions=db.sessions,
        handler=notice,
        max_attempts=5,
        dlq_retry_pause=0.2,
        **FAST_GROUP,
    )
    poison, fine = b'{"landlord": "l-1"}', b'{"notice_id": "n-2"}'
    try:
        await broker.start()
        await broker.publish(poison, topic=topic.name, key=b"n-1", headers={"x-landlord": "l-1"})
        await broker.publish(fine, topic=topic.name, key=b"n-2")
        await wait_until(lambda: has_effect(db, "n-2"), what="the next notice processed")

        # Poison: handled once per delivery (no retries); the first DLQ write failed,
        # so it was not acknowledged but redelivered, and the second write succeeded.
        assert seen == [poison, poison, fine]
        assert dlq_calls == ["notice without notice_id"] * 2
        [letter] = await read_dlq(kafka_topics, topic, timeout=5)
        assert letter.value == poison
        assert letter.key == b"n-1"
        assert letter.error == "notice without notice_id"
        assert letter.headers["x-landlord"] == "l-1"
        assert letter.consumer == group_id
    finally:
        await broker.stop()
        await db.engine.dispose()


async def has_effect(db, thing_id: str) -> bool:
    return await db.effects(thing_id) > 0


async def _is(value: list[str], expected: list[str]) -> bool:
    return value == expected
