"""At-least-once consumers: process in one transaction, then acknowledge.

`subscribe_events` (CloudEvent topics) and `subscribe_raw` (external contracts)
register FastStream subscribers with a consumer group and manual acks:

* the handler runs inside one unit of work; only after it commits is the
  Kafka offset committed, so a crash in between means redelivery, never loss;
* for CloudEvents the processed-event row `(group_id, event id)` is written in that same
  transaction, so a redelivered event changes nothing;
* a failing handler is retried in-process with back-off; after `max_attempts`
  (or at once for input that can never succeed) the message goes to
  `<topic>.dlq` with the reason and is then acknowledged;
* if even the dead-letter topic cannot be written, the message is not
  acknowledged: after a pause the consumer rewinds to it and tries again.

The consume span comes from FastStream's `KafkaTelemetryMiddleware` when the
broker has it (the service factory adds it); it continues the trace in the
message's `traceparent`. Without the middleware the wrapper starts that span itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from faststream.message import StreamMessage
from opentelemetry import propagate, trace
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.asyncapi import Subscription, record_subscription
from bostad_common.db import unit_of_work
from bostad_common.events.envelope import CloudEvent
from bostad_common.events.registry import EVENTS, TYPE_PREFIX, EventRegistry, UnknownEventType
from bostad_common.events.topics import Topic
from bostad_common.messaging.dlq import scrub, send_to_dlq
from bostad_common.messaging.idempotency import first_delivery
from bostad_common.settings import Settings

log = logging.getLogger("bostad.messaging.consumer")

EventHandler = Callable[[AsyncSession, CloudEvent, BaseModel], Awaitable[None]]
RawHandler = Callable[[AsyncSession, bytes, dict[str, str], bytes | None], Awaitable[None]]

DLQ_RETRY_PAUSE = 5.0  # seconds to wait before redelivering when the DLQ itself is unwritable
MAX_BACKOFF = 10.0


# SQLSTATE classes of a database that is unreachable or going away: connection
# exception, insufficient resources, operator intervention (shutdown, "cannot
# connect now"); and 55000, PostgreSQL's answer on connecting to a database whose
# connections an administrator has switched off (ALLOW_CONNECTIONS false).
_OUTAGE_SQLSTATE_CLASSES = ("08", "53", "57")
_OUTAGE_SQLSTATES = ("55000",)


def _sqlstate(error: BaseException | None) -> str | None:
    while error is not None:
        code = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
        if isinstance(code, str):
            return code
        error = error.__cause__
    return None


def is_infrastructure_outage(exc: BaseException) -> bool:
    """A failure of the database or network rather than of the message."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(exc, OperationalError | InterfaceError | ConnectionError | TimeoutError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        code = _sqlstate(exc.orig)
        if code is not None and (code[:2] in _OUTAGE_SQLSTATE_CLASSES or code in _OUTAGE_SQLSTATES):
            return True
    cause = exc.__cause__ or exc.__context__
    return cause is not None and cause is not exc and isinstance(cause, ConnectionError | OSError)


class PoisonMessage(Exception):
    """Raised by a handler for input that will never succeed: dead-lettered at once."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _DeadLetter(Exception):
    """Internal: this message goes to the DLQ with `reason`, without (further) retries."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def describe_error(exc: BaseException) -> str:
    """Class and first line of the message, safe for logs and the DLQ `error` header.

    Database errors carry the statement's parameters (personal data) after the
    first line, so only the driver's first line is kept; personal numbers are scrubbed.
    """
    inner: BaseException = exc
    if isinstance(exc, StatementError) and exc.orig is not None:
        inner = exc.orig
    first_line = str(inner).strip().splitlines()[0] if str(inner).strip() else ""
    text = f"{type(inner).__name__}: {first_line}" if first_line else type(inner).__name__
    return scrub(text)


def describe_validation_error(exc: ValidationError, what: str) -> str:
    """Which fields failed and how, never their values."""
    parts = [
        f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['type']}"
        for err in exc.errors(include_input=False, include_url=False)[:5]
    ]
    return scrub(f"invalid {what}: " + "; ".join(parts))


async def _raw_body(message: StreamMessage[Any]) -> bytes:
    """Hand the handler the bytes as they arrived: no JSON decoding by FastStream."""
    return bytes(message.body)


@contextlib.contextmanager
def _consume_span(name: str, headers: dict[str, str]) -> Iterator[None]:
    """A consumer span continuing the message's trace, unless middleware already made one."""
    if trace.get_current_span().get_span_context().is_valid:
        yield
        return
    tracer = trace.get_tracer(__name__)
    with tracer.start_as_current_span(
        name, context=propagate.extract(headers), kind=trace.SpanKind.CONSUMER
    ):
        yield


