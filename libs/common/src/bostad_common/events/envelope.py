"""The CloudEvents 1.0 envelope every internal event travels in (structured mode).

Kafka value = the envelope as JSON, content type `application/cloudevents+json`.
Extensions: `district` (tenant), `correlationid` (the first cause of a chain),
`causationid` (the event or request that directly caused this one) and
`dataschema`, which names the payload's type and version.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json"


def new_event_id() -> str:
    return str(uuid.uuid4())


class CloudEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    specversion: str = "1.0"
    id: str = Field(default_factory=new_event_id)
    source: str = Field(description="The producing service, e.g. /bostad/eviction-prevention")
    type: str = Field(description="Past-tense event name, e.g. se.bostad.NoticeReceived")
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = Field(None, description="The aggregate id; also the Kafka key")
    datacontenttype: str = "application/json"
    dataschema: str = Field(description="bostad:<EventName>:v<N>")
    district: str | None = None
    correlationid: str | None = None
    causationid: str | None = None
    data: dict[str, Any]

    def to_json_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_json_bytes(cls, raw: bytes | str) -> CloudEvent:
        return cls.model_validate_json(raw)
