"""The use case: one event in, notifications and letters out.

No Kafka and no HTTP here: `apply_event` gets a session (the consumer's unit
of work) and a typed payload, asks the district's routing rules who is to be
told, expands groups to the people the staff directory knows, and writes
everything in that one transaction:

* in-app: an `InboxNotification` (via `InAppChannel`) and a `sent` Delivery;
* e-mail (and any other external channel): a `pending` Delivery, sent later
  by the dispatcher, so a slow or failing mail server never holds up or rolls
  back the consumer; due now, or at the digest hour for a person who chose a
  daily digest for this kind (preferences/);
* letter: the rendered `Letter`, stored for print.

One person, one message per channel per event: a person reached by several
rules (a caseworker who is also in the children's unit) is told once, with the
first matching rule's kind; the person who caused the event is not told.
Everything is insert-if-absent on the event id, so applying the same event
twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.directory import active_members_in
from bostad_common.db_types import insert_if_absent, new_id, utcnow
from notifications.channels.base import OutboundMessage
from notifications.channels.in_app import InAppChannel
from notifications.channels.models import PENDING, SENT, Delivery
from notifications.formatting import stockholm_today
from notifications.inbox.texts import notification_text
from notifications.letters.letterhead import Letterhead
from notifications.letters.service import queue_letter
from notifications.preferences.models import DAILY_DIGEST
from notifications.preferences.service import DIGEST_HOUR, email_modes, next_digest_at
from notifications.reminders.service import plan_reminders
from notifications.routing import RoutedNotification, caused_by, route
from notifications.routing.recipients import LetterAddressee, Recipient, StaffGroup, StaffUser
from notifications.routing.rules import IN_APP, LETTER
from notifications.routing.store import rules_for_district

log = logging.getLogger(__name__)


@dataclass
class Applied:
    """What one event produced (counts only; for tests and logs)."""

    in_app: int = 0
    queued: int = 0
    letters: int = 0


async def _record_delivery(
    session: AsyncSession,
    message: OutboundMessage,
    channel: str,
    status: str,
    now: datetime,
    due: datetime | None = None,
    digest: bool = False,
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
            "digest": digest,
            "attempts": 1 if status == SENT else 0,
            "last_error": None,
            "created_at": now,
            "next_attempt_at": due or now,
            "sent_at": now if status == SENT else None,
        },
        unique=("event_id", "channel", "recipient"),
    )


async def expand_to_people(
    session: AsyncSession, routed: Iterable[RoutedNotification], actors: frozenset[str]
) -> list[RoutedNotification]:
    """Groups -> the active people the directory knows in them; one per person and channel.

    A group the directory knows nobody in stays a group (its functional mailbox
    and the in-app inbox of whoever holds the role), so nothing is lost before
    the directory is filled. The people in `actors` are left out.
    """
    members: dict[tuple[str, str], list[str]] = {}
    chosen: dict[tuple[str, str], RoutedNotification] = {}
    for item in sorted(routed, key=lambda r: r.rank):
        recipient = item.recipient
        targets: list[Recipient]
        if isinstance(recipient, StaffGroup):
            key = (recipient.district, recipient.role)
            if key not in members:
                found = await active_members_in(session, recipient.district, [recipient.role])
                members[key] = [p.person_id for p in found]
            if members[key]:
                targets = [
                    StaffUser(recipient.district, person)
                    for person in members[key]
                    if person not in actors
                ]
            else:
                targets = [recipient]
        else:
            targets = [recipient]
        for target in targets:
            if isinstance(target, StaffUser) and target.user_id in actors:
                continue
            chosen.setdefault(
                (target.key, item.channel),
                RoutedNotification(item.kind, target, item.channel, item.rank),
            )
    return list(chosen.values())


async def deliver(
    session: AsyncSession,
    *,
    event_id: str,
    routed: Iterable[RoutedNotification],
    payload: Any,
    actors: frozenset[str],
    now: datetime,
    letterheads: Mapping[str, Letterhead] | None = None,
) -> Applied:
    """Write what `routed` asks for: inbox rows, pending e-mail, letters (insert-if-absent)."""
    today = stockholm_today(now)
    applied = Applied()
    in_app = InAppChannel(session)
    people = await expand_to_people(session, routed, actors)
    modes = await email_modes(
        session,
        [p.recipient.user_id for p in people if isinstance(p.recipient, StaffUser)],
        [p.kind for p in people],
    )
    for item in people:
        recipient = item.recipient
        if item.channel == LETTER:
            assert isinstance(recipient, LetterAddressee)
            if await queue_letter(
                session,
                event_id=event_id,
                kind=item.kind,
                payload=payload,
                today=today,
                letterheads=letterheads,
            ):
                applied.letters += 1
            continue
        assert isinstance(recipient, StaffGroup | StaffUser)
        text = notification_text(item.kind, payload)
        message = OutboundMessage(
            event_id=event_id,
            district=recipient.district,
            kind=item.kind,
            recipient=recipient,
            title=text.title,
            body=text.body,
            link=text.link,
            case_id=text.case_id,
        )
        if item.channel == IN_APP:
            await in_app.send(message)
            await _record_delivery(session, message, IN_APP, SENT, now)
        else:
            digest = (
                isinstance(recipient, StaffUser)
                and modes.get((recipient.user_id, item.kind)) == DAILY_DIGEST
            )
            due = next_digest_at(now, DIGEST_HOUR) if digest else now
            if await _record_delivery(
                session, message, item.channel, PENDING, now, due=due, digest=digest
            ):
                applied.queued += 1
    applied.in_app = in_app.created
    return applied


async def apply_event(
    session: AsyncSession,
    *,
    event_id: str,
    event_name: str,
    payload: BaseModel,
    now: datetime | None = None,
    letterheads: Mapping[str, Letterhead] | None = None,
) -> Applied:
    """Route the event, deliver, and set or cancel the reminders it concerns."""
    now = now or utcnow()
    district = str(getattr(payload, "district"))  # noqa: B009 - every routed payload has one
    rules = await rules_for_district(session, district)
    routed = route(event_name, payload, rules, today=stockholm_today(now))
    applied = await deliver(
        session,
        event_id=event_id,
        routed=routed,
        payload=payload,
        actors=caused_by(event_name, payload),
        now=now,
        letterheads=letterheads,
    )
    await plan_reminders(
        session, event_id=event_id, event_name=event_name, payload=payload, now=now
    )
    return applied
