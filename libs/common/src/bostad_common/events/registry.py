"""Explicit registry of event types and their payload versions.

Routing is by the registered name and version, never by Python class names, so
renaming a class cannot silently change what is on the wire. A breaking change
to a payload is a new version registered beside the old one; consumers accept
the versions they know and reject the rest (to the dead-letter topic).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from bostad_common.events.envelope import CloudEvent
from bostad_common.events.topics import Topic

TYPE_PREFIX = "se.bostad."


class UnknownEventType(LookupError):
    pass


@dataclass(frozen=True)
class EventSpec:
    name: str  # past tense, e.g. "NoticeReceived"
    version: int
    payload: type[BaseModel]
    topic: Topic

    @property
    def type(self) -> str:
        return TYPE_PREFIX + self.name

    @property
    def dataschema(self) -> str:
        return f"bostad:{self.name}:v{self.version}"


class EventRegistry:
    def __init__(self) -> None:
        self._specs: dict[tuple[str, int], EventSpec] = {}
        self._by_payload: dict[type[BaseModel], EventSpec] = {}

    def register(
        self, name: str, version: int, payload: type[BaseModel], topic: Topic
    ) -> EventSpec:
        key = (name, version)
        if key in self._specs:
            raise ValueError(f"event {name} v{version} registered twice")
        spec = EventSpec(name, version, payload, topic)
        self._specs[key] = spec
        self._by_payload[payload] = spec
        return spec

    def spec_for_payload(self, payload: BaseModel) -> EventSpec:
        try:
            return self._by_payload[type(payload)]
        except KeyError:
            raise UnknownEventType(f"{type(payload).__name__} is not a registered event") from None

    def spec_for(self, event: CloudEvent) -> EventSpec:
        name = event.type.removeprefix(TYPE_PREFIX)
        try:
            version = int(event.dataschema.rsplit(":v", 1)[1])
            return self._specs[(name, version)]
        except (IndexError, ValueError, KeyError):
            raise UnknownEventType(f"unknown event {event.type} ({event.dataschema})") from None

    def parse(self, event: CloudEvent) -> BaseModel:
        """The typed payload of an event; raises on unknown type or invalid data."""
        return self.spec_for(event).payload.model_validate(event.data)

    def all(self) -> list[EventSpec]:
        return list(self._specs.values())


EVENTS = EventRegistry()


def make_event(
    payload: BaseModel,
    *,
    source: str,
    subject: str,
    district: str | None,
    correlationid: str | None = None,
    causationid: str | None = None,
    registry: EventRegistry = EVENTS,
) -> CloudEvent:
    spec = registry.spec_for_payload(payload)
    data: dict[str, Any] = payload.model_dump(mode="json")
    return CloudEvent(
        source=source,
        type=spec.type,
        dataschema=spec.dataschema,
        subject=subject,
        district=district,
        correlationid=correlationid,
        causationid=causationid,
        data=data,
    )