class _Delivery:
    """One message's retry / dead-letter / ack discipline, shared by both kinds of topic."""

    def __init__(
        self,
        *,
        broker: KafkaBroker,
        topic: Topic,
        group_id: str,
        max_attempts: int,
        retry_backoff: float,
        dlq_retry_pause: float,
    ) -> None:
        self.broker = broker
        self.topic = topic
        self.group_id = group_id
        self.max_attempts = max(1, max_attempts)
        self.retry_backoff = retry_backoff
        self.dlq_retry_pause = dlq_retry_pause

    async def guarded(self, msg: KafkaMessage, body: Callable[[], Awaitable[None]]) -> None:
        """Run `body`; if it fails unexpectedly, do not ack: pause, then rewind to the message.

        With manual acks an escaping exception would leave the message unacknowledged
        but consumed, and the next ack would commit past it: a silent loss.
        """
        try:
            await body()
        except Exception as exc:
            log.error(
                "consumer failed unexpectedly; message will be redelivered",
                extra={
                    "topic": self.topic.name,
                    "consumer": self.group_id,
                    "error_type": type(exc).__name__,
                },
            )
            log.debug("consumer failure detail", exc_info=True)
            await asyncio.sleep(self.dlq_retry_pause)
            with contextlib.suppress(Exception):
                await msg.nack()

    async def run(
        self, msg: KafkaMessage, attempt_once: Callable[[], Awaitable[None]], label: str
    ) -> None:
        """Run `attempt_once` until it succeeds, dead-letters or exhausts its attempts; then ack."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                await attempt_once()
            except (PoisonMessage, _DeadLetter) as exc:
                await self.dead_letter(msg, exc.reason)
                return
            except Exception as exc:
                reason = describe_error(exc)
                log.warning(
                    "message handling failed",
                    extra={
                        "topic": self.topic.name,
                        "consumer": self.group_id,
                        "delivery": label,
                        "attempt": attempt,
                        "error": reason,
                    },
                )
                log.debug("message handling failure detail", exc_info=True)
                if attempt == self.max_attempts:
                    if is_infrastructure_outage(exc):
                        # The database (or network) is down, not the message bad: a
                        # dead letter would need a person to replay it. Leave it
                        # unacknowledged and come back to it after a pause.
                        await asyncio.sleep(self.dlq_retry_pause)
                        await msg.nack()
                        return
                    await self.dead_letter(msg, f"failed after {attempt} attempts: {reason}")
                    return
                await asyncio.sleep(min(self.retry_backoff * 2 ** (attempt - 1), MAX_BACKOFF))
            else:
                await self.ack(msg)
                return

    async def dead_letter(self, msg: KafkaMessage, reason: str) -> None:
        raw = msg.raw_message
        try:
            await send_to_dlq(
                self.broker,
                topic=self.topic,
                value=bytes(msg.body),
                key=getattr(raw, "key", None),
                headers=dict(msg.headers),
                error=reason,
                consumer=self.group_id,
            )
        except Exception as exc:
            # Not acknowledged: rewind to this message and try again later. The pause
            # keeps a broken DLQ from turning into a hot redelivery loop.
            log.error(
                "dead-letter publish failed; message will be redelivered",
                extra={
                    "topic": self.topic.name,
                    "consumer": self.group_id,
                    "error_type": type(exc).__name__,
                },
            )
            await asyncio.sleep(self.dlq_retry_pause)
            await msg.nack()
            return
        log.warning(
            "message dead-lettered",
            extra={"topic": self.topic.name, "consumer": self.group_id, "error": scrub(reason)},
        )
        await self.ack(msg)

    async def ack(self, msg: KafkaMessage) -> None:
        try:
            await msg.ack()
        except Exception as exc:
            # E.g. a rebalance took the partition away: the message is redelivered
            # to the new owner, whose processed-event record (or natural key) makes that harmless.
            log.warning(
                "offset commit failed",
                extra={
                    "topic": self.topic.name,
                    "consumer": self.group_id,
                    "error_type": type(exc).__name__,
                },
            )


def consumer_options(settings: Settings) -> dict[str, Any]:
    """What a service's subscriber takes from its settings: the attempts before the DLQ
    and the consumer group's session timing (`subscribe_events(..., **consumer_options(s))`)."""
    return {
        "max_attempts": settings.consumer_max_attempts,
        "session_timeout_ms": settings.consumer_session_timeout_ms,
        "heartbeat_interval_ms": settings.consumer_heartbeat_interval_ms,
    }


def _subscriber(broker: KafkaBroker, topic: Topic, group_id: str, options: dict[str, Any]) -> Any:
    return broker.subscriber(
        topic.name,
        group_id=group_id,
        ack_policy=AckPolicy.MANUAL,  # ack only after the transaction commits
        auto_offset_reset="earliest",
        decoder=_raw_body,
        title=f"{topic.name}:{group_id}",
        description=topic.description or None,
        **options,
    )


