"""In-app notifications and who has read them.

A notification is addressed to a staff group in a district (`recipient_role`,
e.g. the caseworkers of Bromma) or to one member of staff (`recipient_user`).
`recipient` is the same address as one non-null text ("role:caseworker",
"user:<id>") so that `(event_id, recipient)` can be unique: a redelivered event
never adds a second notification.

Title and body are Swedish and carry no personal data (ids, codes, dates only);
`link` is a portal path with ids only.

Read state is per person (`InboxReadReceipt`): one caseworker reading a group
notification does not mark it read for the colleagues. `read_at` on the
notification is when someone first read it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class InboxNotification(DistrictOwned, SQLModel, table=True):
    __tablename__: ClassVar[Any] = "inbox_notifications"
    __table_args__ = (
        UniqueConstraint("event_id", "recipient", name="uq_inbox_notifications_event_recipient"),
        Index("ix_inbox_notifications_role", "district", "recipient_role", "created_at"),
        Index("ix_inbox_notifications_user", "recipient_user", "created_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    recipient: str = Field(max_length=300)  # "role:<role>" | "user:<user id>"
    recipient_role: str | None = Field(default=None, max_length=64)
    recipient_user: str | None = Field(default=None, max_length=255)
    event_id: str = Field(max_length=64)
    kind: str = Field(max_length=64)
    case_id: str | None = Field(default=None, max_length=64, index=True)
    title: str = Field(max_length=200)
    body: str = Field(sa_column=Column(Text, nullable=False))
    link: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    read_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))


class InboxReadReceipt(DistrictOwned, SQLModel, table=True):
    __tablename__: ClassVar[Any] = "inbox_read_receipts"

    notification_id: str = Field(
        sa_column=Column(
            String(64),
            ForeignKey("inbox_notifications.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    user_id: str = Field(primary_key=True, max_length=255)
    read_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
