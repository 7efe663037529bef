"""The staff directory: who works where, in which roles and units, and whether they are active.

Infrastructure shared by every service (like the access log): the tables are
defined here; a service that keeps a copy of the directory creates them in its
own migration (notifications does, and serves the SCIM API that fills them).

A person is provisioned three ways, all through `upsert_member`:

* just in time from a verified token (`directory_sync.provision_and_announce`): the claims
  `sub`, `name`, `email`, `roles`, `districts`, `units` are the truth of the
  moment, so each request refreshes them - unless the person came over SCIM,
  whose roles, units and districts only SCIM changes (a token may be hours old);
* by the municipality's identity provider over SCIM 2.0 (`source="scim"`),
  which is also how a person is *deactivated* when they leave;
* from the demo users of the development issuer (`demo_profiles`) for `./bostad up`.

A token never reactivates someone the identity provider deactivated: the
provider is the authority on who still works here, a token may live for hours.

Membership is stored as one row per (person, district, group), where a group is
a role of the permission matrix or a unit (`vocabulary.StaffUnit`); roles and
districts come as independent claims, so every role holds in every district.
`is_active_in(session, person_id, group, district)` is the question other
services ask, e.g. eviction-prevention before assigning outreach to someone
who must be active housing support in the case's district. Those services keep
a copy of these tables, filled from the authority's announcements
(`bostad_common.auth.directory_sync`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Final, Literal

from sqlalchemy import Index, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel

from bostad_common.auth.principal import Principal
from bostad_common.db_types import insert_if_absent, instant_column, utcnow
from bostad_common.events.vocabulary import STAFF_UNITS

__all__ = [
    "DirectorySource",
    "InactiveStaffMember",
    "StaffMember",
    "StaffMembership",
    "StaffProfile",
    "active_members_in",
    "deactivate_member",
    "demo_profiles",
    "get_profile",
    "is_active_in",
    "profile_from_principal",
    "profiles_of",
    "require_active_in",
    "seed_demo_directory",
    "upsert_member",
]

# Where an entry came from: a verified token, the identity provider over SCIM, the
# demo seed, or (in a service that keeps a copy) the authority's announcement.
DirectorySource = Literal["token", "scim", "seed", "sync"]
ROLE: Final = "role"
UNIT: Final = "unit"


class StaffMember(SQLModel, table=True):
    """One member of staff; `person_id` is the token subject (SCIM `userName`)."""

    __tablename__: ClassVar[Any] = "staff_members"
    # Only services that keep the directory have this table (see db.service_metadata).
    __opt_in_table__: ClassVar[bool] = True

    person_id: str = Field(primary_key=True, max_length=255)
    name: str = Field(default="", max_length=200)
    email: str | None = Field(default=None, max_length=254)
    # Work phone, printed on letters the person sends (from SCIM `phoneNumbers`).
    phone: str | None = Field(default=None, max_length=40)
    active: bool = True
    source: str = Field(default="token", max_length=16)
    external_id: str | None = Field(default=None, max_length=255)  # the IdP's own id
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class StaffMembership(SQLModel, table=True):
    """`person_id` holds `group_code` (a role or a unit) in `district`."""

    __tablename__: ClassVar[Any] = "staff_memberships"
    __opt_in_table__: ClassVar[bool] = True
    __table_args__ = (Index("ix_staff_memberships_group", "district", "group_code"),)

    person_id: str = Field(primary_key=True, max_length=255, foreign_key="staff_members.person_id")
    district: str = Field(primary_key=True, max_length=64)
    group_code: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=8)  # "role" | "unit"


class InactiveStaffMember(PermissionError):
    """The directory knows this person as no longer active."""

    def __init__(self) -> None:
        super().__init__("staff member is not active")


@dataclass(frozen=True)
class StaffProfile:
    person_id: str
    name: str = ""
    email: str | None = None
    roles: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    districts: frozenset[str] = frozenset()
    active: bool = True
    external_id: str | None = field(default=None, compare=False)
    phone: str | None = field(default=None, compare=False)

    def holds(self, group: str, district: str) -> bool:
        """Active and holding `group` (role or unit) in `district`."""
        return (
            self.active
            and district in self.districts
            and (group in self.roles or group in self.units)
        )


def profile_from_principal(principal: Principal) -> StaffProfile:
    return StaffProfile(
        person_id=principal.subject,
        name=principal.display_name,
        email=principal.email or None,
        roles=principal.roles,
        units=principal.units,
        districts=principal.districts,
    )


def demo_profiles() -> list[StaffProfile]:
    """The development issuer's fictional demo users, as directory entries.

    The issuer lives in the development package (bostad-devkit), which no service
    image installs: this is reached only when seeding is asked for, in development.
    """
    try:
        from bostad_devkit.dev_issuer import DEMO_USERS
    except ImportError as exc:  # pragma: no cover - a production image asked for demo users
        raise RuntimeError(
            "the demo staff directory needs the development package bostad-devkit"
        ) from exc

    return [
        StaffProfile(
            person_id=user.username,
            name=user.name,
            email=user.email,
            roles=frozenset(user.roles),
            units=frozenset(user.units) & frozenset(STAFF_UNITS),
            districts=frozenset(user.districts),
        )
        for user in DEMO_USERS.values()
    ]


def _memberships(profile: StaffProfile) -> list[dict[str, str]]:
    rows = []
    for district in sorted(profile.districts):
        rows += [
            {"person_id": profile.person_id, "district": district, "group_code": g, "kind": ROLE}
            for g in sorted(profile.roles)
        ]
        rows += [
            {"person_id": profile.person_id, "district": district, "group_code": g, "kind": UNIT}
            for g in sorted(profile.units)
        ]
    return rows


async def profiles_of(session: AsyncSession, members: Sequence[StaffMember]) -> list[StaffProfile]:
    """The profiles of `members`, in their order, with their memberships in one query."""
    if not members:
        return []
    ids = [m.person_id for m in members]
    rows = (
        await session.execute(
            select(StaffMembership).where(StaffMembership.person_id.in_(ids))  # type: ignore[attr-defined]
        )
    ).scalars()
    held: dict[str, list[StaffMembership]] = {}
    for row in rows:
        held.setdefault(row.person_id, []).append(row)
    return [
        StaffProfile(
            person_id=m.person_id,
            name=m.name,
            email=m.email,
            roles=frozenset(r.group_code for r in held.get(m.person_id, []) if r.kind == ROLE),
            units=frozenset(r.group_code for r in held.get(m.person_id, []) if r.kind == UNIT),
            districts=frozenset(r.district for r in held.get(m.person_id, [])),
            active=m.active,
            external_id=m.external_id,
            phone=m.phone,
        )
        for m in members
    ]


async def get_profile(session: AsyncSession, person_id: str) -> StaffProfile | None:
    member = await session.get(StaffMember, person_id)
    if member is None:
        return None
    return (await profiles_of(session, [member]))[0]


async def upsert_member(
    session: AsyncSession,
    profile: StaffProfile,
    *,
    source: DirectorySource,
    now: datetime | None = None,
) -> StaffProfile:
    """Create or replace a person's entry and memberships; returns the stored profile.

    `source="token"` keeps `active` as the directory has it (a token cannot
    reactivate), and the memberships of a person SCIM provisioned; SCIM, the
    seed and a copy's announcements set them.
    """
    now = now or utcnow()
    await insert_if_absent(
        session,
        StaffMember,
        {
            "person_id": profile.person_id,
            "name": profile.name,
            "email": profile.email,
            "phone": profile.phone,
            "active": profile.active,
            "source": source,
            "external_id": profile.external_id,
            "created_at": now,
            "updated_at": now,
        },
        unique=("person_id",),
    )
    member = await session.get(StaffMember, profile.person_id, populate_existing=True)
    assert member is not None
    member.name = profile.name or member.name
    member.email = profile.email or member.email
    member.phone = profile.phone or member.phone
    # A person the identity provider pushes over SCIM holds what SCIM last said: a
    # token may be hours old and still name a role or district taken away since.
    keeps_memberships = source == "token" and member.source == "scim"
    if source != "token":
        member.active = profile.active
        member.source = source
        member.external_id = profile.external_id or member.external_id
    member.updated_at = now
    if not keeps_memberships:
        await session.execute(
            delete(StaffMembership).where(StaffMembership.person_id == profile.person_id)  # type: ignore[arg-type]
        )
        rows = _memberships(profile)
        if rows:
            await session.execute(StaffMembership.__table__.insert(), rows)  # type: ignore[attr-defined]
    await session.flush()
    stored = await get_profile(session, profile.person_id)
    assert stored is not None
    return stored


async def deactivate_member(
    session: AsyncSession, person_id: str, *, now: datetime | None = None
) -> bool:
    """Mark a person inactive (SCIM DELETE or `active: false`); False if unknown."""
    member = await session.get(StaffMember, person_id)
    if member is None:
        return False
    member.active = False
    member.updated_at = now or utcnow()
    await session.flush()
    return True


async def seed_demo_directory(session: AsyncSession) -> int:
    """Put the demo users in the directory (development only); returns how many."""
    profiles = demo_profiles()
    for profile in profiles:
        await upsert_member(session, profile, source="seed")
    return len(profiles)


async def active_members_in(
    session: AsyncSession, district: str, groups: Iterable[str]
) -> list[StaffProfile]:
    """Active people holding any of `groups` (roles or units) in `district`."""
    wanted = sorted(set(groups))
    if not wanted:
        return []
    ids = select(StaffMembership.person_id).where(
        StaffMembership.district == district,
        StaffMembership.group_code.in_(wanted),  # type: ignore[attr-defined]
    )
    members = (
        (
            await session.execute(
                select(StaffMember)
                .where(StaffMember.person_id.in_(ids), StaffMember.active.is_(True))  # type: ignore[attr-defined]
                .order_by(StaffMember.person_id)
            )
        )
        .scalars()
        .all()
    )
    return await profiles_of(session, members)


async def is_active_in(session: AsyncSession, person_id: str, group: str, district: str) -> bool:
    """True only if the person is known, active, and holds `group` in `district`.

    The check other services make before giving someone work, e.g. outreach to
    housing support (`group="housing_support"`).
    """
    profile = await get_profile(session, person_id)
    return profile is not None and profile.holds(group, district)


async def require_active_in(
    session: AsyncSession,
    person_ids: Sequence[str],
    group: str,
    district: str,
    *,
    field: str,
) -> None:
    """Refuse work for anyone not active in `group` in `district` (422 naming the field).

    E.g. eviction-prevention before an outreach assignment:
    `await require_active_in(session, data.staff, "housing_support", case.district,
    field="staff")`. The message names the position, never the person.
    """
    from bostad_common.http_errors import FieldErrors

    errors = [
        {"field": f"{field}[{index}]", "message": f"not active {group} in {district}"}
        for index, person_id in enumerate(person_ids)
        if not await is_active_in(session, person_id, group, district)
    ]
    if errors:
        raise FieldErrors(errors)
