"""Talking to the embedded broker: topics at start-up, consumer lag at shut-down.

The broker (Tansu) keeps messages in memory only, so before it stops the runner
wants every consumer group caught up and says so when one is not. Tansu answers
OffsetFetch only for named partitions, so the lag is computed per partition.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from bostad_common.kafka_admin import ensure_topics

# aiokafka logs connection trouble at ERROR; the runner reports what matters itself.
logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


def create_topics(bootstrap: str, timeout: float = 20.0) -> None:
    """Create every platform topic and its DLQ, retrying while the broker settles."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            asyncio.run(asyncio.wait_for(ensure_topics(bootstrap), 10))
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@dataclass(frozen=True)
class Lag:
    group: str
    topic: str
    messages: int


async def _consumer_lag(bootstrap: str) -> list[Lag]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    await admin.start()
    await consumer.start()
    try:
        groups = [group for group, _ in await admin.list_consumer_groups()]
        if not groups:
            return []
        topics = await consumer.topics()
        partitions = [
            TopicPartition(topic, partition)
            for topic in sorted(topics)
            for partition in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        ends = await consumer.end_offsets(partitions)
        lags: list[Lag] = []
        for group in sorted(groups):
            committed = await admin.list_consumer_group_offsets(group, partitions=partitions)
            per_topic: dict[str, int] = {}
            for tp, meta in committed.items():
                if meta.offset < 0:  # the group does not read this partition
                    continue
                behind = max(0, ends.get(tp, 0) - meta.offset)
                if behind:
                    per_topic[tp.topic] = per_topic.get(tp.topic, 0) + behind
            lags += [Lag(group, topic, n) for topic, n in sorted(per_topic.items())]
        return lags
    finally:
        await consumer.stop()
        await admin.close()


def consumer_lag(bootstrap: str, timeout: float = 8.0) -> list[Lag] | None:
    """Messages each consumer group has not yet committed; None if the broker cannot tell."""
    try:
        return asyncio.run(asyncio.wait_for(_consumer_lag(bootstrap), timeout))
    except Exception:
        return None


def wait_for_consumers(
    bootstrap: str,
    max_wait: float = 10.0,
    settle: float = 1.0,
    give_up: Callable[[], bool] = lambda: False,
) -> None:
    """Wait until no group is behind, or the lag has stopped shrinking for `settle` s.

    A group whose service has already stopped cannot catch up; waiting for it
    would only delay the shut-down, hence "stopped shrinking" as the second exit.
    """
    deadline = time.monotonic() + max_wait
    last: int | None = None
    unchanged_since = time.monotonic()
    while time.monotonic() < deadline and not give_up():
        lags = consumer_lag(bootstrap)
        if lags is None:
            return
        total = sum(lag.messages for lag in lags)
        if total == 0:
            return
        now = time.monotonic()
        if total != last:
            last, unchanged_since = total, now
        elif now - unchanged_since >= settle:
            return
        time.sleep(0.25)
