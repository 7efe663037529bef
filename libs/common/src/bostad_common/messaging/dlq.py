"""Dead-letter topics: where a message goes when it can never be processed.

Every topic has `<topic>.dlq`. A dead letter keeps the original value, key and
headers and adds why it failed (`error`), where it came from
(`dlq-original-topic`), who gave up (`dlq-consumer`) and when (`dlq-failed-at`).
Nothing is dropped silently: `replay_dlq` puts dead letters back on their
original topic once the cause is fixed, and the consumers' processed-event records make a
replay harmless for those that had already processed them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from bostad_common.events.topics import DLQ_SUFFIX, Topic
from bostad_common.personnummer import mask_personal_numbers

if TYPE_CHECKING:
    from faststream.kafka import KafkaBroker

log = logging.getLogger("bostad.messaging.dlq")

ERROR_HEADER = "error"
ORIGINAL_TOPIC_HEADER = "dlq-original-topic"
CONSUMER_HEADER = "dlq-consumer"
FAILED_AT_HEADER = "dlq-failed-at"
REPLAYED_AT_HEADER = "dlq-replayed-at"
MAX_ERROR_LENGTH = 500


def scrub(text: str) -> str:
    """Remove anything shaped like a personal identity number; cap the length."""
    # Personal and coordination numbers, with or without century and separator, and
    # any other bare run of 10 or 12 digits (the platform's one finder).
    return mask_personal_numbers(text, "[redacted]")[:MAX_ERROR_LENGTH]


def _topic_name(topic: Topic | str) -> str:
    name = topic.name if isinstance(topic, Topic) else topic
    return name.removesuffix(DLQ_SUFFIX)


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class DeadLetter:
    original_topic: str
    consumer: str | None
    error: str | None
    failed_at: str | None
    value: bytes
    key: bytes | None
    headers: dict[str, str]
    partition: int
    offset: int


async def send_to_dlq(
    broker: KafkaBroker,
    *,
    topic: Topic | str,
    value: bytes,
    key: bytes | None,
    headers: dict[str, str],
    error: str,
    consumer: str,
    publish_timeout: float = 15.0,
) -> None:
    """Publish a message that cannot be processed to `<topic>.dlq`, awaiting the broker's ack.

    Raises if the broker does not acknowledge within `publish_timeout`; the caller must
    then not acknowledge the original message.
    """
    name = _topic_name(topic)
    dead_headers = {
        **headers,
        ERROR_HEADER: scrub(error),
        ORIGINAL_TOPIC_HEADER: name,
        CONSUMER_HEADER: consumer,
        FAILED_AT_HEADER: _now(),
    }
    await asyncio.wait_for(
        broker.publish(value, topic=name + DLQ_SUFFIX, key=key, headers=dead_headers),
        publish_timeout,
    )


def _decode_headers(record: ConsumerRecord) -> dict[str, str]:
    return {k: v.decode("utf-8", "replace") for k, v in (record.headers or ())}


def _dead_letter(record: ConsumerRecord, original_topic: str) -> DeadLetter:
    headers = _decode_headers(record)
    return DeadLetter(
        original_topic=headers.get(ORIGINAL_TOPIC_HEADER, original_topic),
        consumer=headers.get(CONSUMER_HEADER),
        error=headers.get(ERROR_HEADER),
        failed_at=headers.get(FAILED_AT_HEADER),
        value=record.value or b"",
        key=record.key,
        headers=headers,
        partition=record.partition,
        offset=record.offset,
    )


async def _assign_all(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    await consumer.topics()  # refreshes metadata
    partitions = consumer.partitions_for_topic(topic) or set()
    assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
    consumer.assign(assigned)
    return assigned


async def _read_to_end(
    consumer: AIOKafkaConsumer,
    partitions: list[TopicPartition],
    deadline: float,
) -> list[ConsumerRecord]:
    """Every record from the consumer's position to the end of the partitions.

    Reads until the reported end offsets are reached *and* a poll comes back
    empty: the embedded broker (Tansu) reports a partition's end as the first
    offset of its last write batch plus one, so trusting the end offset alone
    would skip dead letters written together in one batch.
    """
    if not partitions:
        return []
    topic = partitions[0].topic
    end = await consumer.end_offsets(partitions)
    records: list[ConsumerRecord] = []

    async def behind() -> bool:
        for tp in partitions:
            if await consumer.position(tp) < end[tp]:
                return True
        return False

    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            log.warning("dead-letter read stopped at its timeout", extra={"topic": topic})
            break
        batch = await consumer.getmany(*partitions, timeout_ms=int(min(remaining, 0.5) * 1000))
        for tp_records in batch.values():
            records.extend(tp_records)
        if not batch and not await behind():
            break
    return records


async def read_dlq(
    bootstrap: str,
    topic: Topic | str,
    *,
    timeout: float = 10.0,  # noqa: ASYNC109 - bounds the whole read, not one await
) -> list[DeadLetter]:
    """Every dead letter currently in `<topic>.dlq`, from the beginning (commits nothing)."""
    name = _topic_name(topic)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        partitions = await _assign_all(consumer, name + DLQ_SUFFIX)
        if partitions:
            await consumer.seek_to_beginning(*partitions)
        records = await _read_to_end(consumer, partitions, time.monotonic() + timeout)
    finally:
        await consumer.stop()
    return [_dead_letter(r, name) for r in records]


def _replay_headers(headers: dict[str, str]) -> list[tuple[str, bytes]]:
    kept = {k: v for k, v in headers.items() if k != ERROR_HEADER and not k.startswith("dlq-")}
    kept[REPLAYED_AT_HEADER] = _now()
    return [(k, v.encode()) for k, v in kept.items()]


async def replay_dlq(
    bootstrap: str,
    topic: Topic | str,
    *,
    group_id: str = "dlq-replayer",
    timeout: float = 10.0,  # noqa: ASYNC109 - bounds the read, not the republishing
) -> int:
    """Put every not-yet-replayed dead letter of `topic` back on its original topic.

    The DLQ's offsets are committed in `group_id` after each message is
    republished, so a second replay with the same group sends nothing twice;
    a crash in between republishes at most one message again, which the
    consumers' processed-event records absorb. Returns how many were replayed.
    """
    name = _topic_name(topic)
    dlq = name + DLQ_SUFFIX
    # Manual assignment with a group id: offsets are committed in the group,
    # without waiting seconds for a group rebalance.
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False)
    await consumer.start()
    await producer.start()
    replayed = 0
    try:
        partitions = await _assign_all(consumer, dlq)
        records = await _read_to_end(consumer, partitions, time.monotonic() + timeout)
        for record in records:
            letter = _dead_letter(record, name)
            await producer.send_and_wait(
                letter.original_topic,
                value=letter.value,
                key=letter.key,
                headers=_replay_headers(letter.headers),
            )
            partition = TopicPartition(record.topic, record.partition)
            await consumer.commit({partition: record.offset + 1})
            replayed += 1
    finally:
        await producer.stop()
        await consumer.stop()
    if replayed:
        log.info("dead letters replayed", extra={"topic": name, "count": replayed})
    return replayed
