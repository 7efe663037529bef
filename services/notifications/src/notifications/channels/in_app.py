"""The in-app channel: a row in the recipient's portal inbox.

It writes into the session it is given - the consumer's transaction - so the
notification commits together with the processed-event record of the event, or not at
all. Insert-if-absent on `(event_id, recipient)` makes a second delivery of the
same event a no-op even if the processed-event record were bypassed.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.db_types import insert_if_absent, new_id, utcnow
from notifications.channels.base import Channel, OutboundMessage
from notifications.inbox.models import InboxNotification
from notifications.routing.recipients import StaffGroup


class InAppChannel(Channel):
    name: ClassVar[str] = "in_app"

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self.created = 0

    async def send(self, message: OutboundMessage) -> None:
        recipient = message.recipient
        inserted = await insert_if_absent(
            self._session,
            InboxNotification,
            {
                "id": new_id(),
                "district": message.district,
                "recipient": recipient.key,
                "recipient_role": recipient.role if isinstance(recipient, StaffGroup) else None,
                "recipient_user": None if isinstance(recipient, StaffGroup) else recipient.user_id,
                "event_id": message.event_id,
                "kind": message.kind,
                "case_id": message.case_id,
                "title": message.title,
                "body": message.body,
                "link": message.link,
                "created_at": utcnow(),
                "read_at": None,
            },
            unique=("event_id", "recipient"),
        )
        self.created += int(inserted)
