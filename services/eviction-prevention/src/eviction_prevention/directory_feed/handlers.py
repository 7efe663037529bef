"""Notifications' `StaffMemberChanged`: who is active housing support where.

Eviction-prevention books outreach only for people active as housing support
in the case's district (issue #13, `outreach.service.assign_outreach`). The
staff directory's authority is notifications (SCIM from the identity provider,
tokens just in time); this consumer keeps the copy that question is asked of.
A deactivation committed there reaches the copy here through the outbox, so it
cannot be lost; an older announcement never undoes a newer one
(`bostad_common.auth.directory_sync.apply_announcement`).
"""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.directory_sync import apply_announcement, seed_demo_copy
from bostad_common.db import unit_of_work
from bostad_common.events import CloudEvent
from bostad_common.events.directory import StaffMemberChangedV1
from bostad_common.events.topics import NOTIFICATION_EVENTS
from bostad_common.messaging import consumer_options, subscribe_events
from bostad_common.service import ServiceContext

GROUP_ID = "eviction-prevention.staff-directory"


async def handle_staff_member_changed(
    session: AsyncSession, event: CloudEvent, payload: BaseModel
) -> None:
    assert isinstance(payload, StaffMemberChangedV1)
    await apply_announcement(session, payload)


async def seed_demo_staff(ctx: ServiceContext) -> None:
    """Development and demo: the demo staff can be booked at once, before the
    authority's announcements (which say the same) arrive; they never outrank one."""
    if ctx.settings.seeds_demo_directory():
        async with unit_of_work(ctx.sessions) as session:
            await seed_demo_copy(session)


def register(ctx: ServiceContext) -> None:
    subscribe_events(
        ctx.broker,
        topic=NOTIFICATION_EVENTS,
        group_id=GROUP_ID,
        sessions=ctx.sessions,
        handler=handle_staff_member_changed,
        event_types={"StaffMemberChanged"},
        **consumer_options(ctx.settings),
    )
