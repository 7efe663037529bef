"""Sends pending deliveries through their channel and records how it went.

Each delivery is handled in its own transaction: the row is claimed
(`FOR UPDATE SKIP LOCKED` on PostgreSQL, so several replicas share the work),
sent, and its status written. A send that succeeded but whose commit failed is
sent again later: e-mail is at-least-once, which is harmless for a message
that only says "there is something to read".
"""

from __future__ import annotations

import asyncio
import logging
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
                        .where(Delivery.status == PENDING, Delivery.next_attempt_at <= now)
                        .order_by(Delivery.next_attempt_at, Delivery.id)
                        .limit(self._batch_size)
                    )
                )
                .scalars()
                .all()
            )
        attempted = 0
        for delivery_id in due:
            attempted += int(await self._attempt(delivery_id, now))
        return attempted

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
                if row.attempts >= self._max_attempts:
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
