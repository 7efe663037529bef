"""Transactional outbox: an event is written in the same transaction as the state change.

A use case adds its events with `add_to_outbox` to the session it is already
using; the unit of work commits both together, or neither. The `OutboxRelay`
publishes committed rows to Kafka afterwards and retries until it succeeds, so
a crash can delay an event but never lose it.

The row keeps the W3C trace context of the code that wrote it (`traceparent`,
`tracestate`, `baggage` in `headers`), so the trace continues through Kafka even
though the relay publishes later, from another task.

Committing a session that added outbox rows wakes the relays of this process
that publish the same database (`on_outbox_commit`), so an event leaves right
after its commit instead of at the relay's next poll; the poll stays as the
fallback (other processes, a missed wake-up).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Final

from opentelemetry import propagate
from sqlalchemy import JSON, Column, DateTime, Index, Text, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import Field, SQLModel

from bostad_common.events.envelope import CLOUDEVENTS_CONTENT_TYPE, CloudEvent
from bostad_common.events.registry import EVENTS, EventRegistry
from bostad_common.events.topics import Topic

RAW_CONTENT_TYPE = "application/json"

_clock_lock = threading.Lock()
_last_created_at = datetime.min.replace(tzinfo=UTC)


def outbox_timestamp() -> datetime:
    """Now in UTC, strictly increasing within this process.

    The relay publishes in `created_at` order; two events written by one use case
    must never share a timestamp, or their order on the topic would be arbitrary.
    """
    global _last_created_at
    with _clock_lock:
        now = datetime.now(UTC)
        if now <= _last_created_at:
            now = _last_created_at + timedelta(microseconds=1)
        _last_created_at = now
        return now


class OutboxMessage(SQLModel, table=True):
    """One message waiting for (or done with) publication to Kafka."""

    __tablename__: ClassVar[Any] = "outbox"
    __table_args__ = (Index("ix_outbox_published_at_created_at", "published_at", "created_at"),)

    id: str = Field(primary_key=True, description="The CloudEvent id (or a new uuid for raw)")
    topic: str
    key: str | None = None
    value: str = Field(sa_column=Column(Text, nullable=False))
    headers: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=outbox_timestamp,
        sa_column=Column(DateTime(timezone=True), nullable=False),
    )
    published_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


# ------------------------------------------------------------------ wake-ups

# session.info flag: this session added outbox rows since its last commit.
_OUTBOX_WRITTEN: Final = "bostad.outbox_written"
_waiters_lock = threading.Lock()
_waiters: dict[str, list[Callable[[], None]]] = {}  # database URL -> callbacks


def _database_key(bind: Any) -> str | None:
    if isinstance(bind, Connection):
        bind = bind.engine
    engine = getattr(bind, "sync_engine", bind)  # an AsyncEngine's sync engine
    return str(engine.url) if isinstance(engine, Engine) else None


def on_outbox_commit(bind: Any, callback: Callable[[], None]) -> Callable[[], None]:
    """Call `callback` after every commit in this process that added outbox rows to the
    database `bind` (an engine) points at; returns the function that unsubscribes.

    The callback runs inside the committing code, on the committer's thread: it must
    be quick and thread-safe (the relay schedules a wake-up on its own loop).
    """
    key = _database_key(bind)
    if key is None:
        return lambda: None
    with _waiters_lock:
        _waiters.setdefault(key, []).append(callback)

    def unsubscribe() -> None:
        with _waiters_lock:
            callbacks = _waiters.get(key, [])
            if callback in callbacks:
                callbacks.remove(callback)
            if not callbacks:
                _waiters.pop(key, None)

    return unsubscribe


def _after_commit(session: Session) -> None:
    if not session.info.pop(_OUTBOX_WRITTEN, False) or not _waiters:
        return
    key = _database_key(session.bind)
    with _waiters_lock:
        callbacks = list(_waiters.get(key, ())) if key else []
    for callback in callbacks:
        callback()


# Process-wide, like the district filter: every Session (AsyncSession runs on one).
if not event.contains(Session, "after_commit", _after_commit):
    event.listen(Session, "after_commit", _after_commit)


def _trace_headers() -> dict[str, str]:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)  # the current span's context: traceparent, tracestate, baggage
    return carrier


async def add_to_outbox(
    session: AsyncSession,
    event: CloudEvent,
    *,
    topic: Topic | str | None = None,
    registry: EventRegistry = EVENTS,
) -> OutboxMessage:
    """Add `event` to the caller's session; the caller's unit of work commits it.

    The topic defaults to the one the event type is registered for; the Kafka
    key is the event's subject (the aggregate id), which keeps one aggregate in order.
    """
    if topic is None:
        topic_name = registry.spec_for(event).topic.name
    else:
        topic_name = topic.name if isinstance(topic, Topic) else topic
    headers = {"content-type": CLOUDEVENTS_CONTENT_TYPE, **_trace_headers()}
    row = OutboxMessage(
        id=event.id,
        topic=topic_name,
        key=event.subject,
        value=event.model_dump_json(),
        headers=headers,
    )
    session.add(row)
    session.info[_OUTBOX_WRITTEN] = True
    return row


async def add_raw_to_outbox(
    session: AsyncSession,
    *,
    topic: Topic | str,
    key: str | None,
    value: bytes | str,
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Add a message that is not a CloudEvent (an external contract's own JSON).

    `value` must be UTF-8 text; it is published byte for byte. `content-type`
    defaults to application/json unless `headers` sets it.
    """
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    row_headers = {"content-type": RAW_CONTENT_TYPE, **_trace_headers(), **(headers or {})}
    row = OutboxMessage(
        id=str(uuid.uuid4()),
        topic=topic.name if isinstance(topic, Topic) else topic,
        key=key,
        value=text,
        headers=row_headers,
    )
    session.add(row)
    session.info[_OUTBOX_WRITTEN] = True
    return row
