"""Copies of the staff directory, kept in step with the service that is its authority.

Notifications is the directory's authority: the identity provider pushes people
there over SCIM and tokens refresh them just in time. Every change of what a
person may be given (active or not; roles, units, districts) is announced as a
`StaffMemberChanged` event through the authority's outbox, in the transaction
that stored it, so a copy can never miss a deactivation that was committed.

A service that must refuse work to the wrong person (eviction-prevention books
outreach only for active housing support in the case's district) keeps a copy
in the same tables (`StaffMember`, `StaffMembership`, opted into by its
`models` module) and applies the announcements with `apply_announcement`.

The authority also announces everyone at each start (`announce_everyone`):
a new copy is filled without a manual step, and a copy restored from an older
backup catches up. Announcements carry the time the authority stored the
state; a copy ignores one older than what it holds, so order and replays do
not matter (last writer wins, per person; one person's events share a Kafka key).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.directory import (
    DirectorySource,
    InactiveStaffMember,
    StaffMember,
    StaffProfile,
    deactivate_member,
    demo_profiles,
    get_profile,
    profile_from_principal,
    profiles_of,
    upsert_member,
)
from bostad_common.auth.principal import Principal
from bostad_common.db_types import utcnow
from bostad_common.events.directory import StaffMemberChangedV1
from bostad_common.events.registry import make_event
from bostad_common.messaging.outbox import add_to_outbox

__all__ = [
    "COPY_SEED_TIME",
    "announce_everyone",
    "apply_announcement",
    "deactivate_and_announce",
    "provision_and_announce",
    "seed_demo_copy",
    "store_and_announce",
]

# When a copy's demo entries count as stored: before anything the authority can say.
COPY_SEED_TIME = datetime(1970, 1, 1, tzinfo=UTC)

# The authority's event source (CloudEvents `source`).
AUTHORITY_SOURCE = "/bostad/notifications"


def _access(profile: StaffProfile | None) -> tuple[object, ...] | None:
    """What a copy holds of a person: the part of a profile that decides who gets work."""
    if profile is None:
        return None
    return (profile.active, profile.roles, profile.units, profile.districts)


async def _lock(session: AsyncSession, person_id: str) -> None:
    """Serialise changes of one person (PostgreSQL; SQLite has one writer anyway).

    A request provisioning someone just in time and the identity provider
    deactivating them at the same moment would otherwise each read the state
    before the other, and the later announcement could say "active" after the
    deactivation. The row is read again after the lock, so the state is current.
    """
    await session.execute(
        select(StaffMember)
        .where(StaffMember.person_id == person_id)  # type: ignore[arg-type]
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def _announce(session: AsyncSession, profile: StaffProfile, changed_at: datetime) -> None:
    await add_to_outbox(
        session,
        make_event(
            StaffMemberChangedV1(
                person_id=profile.person_id,
                active=profile.active,
                roles=sorted(profile.roles),
                units=sorted(profile.units),
                districts=sorted(profile.districts),
                changed_at=changed_at,
            ),
            source=AUTHORITY_SOURCE,
            subject=profile.person_id,
            district=None,
        ),
    )


async def store_and_announce(
    session: AsyncSession,
    profile: StaffProfile,
    *,
    source: DirectorySource,
    now: datetime | None = None,
) -> StaffProfile:
    """`upsert_member`, announcing the result if the person's access changed."""
    await _lock(session, profile.person_id)
    now = now or utcnow()
    before = await get_profile(session, profile.person_id)
    stored = await upsert_member(session, profile, source=source, now=now)
    if _access(before) != _access(stored):
        await _announce(session, stored, now)
    return stored


async def deactivate_and_announce(
    session: AsyncSession, person_id: str, *, now: datetime | None = None
) -> bool:
    """`deactivate_member`, announcing it; False if the person is unknown."""
    await _lock(session, person_id)
    now = now or utcnow()
    before = await get_profile(session, person_id)
    if not await deactivate_member(session, person_id, now=now):
        return False
    if before is not None and before.active:
        stored = await get_profile(session, person_id)
        assert stored is not None
        await _announce(session, stored, now)
    return True


async def provision_and_announce(session: AsyncSession, principal: Principal) -> StaffProfile:
    """Just-in-time provisioning of a verified staff caller; raises InactiveStaffMember.

    A token cannot reactivate someone the identity provider deactivated, but
    new roles or districts in it are announced like any other change.
    """
    profile = await store_and_announce(session, profile_from_principal(principal), source="token")
    if not profile.active:
        raise InactiveStaffMember()
    return profile


async def announce_everyone(session: AsyncSession) -> int:
    """Announce every person as the directory holds them now; returns how many.

    Each announcement carries the person's own `updated_at`, so a copy that is
    already up to date changes nothing.
    """
    members = (await session.execute(select(StaffMember))).scalars().all()
    for member, profile in zip(members, await profiles_of(session, members), strict=True):
        await _announce(session, profile, member.updated_at)
    return len(members)


async def apply_announcement(session: AsyncSession, change: StaffMemberChangedV1) -> bool:
    """Bring a copy of the directory up to `change`; False if the copy holds newer news."""
    held = await session.get(StaffMember, change.person_id)
    if held is not None and held.updated_at > change.changed_at:
        return False
    await upsert_member(
        session,
        StaffProfile(
            person_id=change.person_id,
            active=change.active,
            roles=frozenset(change.roles),
            units=frozenset(change.units),
            districts=frozenset(change.districts),
        ),
        source="sync",
        now=change.changed_at,
    )
    return True


async def seed_demo_copy(session: AsyncSession) -> int:
    """Development: the demo users in a copy that has no entry for them yet.

    Dated `COPY_SEED_TIME`, so any announcement of the authority wins over them,
    and never over an entry the copy has: a restart does not undo a change the
    authority announced (a deactivation above all). Returns how many were added.
    """
    added = 0
    for profile in demo_profiles():
        if await session.get(StaffMember, profile.person_id) is None:
            await upsert_member(session, profile, source="seed", now=COPY_SEED_TIME)
            added += 1
    return added
