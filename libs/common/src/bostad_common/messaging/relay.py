"""The outbox relay: publishes committed outbox rows to Kafka, at least once.

One pass claims the oldest unpublished rows in a transaction, publishes them
in `created_at` order awaiting the broker's acknowledgement, marks them
published and commits. A crash after publishing and before the commit leaves
the rows unpublished, so they are sent again: delivery is at-least-once and the
consumers' inboxes remove the duplicates.

On PostgreSQL the pass holds a transaction-scoped advisory lock and claims rows
with `FOR UPDATE SKIP LOCKED`: several replicas of a service can run a relay,
but only one publishes at a time, so two relays never send the same row
concurrently and one aggregate's events never overtake each other. On SQLite
(the embedded default, one process per database) a plain select suffices.

A failed publish increments `attempts`, records `last_error` and ends the pass,
so a later event of the same key cannot overtake it; the next pass retries
after an exponential back-off. No row is ever dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from opentelemetry import propagate, trace
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.messaging.dlq import scrub
from bostad_common.messaging.outbox import OutboxMessage

if TYPE_CHECKING:
    from faststream.kafka import KafkaBroker
    from opentelemetry.trace import TracerProvider

log = logging.getLogger("bostad.messaging.relay")

# One relay per database publishes at a time (any constant works: one database per service).
RELAY_ADVISORY_LOCK = 0x6F7574626F78  # "outbox"
SPAN_NAME = "outbox.relay publish"


class OutboxRelay:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        publisher: KafkaBroker,
        *,
        interval: float = 0.5,
        batch_size: int = 100,
        service_name: str,
        max_backoff: float = 30.0,
        publish_timeout: float = 15.0,
        tracer_provider: TracerProvider | None = None,
    ) -> None:
        self._sessions = sessions
        self._publisher = publisher
        self.interval = interval
        self.batch_size = batch_size
        self.service_name = service_name
        self.max_backoff = max_backoff
        self.publish_timeout = publish_timeout
        self._tracer = trace.get_tracer(__name__, tracer_provider=tracer_provider)
        self._pass_lock = asyncio.Lock()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._failures = 0  # consecutive failed passes

    # -- lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        if self._task is not None and not self._task.done():
            return
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay:{self.service_name}")

    async def stop(self, drain: bool = True) -> None:
        """Stop the loop; with `drain`, first publish everything still pending.

        Draining ends early if the broker keeps failing; whatever is left stays
        in the outbox for the next start (and a warning says how much).
        """
        self._stopping.set()
        if self._task is not None:
            if not drain:
                self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if drain:
            try:
                while await self.publish_pending():
                    pass
                left = await self.pending_count()
            except Exception as exc:  # the database is gone: nothing more to do here
                log.warning(
                    "outbox relay could not drain",
                    extra={"service": self.service_name, "error_type": type(exc).__name__},
                )
                return
            if left:
                log.warning(
                    "outbox relay stopped with messages undelivered",
                    extra={"service": self.service_name, "pending": left},
                )

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def _run(self) -> None:
        while not self._stopping.is_set():
            published = 0
            try:
                published = await self.publish_pending()
            except Exception as exc:  # database unavailable: keep trying, never die
                self._failures += 1
                log.warning(
                    "outbox relay pass failed",
                    extra={"service": self.service_name, "error_type": type(exc).__name__},
                )
            if self._failures:
                delay = min(self.interval * 2**self._failures, self.max_backoff)
            elif published >= self.batch_size:
                delay = 0.0  # more are waiting
            else:
                delay = self.interval
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)

    # -- one pass ------------------------------------------------------------------

    async def pending_count(self) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.published_at.is_(None))  # type: ignore[union-attr]
            )
        return int(count or 0)

    async def publish_pending(self) -> int:
        """Publish one batch of pending rows; returns how many were published."""
        async with self._pass_lock, self._sessions() as session, session.begin():
            postgres = session.get_bind().dialect.name == "postgresql"
            if postgres:
                locked = await session.scalar(
                    select(func.pg_try_advisory_xact_lock(RELAY_ADVISORY_LOCK))
                )
                if not locked:
                    return 0  # another relay is publishing this database's outbox
            query = (
                select(OutboxMessage)
                .where(OutboxMessage.published_at.is_(None))  # type: ignore[union-attr]
                .order_by(OutboxMessage.created_at)  # type: ignore[arg-type]
                .limit(self.batch_size)
            )
            if postgres:
                query = query.with_for_update(skip_locked=True)
            rows = (await session.scalars(query)).all()

            published = 0
            for row in rows:
                try:
                    await self._publish(row)
                except Exception as exc:
                    row.attempts += 1
                    row.last_error = scrub(f"{type(exc).__name__}: {exc}")
                    self._failures += 1
                    log.warning(
                        "outbox publish failed; will retry",
                        extra={
                            "service": self.service_name,
                            "outbox_id": row.id,
                            "topic": row.topic,
                            "attempts": row.attempts,
                            "error_type": type(exc).__name__,
                        },
                    )
                    break  # keep per-key order: nothing after a failed row in this pass
                await self._after_publish(row)
                row.published_at = datetime.now(UTC)
                published += 1
            else:
                self._failures = 0
            # Leaving the block commits the marks (and the failure bookkeeping).
        return published

    async def _publish(self, row: OutboxMessage) -> None:
        parent = propagate.extract(row.headers)
        with self._tracer.start_as_current_span(
            SPAN_NAME,
            context=parent,
            kind=trace.SpanKind.PRODUCER,
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": row.topic,
                "messaging.message.id": row.id,
                "bostad.service": self.service_name,
            },
        ):
            headers = dict(row.headers)
            propagate.inject(headers)  # the consumer continues from this span
            await asyncio.wait_for(
                self._publisher.publish(
                    row.value.encode("utf-8"),
                    topic=row.topic,
                    key=row.key.encode("utf-8") if row.key is not None else None,
                    headers=headers,
                ),
                self.publish_timeout,
            )

    async def _after_publish(self, row: OutboxMessage) -> None:
        """Hook between the broker's ack and marking the row (tests simulate a crash here)."""

    # -- housekeeping ----------------------------------------------------------------

    async def purge_published(self, older_than: timedelta) -> int:
        """Delete rows published longer ago than `older_than`; returns how many."""
        cutoff = datetime.now(UTC) - older_than
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                delete(OutboxMessage).where(
                    OutboxMessage.published_at.is_not(None),  # type: ignore[union-attr]
                    OutboxMessage.published_at < cutoff,  # type: ignore[operator]
                )
            )
        return int(getattr(result, "rowcount", 0) or 0)
