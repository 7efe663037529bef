"""What the inbox API returns."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from notifications.inbox.texts import NotificationKind


class InboxNotificationRead(BaseModel):
    id: str
    district: str
    kind: NotificationKind
    title: str
    body: str
    link: str
    case_id: str | None
    recipient_role: str | None  # set when addressed to a group (e.g. caseworker)
    recipient_user: str | None  # set when addressed to the caller personally
    created_at: datetime
    read_at: datetime | None  # when the caller read it; None = unread for the caller
