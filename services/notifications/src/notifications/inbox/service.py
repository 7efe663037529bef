"""Reading the inbox: which notifications a member of staff sees, and marking them read.

A member of staff sees the notifications addressed to them by user id and those
addressed to any of their roles (or units) in any of their districts. The
request's session adds the district filter on top (DistrictOwned), so a
district outside the token is never visible, whatever the query says.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.principal import Principal
from bostad_common.db_types import insert_if_absent, utcnow
from notifications.inbox.models import InboxNotification, InboxReadReceipt
from notifications.inbox.schemas import InboxNotificationRead


def recipient_groups(principal: Principal) -> frozenset[str]:
    """The staff groups a principal belongs to: their roles and their units."""
    return frozenset(principal.roles) | principal.units


def _addressed_to(principal: Principal) -> ColumnElement[bool]:
    districts = sorted(principal.districts)
    groups = sorted(recipient_groups(principal))
    if not districts:
        return false()
    return and_(
        InboxNotification.district.in_(districts),  # type: ignore[attr-defined]
        or_(
            InboxNotification.recipient_user == principal.subject,
            InboxNotification.recipient_role.in_(groups),  # type: ignore[union-attr]
        ),
    )


def _read(row: InboxNotification, read_at: datetime | None) -> InboxNotificationRead:
    return InboxNotificationRead(
        id=row.id,
        district=row.district,
        kind=row.kind,
        title=row.title,
        body=row.body,
        link=row.link,
        case_id=row.case_id,
        recipient_role=row.recipient_role,
        recipient_user=row.recipient_user,
        created_at=row.created_at,
        read_at=read_at,
    )


async def list_inbox(
    session: AsyncSession,
    principal: Principal,
    *,
    unread_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[InboxNotificationRead]:
    """Newest first, with the caller's own read time."""
    receipt = and_(
        InboxReadReceipt.notification_id == InboxNotification.id,
        InboxReadReceipt.user_id == principal.subject,
    )
    query = (
        select(InboxNotification, InboxReadReceipt.read_at)
        .outerjoin(InboxReadReceipt, receipt)
        .where(_addressed_to(principal))
        .order_by(
            InboxNotification.created_at.desc(),  # type: ignore[attr-defined]
            InboxNotification.id.desc(),  # type: ignore[attr-defined]
        )
        .limit(limit)
        .offset(offset)
    )
    if unread_only:
        query = query.where(InboxReadReceipt.user_id.is_(None))  # type: ignore[union-attr]
    rows = (await session.execute(query)).all()
    return [_read(row, read_at) for row, read_at in rows]


async def mark_read(
    session: AsyncSession, principal: Principal, notification_id: str, now: datetime | None = None
) -> InboxNotificationRead | None:
    """Mark read for the caller; None if the notification is not theirs to see."""
    now = now or utcnow()
    row = (
        await session.execute(
            select(InboxNotification).where(
                InboxNotification.id == notification_id, _addressed_to(principal)
            )
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    await insert_if_absent(
        session,
        InboxReadReceipt,
        {
            "notification_id": row.id,
            "user_id": principal.subject,
            "district": row.district,
            "read_at": now,
        },
        unique=("notification_id", "user_id"),
    )
    if row.read_at is None:
        row.read_at = now
    receipt = await session.get(InboxReadReceipt, (row.id, principal.subject))
    await session.flush()
    return _read(row, receipt.read_at if receipt else now)