def subscribe_events(
    broker: KafkaBroker,
    *,
    topic: Topic,
    group_id: str,
    sessions: async_sessionmaker[AsyncSession],
    handler: EventHandler,
    event_types: set[str] | None = None,
    max_attempts: int = 5,
    retry_backoff: float = 0.2,
    registry: EventRegistry = EVENTS,
    dlq_retry_pause: float = DLQ_RETRY_PAUSE,
    **subscriber_options: Any,
) -> Any:
    """Consume CloudEvents from `topic` in consumer group `group_id`, exactly-once in effect.

    `handler(session, event, payload)` runs in one transaction together with
    the processed-event record; `event_types` (registry names such as "NoticeReceived")
    limits which events reach it, the rest are acknowledged and skipped. An
    undecodable envelope, an unknown version of a wanted type or an invalid
    payload goes straight to the DLQ. `subscriber_options` go to
    `broker.subscriber` (e.g. `session_timeout_ms`). Returns the FastStream subscriber.
    """
    delivery = _Delivery(
        broker=broker,
        topic=topic,
        group_id=group_id,
        max_attempts=max_attempts,
        retry_backoff=retry_backoff,
        dlq_retry_pause=dlq_retry_pause,
    )

    async def consume_event(msg: KafkaMessage) -> None:
        with _consume_span(f"{topic.name} process", msg.headers):
            await delivery.guarded(msg, lambda: handle_event(msg))

    async def handle_event(msg: KafkaMessage) -> None:
        try:
            event = CloudEvent.from_json_bytes(bytes(msg.body))
        except ValidationError as exc:
            await delivery.dead_letter(msg, describe_validation_error(exc, "CloudEvent"))
            return
        name = event.type.removeprefix(TYPE_PREFIX)
        if event_types is not None and name not in event_types:
            await delivery.ack(msg)
            return

        async def attempt_once() -> None:
            try:
                spec = registry.spec_for(event)
            except UnknownEventType:
                raise _DeadLetter(
                    f"unknown event type or version: {event.type} ({event.dataschema})"
                ) from None
            try:
                payload = spec.payload.model_validate(event.data)
            except ValidationError as exc:
                raise _DeadLetter(
                    describe_validation_error(exc, f"{spec.name} v{spec.version} payload")
                ) from None
            async with unit_of_work(sessions) as session:
                if await first_delivery(session, group_id, event.id):
                    await handler(session, event, payload)

        await delivery.run(msg, attempt_once, label=f"{event.type} {event.id}")

    subscriber = _subscriber(broker, topic, group_id, subscriber_options)
    subscriber(consume_event)
    record_subscription(
        broker,
        Subscription(topic, group_id, None if event_types is None else frozenset(event_types)),
    )
    return subscriber


def subscribe_raw(
    broker: KafkaBroker,
    *,
    topic: Topic,
    group_id: str,
    sessions: async_sessionmaker[AsyncSession],
    handler: RawHandler,
    documented_payload: type[BaseModel] | None = None,
    max_attempts: int = 5,
    retry_backoff: float = 0.2,
    dlq_retry_pause: float = DLQ_RETRY_PAUSE,
    **subscriber_options: Any,
) -> Any:
    """Consume a topic that does not carry CloudEvents (an external contract's JSON).

    `handler(session, value, headers, key)` runs in one transaction and must be
    idempotent by the message's own natural key. Raise `PoisonMessage(reason)`
    for input that can never succeed: it is dead-lettered at once.
    `documented_payload` is the model of the value the AsyncAPI document
    publishes for integrators (the handler still parses the bytes itself).
    `subscriber_options` go to `broker.subscriber`. Returns the FastStream subscriber.
    """
    delivery = _Delivery(
        broker=broker,
        topic=topic,
        group_id=group_id,
        max_attempts=max_attempts,
        retry_backoff=retry_backoff,
        dlq_retry_pause=dlq_retry_pause,
    )

    async def consume_raw(msg: KafkaMessage) -> None:
        with _consume_span(f"{topic.name} process", msg.headers):
            await delivery.guarded(msg, lambda: handle_raw(msg))

    async def handle_raw(msg: KafkaMessage) -> None:
        value = bytes(msg.body)
        headers = dict(msg.headers)
        key = getattr(msg.raw_message, "key", None)

        async def attempt_once() -> None:
            async with unit_of_work(sessions) as session:
                await handler(session, value, headers, key)

        raw = msg.raw_message
        label = f"{getattr(raw, 'partition', '?')}@{getattr(raw, 'offset', '?')}"
        await delivery.run(msg, attempt_once, label=label)

    subscriber = _subscriber(broker, topic, group_id, subscriber_options)
    subscriber(consume_raw)
    record_subscription(broker, Subscription(topic, group_id, raw_payload=documented_payload))
    return subscriber
