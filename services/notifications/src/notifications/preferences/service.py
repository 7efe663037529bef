"""Reading and setting preferences, and when the next daily digest goes out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.db_types import utcnow
from bostad_common.workdays import STOCKHOLM, to_stockholm
from notifications.preferences.models import (
    DAILY_DIGEST,
    EVERY_KIND,
    IMMEDIATE,
    NotificationPreference,
)

# The daily digest goes out at 07:00 Stockholm time, before the working day.
DIGEST_HOUR: Final = 7


async def email_modes(
    session: AsyncSession, people: Iterable[str], kinds: Iterable[str]
) -> dict[tuple[str, str], str]:
    """(person, kind) -> immediate | daily_digest, for every pair asked about."""
    people, kinds = sorted(set(people)), sorted(set(kinds))
    if not people:
        return {}
    rows = (
        await session.execute(
            select(NotificationPreference).where(
                NotificationPreference.person_id.in_(people),  # type: ignore[attr-defined]
                NotificationPreference.kind.in_([*kinds, EVERY_KIND]),  # type: ignore[attr-defined]
            )
        )
    ).scalars()
    chosen = {(row.person_id, row.kind): row.email for row in rows}
    return {
        (person, kind): chosen.get((person, kind), chosen.get((person, EVERY_KIND), IMMEDIATE))
        for person in people
        for kind in kinds
    }


async def preferences_of(session: AsyncSession, person_id: str) -> list[NotificationPreference]:
    rows = await session.execute(
        select(NotificationPreference)
        .where(NotificationPreference.person_id == person_id)
        .order_by(NotificationPreference.kind)
    )
    return list(rows.scalars())


async def set_preference(
    session: AsyncSession, person_id: str, kind: str, email: str
) -> NotificationPreference:
    row = await session.get(NotificationPreference, (person_id, kind))
    if row is None:
        row = NotificationPreference(person_id=person_id, kind=kind, email=email)
        session.add(row)
    else:
        row.email, row.updated_at = email, utcnow()
    await session.flush()
    return row


def next_digest_at(now: datetime, hour: int) -> datetime:
    """The next `hour`:00 in Stockholm after `now` (summer and winter time alike)."""
    local = to_stockholm(now)
    candidate = datetime.combine(local.date(), time(hour), tzinfo=STOCKHOLM)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), time(hour), tzinfo=STOCKHOLM)
    return candidate


__all__ = [
    "DAILY_DIGEST",
    "DIGEST_HOUR",
    "IMMEDIATE",
    "email_modes",
    "next_digest_at",
    "set_preference",
]
