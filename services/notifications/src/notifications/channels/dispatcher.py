"""Sends pending deliveries through their channel and records how it went.

A delivery a person asked to have in their daily digest waits until the
digest hour; then all of that person's due digest deliveries go out as one
e-mail ("Du har 3 nya meddelanden") and are marked sent together.

Each delivery is handled in its own transaction: the row is claimed
(`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several replicas share the work),
sent, and its status written. A mail server that is down or answers 4xx
leaves the delivery pending, retried with back-off, for as long as it takes
(`transient`); only a permanent refusal gives up. A send that succeeded but whose commit failed is
sent again later: e-mail is at-least-once, which is harmless for a message
that only says "there is something to read".
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.directory import get_profile
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db_types import utcnow
from notifications.channels.base import Channel, ChannelDisabled, NoAddress, OutboundMessage
from notifications.channels.confidentiality import ConfidentialContent
from notifications.channels.models import FAILED, NOT_SENT, PENDING, REJECTED, SENT, Delivery
from notifications.routing.recipients import StaffGroup, StaffUser

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=30)


def transient(exc: BaseException) -> bool:
    """A failure that time can mend: the mail server down, unreachable, or answering 4xx.

    Such a delivery stays pending and is retried (back-off capped at 30 minutes)
    however long it takes: an e-mail is never given up because the server was
    down. Anything else (a 5xx refusal, a bug) gives up after `max_attempts`.
    """
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(exc, OSError | smtplib.SMTPServerDisconnected | TimeoutError)


def backoff(attempts: int) -> timedelta:
    """10 s, 20 s, 40 s, ... capped at 30 minutes."""
    return min(timedelta(seconds=10 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _message(row: Delivery, address: str | None = None) -> OutboundMessage:
    recipient: StaffGroup | StaffUser
    if row.recipient_user is not None:
        recipient = StaffUser(row.district, row.recipient_user)
    else:
        recipient = StaffGroup(row.district, row.recipient_role or "")
    return OutboundMessage(
        event_id=row.event_id,
        district=row.district,
        kind=row.kind,
        recipient=recipient,
        title=row.title,
        body=row.body,
        link=row.link,
        case_id=row.case_id,
        address=address,
    )


async def _address_of(session: AsyncSession, row: Delivery) -> str | None:
    """A person's current e-mail from the staff directory (None for a group or inactive)."""
    if row.recipient_user is None:
        return None
    profile = await get_profile(session, row.recipient_user)
    return profile.email if profile is not None and profile.active else None


