"""A service's AsyncAPI document: every event it publishes and consumes, with real payloads.

FastStream can describe a broker by itself, but our handlers take the raw
Kafka message (they decode CloudEvents and dead-letter bad input themselves),
so it could only say "EmptyPayload". The document is built from what the
platform declares instead:

* **publishes** — the events of the `EventRegistry` (`bostad_common.events`)
  on the topics the service produces (`Topic.producer`), each as a CloudEvents
  envelope whose `type`, `dataschema` and `data` are the event's own;
* **consumes** — each subscription made with `subscribe_events` or
  `subscribe_raw` (they record it here): the topic, the consumer group, the
  event types it accepts, or, for a topic that carries an external contract
  rather than CloudEvents (`landlord.notices.v1`), the model the service
  documents for it;
* **dead letters** — what it cannot process goes to `<topic>.dlq`, with the
  reason in the `error` header (never the input).

The JSON Schemas are pydantic's, so they say what the code validates.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from bostad_common.events.envelope import CLOUDEVENTS_CONTENT_TYPE, CloudEvent
from bostad_common.events.registry import EVENTS, EventSpec
from bostad_common.events.topics import Topic

# Every module that registers events: imported before the registry is read.
EVENT_CONTRACT_MODULES = (
    "bostad_common.events.intake",
    "bostad_common.events.allocation",
    "bostad_common.events.tenancy",
    "bostad_common.events.eviction",
    "bostad_common.events.directory",
)
SCHEMA_REF = "#/components/schemas/{model}"


@dataclass(frozen=True)
class Subscription:
    """What a consumer reads: recorded by `subscribe_events` and `subscribe_raw`."""

    topic: Topic
    group_id: str
    # Registry names ("CaseOpened") the handler accepts; None = every event on the topic.
    event_types: frozenset[str] | None = None
    # For a topic that does not carry CloudEvents: the JSON the service accepts.
    raw_payload: type[BaseModel] | None = None


_SUBSCRIPTIONS: WeakKeyDictionary[Any, list[Subscription]] = WeakKeyDictionary()


def record_subscription(broker: Any, subscription: Subscription) -> None:
    _SUBSCRIPTIONS.setdefault(broker, []).append(subscription)


def subscriptions_of(broker: Any) -> list[Subscription]:
    return list(_SUBSCRIPTIONS.get(broker, ()))


def published_events(service: str) -> list[EventSpec]:
    for module in EVENT_CONTRACT_MODULES:
        importlib.import_module(module)
    return [spec for spec in EVENTS.all() if spec.topic.producer == service]


def _events_on(topic: Topic, names: frozenset[str] | None) -> list[EventSpec]:
    for module in EVENT_CONTRACT_MODULES:
        importlib.import_module(module)
    return [
        spec
        for spec in EVENTS.all()
        if spec.topic.name == topic.name and (names is None or spec.name in names)
    ]


def _message_id(spec: EventSpec) -> str:
    return f"{spec.name}.v{spec.version}"


def _event_message(spec: EventSpec) -> dict[str, Any]:
    return {
        "name": spec.type,
        "title": f"{spec.name} v{spec.version}",
        "summary": (spec.payload.__doc__ or spec.name).strip().splitlines()[0],
        "contentType": CLOUDEVENTS_CONTENT_TYPE,
        "payload": {
            "allOf": [
                {"$ref": SCHEMA_REF.format(model="CloudEvent")},
                {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "const": spec.type},
                        "dataschema": {"type": "string", "const": spec.dataschema},
                        "data": {"$ref": SCHEMA_REF.format(model=spec.payload.__name__)},
                    },
                    "required": ["type", "dataschema", "data"],
                },
            ]
        },
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": "The aggregate id (CloudEvent subject)"}
            }
        },
    }


def _raw_message(topic: Topic, model: type[BaseModel]) -> dict[str, Any]:
    return {
        "name": topic.name,
        "title": model.__name__,
        "summary": (model.__doc__ or topic.description).strip().splitlines()[0],
        "contentType": "application/json",
        "payload": {"$ref": SCHEMA_REF.format(model=model.__name__)},
    }


DEAD_LETTER_HEADERS = {
    "type": "object",
    "properties": {
        "error": {
            "type": "string",
            "description": "Why the message could not be processed (never its content)",
        }
    },
    "required": ["error"],
}


def _schemas(models: Iterable[type[BaseModel]]) -> dict[str, Any]:
    unique = {model.__name__: model for model in models}
    _, top = models_json_schema(
        [(model, "validation") for model in unique.values()], ref_template=SCHEMA_REF
    )
    return dict(sorted(top.get("$defs", {}).items()))


def build_asyncapi(
    *,
    service: str,
    title: str,
    description: str,
    kafka_bootstrap: str,
    subscriptions: Iterable[Subscription],
) -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    models: list[type[BaseModel]] = [CloudEvent]

    def channel(topic_name: str, description: str, message_ids: list[str]) -> str:
        entry = channels.setdefault(
            topic_name,
            {
                "address": topic_name,
                "description": description,
                "messages": {},
                "bindings": {"kafka": {"topic": topic_name, "bindingVersion": "0.5.0"}},
            },
        )
        for message_id in message_ids:
            entry["messages"][message_id] = {"$ref": f"#/components/messages/{message_id}"}
        return topic_name

    def refs(topic_name: str, message_ids: list[str]) -> list[dict[str, str]]:
        return [{"$ref": f"#/channels/{topic_name}/messages/{m}"} for m in message_ids]

    published = published_events(service)
    for topic in {spec.topic.name: spec.topic for spec in published}.values():
        ids = []
        for spec in published:
            if spec.topic.name == topic.name:
                messages[_message_id(spec)] = _event_message(spec)
                models.append(spec.payload)
                ids.append(_message_id(spec))
        channel(topic.name, topic.description, ids)
        operations[f"publish:{topic.name}"] = {
            "action": "send",
            "summary": f"{service} publishes these events (written to its outbox, then relayed)",
            "channel": {"$ref": f"#/channels/{topic.name}"},
            "messages": refs(topic.name, ids),
        }

    for subscription in subscriptions:
        topic = subscription.topic
        if subscription.raw_payload is not None:
            ids = [f"{topic.name}.message"]
            messages[ids[0]] = _raw_message(topic, subscription.raw_payload)
            models.append(subscription.raw_payload)
        else:
            specs = _events_on(topic, subscription.event_types)
            for spec in specs:
                messages[_message_id(spec)] = _event_message(spec)
                models.append(spec.payload)
            ids = [_message_id(spec) for spec in specs]
        channel(topic.name, topic.description, ids)
        operations[f"receive:{topic.name}:{subscription.group_id}"] = {
            "action": "receive",
            "summary": f"consumer group {subscription.group_id}",
            "channel": {"$ref": f"#/channels/{topic.name}"},
            "messages": refs(topic.name, ids),
            "bindings": {"kafka": {"groupId": {"type": "string", "const": subscription.group_id}}},
        }
        dead_letter_ids = []
        for message_id in ids:
            dead_letter_id = f"{message_id}.dead-letter"
            messages[dead_letter_id] = {
                **messages[message_id],
                "title": f"{messages[message_id]['title']} (dead letter)",
                "headers": DEAD_LETTER_HEADERS,
            }
            dead_letter_ids.append(dead_letter_id)
        channel(
            topic.dlq,
            f"What {service} could not process from {topic.name}, unchanged, "
            "with the reason in the `error` header",
            dead_letter_ids,
        )
        operations[f"dead-letter:{topic.dlq}:{subscription.group_id}"] = {
            "action": "send",
            "summary": f"{service} parks what it cannot process (consumer group "
            f"{subscription.group_id})",
            "channel": {"$ref": f"#/channels/{topic.dlq}"},
            "messages": refs(topic.dlq, dead_letter_ids),
        }

    return {
        "asyncapi": "3.0.0",
        "info": {"title": title, "version": "1.0.0", "description": description},
        "defaultContentType": CLOUDEVENTS_CONTENT_TYPE,
        "servers": {
            "kafka": {"host": kafka_bootstrap, "protocol": "kafka", "description": "Kafka"}
        },
        "channels": dict(sorted(channels.items())),
        "operations": dict(sorted(operations.items())),
        "components": {
            "messages": dict(sorted(messages.items())),
            "schemas": _schemas(models),
        },
    }
