"""Reliable messaging: transactional outbox, relay, idempotent at-least-once consumers, DLQ.

Producer side: `add_to_outbox(session, event)` inside the use case's unit of
work; an `OutboxRelay` per service publishes. Consumer side:
`subscribe_events(...)` / `subscribe_raw(...)`; failures end in `<topic>.dlq`,
which `replay_dlq` can put back.
"""

from bostad_common.messaging.consumer import (
    EventHandler,
    PoisonMessage,
    RawHandler,
    consumer_options,
    describe_error,
    subscribe_events,
    subscribe_raw,
)
from bostad_common.messaging.dlq import (
    DeadLetter,
    read_dlq,
    replay_dlq,
    scrub,
    send_to_dlq,
)
from bostad_common.messaging.idempotency import ProcessedEvent, first_delivery
from bostad_common.messaging.outbox import OutboxMessage, add_raw_to_outbox, add_to_outbox
from bostad_common.messaging.relay import OutboxRelay

__all__ = [
    "DeadLetter",
    "EventHandler",
    "OutboxMessage",
    "OutboxRelay",
    "PoisonMessage",
    "ProcessedEvent",
    "RawHandler",
    "add_raw_to_outbox",
    "add_to_outbox",
    "consumer_options",
    "describe_error",
    "first_delivery",
    "read_dlq",
    "replay_dlq",
    "scrub",
    "send_to_dlq",
    "subscribe_events",
    "subscribe_raw",
]