class DeliveryDispatcher:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        channels: Mapping[str, Channel],
        *,
        max_attempts: int = 5,
        batch_size: int = 50,
    ) -> None:
        self._sessions = sessions
        self._channels = dict(channels)
        self._max_attempts = max(1, max_attempts)
        self._batch_size = batch_size

    async def run_once(self, now: datetime | None = None) -> int:
        """Try every due delivery once; returns how many were attempted."""
        now = now or utcnow()
        async with self._sessions() as session:
            bind_principal(session, SYSTEM)
            due = (
                (
                    await session.execute(
                        select(Delivery.id)
                        .where(
                            Delivery.status == PENDING,
                            Delivery.digest.is_(False),  # type: ignore[attr-defined]
                            Delivery.next_attempt_at <= now,
                        )
                        .order_by(Delivery.next_attempt_at, Delivery.id)
                        .limit(self._batch_size)
                    )
                )
                .scalars()
                .all()
            )
            digest_people = (
                (
                    await session.execute(
                        select(Delivery.recipient_user)
                        .where(
                            Delivery.status == PENDING,
                            Delivery.digest.is_(True),  # type: ignore[attr-defined]
                            Delivery.next_attempt_at <= now,
                        )
                        .distinct()
                        .limit(self._batch_size)
                    )
                )
                .scalars()
                .all()
            )
        attempted = 0
        for delivery_id in due:
            attempted += int(await self._attempt(delivery_id, now))
        for person in digest_people:
            if person is not None:
                attempted += await self._attempt_digest(person, now)
        return attempted

    async def _attempt_digest(self, person: str, now: datetime) -> int:
        """One e-mail for all of a person's due digest deliveries; returns how many it covered."""
        async with self._sessions() as session, session.begin():
            bind_principal(session, SYSTEM)
            rows = (
                (
                    await session.execute(
                        select(Delivery)
                        .where(
                            Delivery.recipient_user == person,
                            Delivery.digest.is_(True),  # type: ignore[attr-defined]
                            Delivery.status == PENDING,
                            Delivery.next_attempt_at <= now,
                        )
                        .order_by(Delivery.created_at, Delivery.id)
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .all()
            )
            if not rows:
                return 0
            channel = self._channels.get(rows[0].channel)
            send_digest = getattr(channel, "send_digest", None)
            try:
                if send_digest is None:
                    raise ChannelDisabled(rows[0].channel)
                await send_digest(
                    rows[0].district, person, await _address_of(session, rows[0]), len(rows)
                )
            except ChannelDisabled:
                self._settle(rows, NOT_SENT, "not sent: channel disabled")
            except NoAddress:
                self._settle(rows, NOT_SENT, "not sent: no address for recipient")
            except ConfidentialContent as exc:
                self._settle(rows, REJECTED, f"rejected: {exc.reason}")
            except Exception as exc:
                for row in rows:
                    row.attempts += 1
                    row.last_error = type(exc).__name__
                    if row.attempts >= self._max_attempts and not transient(exc):
                        row.status = FAILED
                    else:
                        row.next_attempt_at = now + backoff(row.attempts)
                log.warning(
                    "digest failed",
                    extra={"deliveries": len(rows), "error_type": type(exc).__name__},
                )
            else:
                sent_at = utcnow()
                for row in rows:
                    row.attempts += 1
                    row.status, row.sent_at, row.last_error = SENT, sent_at, None
            return len(rows)

    @staticmethod
    def _settle(rows: list[Delivery], status: str, reason: str) -> None:
        for row in rows:
            row.attempts += 1
            row.status, row.last_error = status, reason

    async def _attempt(self, delivery_id: str, now: datetime) -> bool:
        async with self._sessions() as session, session.begin():
            bind_principal(session, SYSTEM)
            row = (
                await session.execute(
                    select(Delivery)
                    .where(Delivery.id == delivery_id, Delivery.status == PENDING)
                    .with_for_update(skip_locked=True)
                )
            ).scalar_one_or_none()
            if row is None:
                return False  # another replica has it, or it is done
            row.attempts += 1
            channel = self._channels.get(row.channel)
            try:
                if channel is None:
                    raise ChannelDisabled(row.channel)
                await channel.send(_message(row, await _address_of(session, row)))
            except ChannelDisabled:
                row.status, row.last_error = NOT_SENT, "not sent: channel disabled"
            except NoAddress:
                row.status, row.last_error = NOT_SENT, "not sent: no address for recipient"
            except ConfidentialContent as exc:
                row.status, row.last_error = REJECTED, f"rejected: {exc.reason}"
            except Exception as exc:
                row.last_error = type(exc).__name__
                if row.attempts >= self._max_attempts and not transient(exc):
                    row.status = FAILED
                else:
                    row.next_attempt_at = now + backoff(row.attempts)
                log.warning(
                    "delivery failed",
                    extra={
                        "delivery_id": row.id,
                        "channel": row.channel,
                        "attempts": row.attempts,
                        "error_type": type(exc).__name__,
                    },
                )
            else:
                row.status, row.sent_at, row.last_error = SENT, utcnow(), None
            return True

    async def run_forever(self, interval: float) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error("delivery round failed", extra={"error_type": type(exc).__name__})
            await asyncio.sleep(interval)
