"""Event envelope, topics, the type registry and the versioned payload schemas."""

from bostad_common.events.envelope import CLOUDEVENTS_CONTENT_TYPE, CloudEvent
from bostad_common.events.registry import EVENTS, EventRegistry, EventSpec, make_event
from bostad_common.events.topics import ALL_TOPICS, Topic

__all__ = [
    "ALL_TOPICS",
    "CLOUDEVENTS_CONTENT_TYPE",
    "EVENTS",
    "CloudEvent",
    "EventRegistry",
    "EventSpec",
    "Topic",
    "make_event",
]
