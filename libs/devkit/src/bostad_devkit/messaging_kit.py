"""Shared pieces for the messaging tests: a test-only event type, tables, topics, waiting.

Imported by libs/common/tests/test_outbox_relay.py and test_consumer_inbox_dlq.py. The tables have
names of their own (SQLModel's metadata is global) and only the messaging tables
plus these are created in each test's fresh database.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import Field, SQLModel

from bostad_common.db import make_engine, make_session_factory
from bostad_common.events import CloudEvent, EventRegistry, Topic, make_event
from bostad_common.kafka_admin import ensure_topics
from bostad_common.messaging import OutboxMessage, ProcessedEvent
from bostad_devkit.pytest_plugin import HEARTBEAT_INTERVAL_MS, SESSION_TIMEOUT_MS

# -- a test-only event type, in a registry of its own -------------------------------------

TEST_REGISTRY = EventRegistry()
PLACEHOLDER_TOPIC = Topic("msg-test.placeholder.v1")  # tests pass their own topic explicitly


class ThingHappenedV1(BaseModel):
    thing_id: str
    amount: int


class OtherThingHappenedV1(BaseModel):
    thing_id: str


THING_HAPPENED = TEST_REGISTRY.register(
    "MsgTestThingHappened", 1, ThingHappenedV1, PLACEHOLDER_TOPIC
)
OTHER_THING = TEST_REGISTRY.register(
    "MsgTestOtherThing", 1, OtherThingHappenedV1, PLACEHOLDER_TOPIC
)


def thing_event(thing_id: str, amount: int = 1) -> CloudEvent:
    return make_event(
        ThingHappenedV1(thing_id=thing_id, amount=amount),
        source="/bostad/msg-test",
        subject=thing_id,
        district="test-district",
        registry=TEST_REGISTRY,
    )


# -- tables: the producer's state and the consumer's effect -------------------------------


class MsgTestState(SQLModel, table=True):
    __tablename__: ClassVar[Any] = "msg_test_state"

    thing_id: str = Field(primary_key=True)
    amount: int


class MsgTestEffect(SQLModel, table=True):
    __tablename__: ClassVar[Any] = "msg_test_effect"

    id: int | None = Field(default=None, primary_key=True)
    thing_id: str = Field(index=True)
    event_id: str | None = None


TABLES = [
    OutboxMessage.__table__,  # type: ignore[attr-defined]
    ProcessedEvent.__table__,  # type: ignore[attr-defined]
    MsgTestState.__table__,  # type: ignore[attr-defined]
    MsgTestEffect.__table__,  # type: ignore[attr-defined]
]


@dataclass
class Db:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    async def count(self, model: Any, *where: Any) -> int:
        async with self.sessions() as session:
            return int(
                await session.scalar(select(func.count()).select_from(model).where(*where)) or 0
            )

    async def effects(self, thing_id: str) -> int:
        return await self.count(MsgTestEffect, MsgTestEffect.thing_id == thing_id)


async def make_db(url: str) -> Db:
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all, tables=TABLES)
    return Db(engine, make_session_factory(engine))


# -- topics and waiting -------------------------------------------------------------------


async def new_topic(bootstrap: str, partitions: int = 1) -> Topic:
    """A fresh topic (and its DLQ) nobody else writes to."""
    topic = Topic(f"msg-test.{uuid.uuid4().hex[:10]}.v1", partitions=partitions)
    await ensure_topics(bootstrap, names=[topic.name, topic.dlq], partitions=partitions)
    return topic


# The broker waits up to the session timeout for members to (re)join a group: the
# suite's short one (pytest_plugin) keeps each test's group join at about a second
# instead of five, and a second consumer in the same group from waiting out the first.
FAST_GROUP: dict[str, Any] = {
    "session_timeout_ms": SESSION_TIMEOUT_MS,
    "heartbeat_interval_ms": HEARTBEAT_INTERVAL_MS,
}


def group() -> str:
    return f"msg-test-{uuid.uuid4().hex[:10]}"


async def wait_until(
    check: Callable[[], Awaitable[bool]], timeout: float = 15.0, what: str = "condition"
) -> None:
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.1)


async def read_topic(bootstrap: str, topic: str, timeout: float = 10.0) -> list[Any]:
    """Every record currently on `topic` (no consumer group, nothing committed)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        await consumer.topics()
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        records: list[Any] = []
        deadline = time.monotonic() + timeout
        while any([await consumer.position(tp) < end[tp] for tp in partitions]):
            assert time.monotonic() < deadline, f"timed out reading {topic}"
            batch = await consumer.getmany(*partitions, timeout_ms=500)
            for recs in batch.values():
                records.extend(recs)
        return records
    finally:
        await consumer.stop()
