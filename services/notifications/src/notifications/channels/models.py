"""Each delivery through a channel and how it went (no personal data).

One row per (event, channel, recipient). In-app deliveries are written as
`sent` in the consumer's own transaction; e-mail starts `pending` and the
dispatcher sends it, retrying with back-off until `max_attempts`.

status: pending | sent | not_sent (channel disabled, no address) |
        rejected (the confidentiality check refused the text) | failed (gave up)
`last_error` holds a short reason or an exception class name, never an
exception's message (an SMTP error can quote an address).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Final

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

PENDING: Final = "pending"
SENT: Final = "sent"
NOT_SENT: Final = "not_sent"
REJECTED: Final = "rejected"
FAILED: Final = "failed"


class Delivery(DistrictOwned, SQLModel, table=True):
    __tablename__: ClassVar[Any] = "deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "channel", "recipient", name="uq_deliveries_event_channel"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    event_id: str = Field(max_length=64)
    kind: str = Field(max_length=64)
    channel: str = Field(max_length=32)
    recipient: str = Field(max_length=300)  # "role:<role>" | "user:<user id>"
    recipient_role: str | None = Field(default=None, max_length=64)
    recipient_user: str | None = Field(default=None, max_length=255)
    case_id: str | None = Field(default=None, max_length=64)
    # The message as routed (checked free of personal data when it was made).
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    link: str = Field(max_length=300)
    status: str = Field(default=PENDING, max_length=16)
    # Part of the recipient's daily digest: sent with the others at the digest hour.
    digest: bool = False
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    sent_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
