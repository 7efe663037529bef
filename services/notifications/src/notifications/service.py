"""The use case: one eviction event in, notifications and letters out.

No Kafka and no HTTP here: `apply_event` gets a session (the consumer's unit
of work) and a typed payload, asks the routing rules who is to be told, and
writes everything in that one transaction:

* in-app: an `InboxNotification` (via `InAppChannel`) and a `sent` Delivery;
* e-mail (and any other external channel): a `pending` Delivery, sent later
  by the dispatcher, so a slow or failing mail server never holds up or rolls
  back the consumer;
* letter: the rendered `Letter`, queued for print.

Everything is insert-if-absent on the event id, so applying the same event
twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.db_types import insert_if_absent, new_id, utcnow
from bostad_common.events.eviction import LetterRequestedV1
from notifications.channels.base import OutboundMessage
from notifications.channels.in_app import InAppChannel
from notifications.channels.models import PENDING, SENT, Delivery
from notifications.formatting import stockholm_today
from notifications.inbox.texts import notification_text
from notifications.letters.service import queue_letter
from notifications.routing import route
from notifications.routing.recipients import StaffGroup, StaffUser
from notifications.routing.rules import IN_APP, LETTER


@dataclass
class Applied:
    """What one event produced (counts only; for tests and logs)."""

    in_app: int = 0
    queued: int = 0
    letters: int = 0


async def _record_delivery(
    session: AsyncSession, message: OutboundMessage, channel: str, status: str, now: datetime
) -> bool:
    recipient = message.recipient
    return await insert_if_absent(
        session,
        Delivery,
        {
            "id": new_id(),
            "district": message.district,
            "event_id": message.event_id,
            "kind": message.kind,
            "channel": channel,
            "recipient": recipient.key,
            "recipient_role": recipient.role if isinstance(recipient, StaffGroup) else None,
            "recipient_user": recipient.user_id if isinstance(recipient, StaffUser) else None,
            "case_id": message.case_id,
            "title": message.title,
            "body": message.body,
            "link": message.link,
            "status": status,
            "attempts": 1 if status == SENT else 0,
            "last_error": None,
            "created_at": now,
            "next_attempt_at": now,
            "sent_at": now if status == SENT else None,
        },
        unique=("event_id", "channel", "recipient"),
    )


async def apply_event(
    session: AsyncSession,
    *,
    event_id: str,
    event_name: str,
    payload: BaseModel,
    now: datetime | None = None,
) -> Applied:
    now = now or utcnow()
    applied = Applied()
    in_app = InAppChannel(session)
    for routed in route(event_name, payload):
        if routed.channel == LETTER:
            assert isinstance(payload, LetterRequestedV1)
            if await queue_letter(
                session, event_id=event_id, request=payload, today=stockholm_today(now)
            ):
                applied.letters += 1
            continue
        recipient = routed.recipient
        assert isinstance(recipient, StaffGroup | StaffUser)
        text = notification_text(routed.kind, payload)
        message = OutboundMessage(
            event_id=event_id,
            district=recipient.district,
            kind=routed.kind,
            recipient=recipient,
            title=text.title,
            body=text.body,
            link=text.link,
            case_id=text.case_id,
        )
        if routed.channel == IN_APP:
            await in_app.send(message)
            await _record_delivery(session, message, IN_APP, SENT, now)
        elif await _record_delivery(session, message, routed.channel, PENDING, now):
            applied.queued += 1
    applied.in_app = in_app.created
    return applied
