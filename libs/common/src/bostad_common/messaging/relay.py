"""The outbox relay: publishes committed outbox rows to Kafka, at least once.

One pass claims the oldest unpublished rows in a transaction, publishes them
awaiting the broker's acknowledgements, marks them published and commits. A
crash after publishing and before the commit leaves the rows unpublished, so
they are sent again: delivery is at-least-once and the consumers' processed-event records
remove the duplicates.

Order is kept per Kafka key (one aggregate), which is all Kafka itself keeps
(per partition). A pass publishes the oldest row alone first — when the broker
is away it fails there, and the pass ends having sent nothing else — then the
rest of the batch concurrently: one chain per key, each chain in `created_at`
order, awaiting each acknowledgement before the key's next row. So a batch
costs about one broker round trip per key rather than one per row.

On PostgreSQL the pass holds a transaction-scoped advisory lock and claims rows
with `FOR UPDATE SKIP LOCKED`: several replicas of a service can run a relay,
but only one publishes at a time, so two relays never send the same row
concurrently and one aggregate's events never overtake each other. On SQLite
(the embedded default, one process per database) a plain select suffices.

A failed publish increments `attempts`, records `last_error` and ends its
key's chain in that pass, so a later event of the same key cannot overtake it;
the next pass retries it first, after an exponential back-off while nothing
gets through. No row is ever dropped.

When does a pass run? Right after a commit in this process that wrote outbox
rows to the same database (`outbox.on_outbox_commit`), and otherwise every
`interval` seconds — the poll catches what other processes (replicas, the
command line) committed, and anything a wake-up missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from opentelemetry import propagate, trace
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.messaging.dlq import scrub
from bostad_common.messaging.outbox import OutboxMessage, on_outbox_commit

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
        self._wake = asyncio.Event()  # set after a commit that wrote outbox rows
        self._unsubscribe: Callable[[], None] | None = None
        self._task: asyncio.Task[None] | None = None
        self._failures = 0  # consecutive failed passes

    # -- lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        if self._task is not None and not self._task.done():
            return
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        if self._unsubscribe is None:
            self._unsubscribe = on_outbox_commit(
                getattr(self._sessions, "kw", {}).get("bind"),
                self._waker(asyncio.get_running_loop()),
            )
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay:{self.service_name}")

    def _waker(self, loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
        """Runs in the committing code, on whatever thread commits: hand over to our loop."""

        def wake() -> None:
            try:
                on_our_loop = asyncio.get_running_loop() is loop
            except RuntimeError:
                on_our_loop = False
            if on_our_loop:
                self._wake.set()
                return
            try:
                loop.call_soon_threadsafe(self._wake.set)
            except RuntimeError:
                pass  # that loop is closed; nothing to wake

        return wake

    async def stop(self, drain: bool = True) -> None:
        """Stop the loop; with `drain`, first publish everything still pending.

        Draining ends early if the broker keeps failing; whatever is left stays
        in the outbox for the next start (and a warning says how much).
        """
        self._stopping.set()
        self._wake.set()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
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
            self._wake.clear()  # a commit during the pass sets it again: no wake-up is lost
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
                # Backing off: commits do not cut it short (each would try the broker again).
                delay = min(self.interval * 2**self._failures, self.max_backoff)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)
            elif published >= self.batch_size:
                continue  # more are waiting
            else:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.interval)

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
            if not rows:
                return 0
            published, failed = await self._publish_rows(rows)
            if failed:
                # Back off further only while nothing gets through. A pass that
                # published rows besides failing made progress (e.g. a restarted
                # Tansu refuses one write per partition): retry soon.
                self._failures = 1 if published else self._failures + 1
            else:
                self._failures = 0
            # Leaving the block commits the marks (and the failure bookkeeping).
        return published

    async def _publish_rows(self, rows: Sequence[OutboxMessage]) -> tuple[int, bool]:
        """Publish `rows` (oldest first), in order per key; returns (published, any failed)."""
        head, rest = rows[0], rows[1:]
        if not await self._publish_and_mark(head):
            return 0, True  # the broker is likely away: send nothing else this pass
        chains: dict[str | None, list[OutboxMessage]] = defaultdict(list)
        for row in rest:  # the head's key may continue: its row was acknowledged
            chains[row.key].append(row)
        results = await asyncio.gather(
            *(self._publish_chain(chain) for chain in chains.values()), return_exceptions=True
        )
        published, failed = 1, False
        for result in results:
            if isinstance(result, BaseException):
                raise result  # not a publish failure (those are counted): e.g. cancellation
            count, chain_failed = result
            published += count
            failed = failed or chain_failed
        return published, failed

    async def _publish_chain(self, chain: list[OutboxMessage]) -> tuple[int, bool]:
        """One key's rows in order; stops at the first failure (returns (published, failed))."""
        for done, row in enumerate(chain):
            if not await self._publish_and_mark(row):
                return done, True
        return len(chain), False

    async def _publish_and_mark(self, row: OutboxMessage) -> bool:
        try:
            await self._publish(row)
        except Exception as exc:
            row.attempts += 1
            row.last_error = scrub(f"{type(exc).__name__}: {exc}")
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
            return False
        await self._after_publish(row)
        row.published_at = datetime.now(UTC)
        return True

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
