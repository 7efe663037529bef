"""Case operations: open or join on a notice, staff-created cases, reading.

Functions flush but never commit: the caller's unit of work commits the state
change together with its outbox events.

`cases` is the aggregate the others hang on (notices, outreach, outcomes
import it); it imports none of them back. What a case needs to know about the
notices linked to it — their kinds and channels decide its checklist — comes
in through `LinkedNoticeReasons`, a function the caller hands in
(`notices.service.reasons_of_linked_notices`; `app.py` wires it for the staff API).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import NotFound
from bostad_common.events import make_event
from bostad_common.events.eviction import CaseOpenedV1
from bostad_common.messaging import add_to_outbox
from eviction_prevention.actor import log_person_access
from eviction_prevention.cases import rules
from eviction_prevention.cases.models import Case
from eviction_prevention.checklists import service as checklists
from eviction_prevention.checklists.rules import CaseProfile

EVENT_SOURCE = "/bostad/eviction-prevention"


@dataclass(frozen=True)
class CaseInput:
    """What opens or joins a case: a household in a district and why it came in."""

    district: str
    personal_number: str  # canonical YYYYMMDD-NNNN
    tenant_name: str
    tenant_phone: str | None
    street: str
    postal_code: str
    city: str
    apartment_number: str | None
    children: int | None
    kind: str  # a notice kind: why the case opens, or why this notice joins it
    channel: str  # http | kafka | tenancy | staff
    intake_type: str
    served_at: date | None = None
    eviction_date: date | None = None
    notice_id: str | None = None


@dataclass(frozen=True)
class Reasons:
    """Why a case is there: the notice kinds and the channels they came by."""

    kinds: frozenset[str]
    channels: frozenset[str]


# Reads the reasons of the notices linked to a case (session, case_id).
LinkedNoticeReasons = Callable[[AsyncSession, str], Awaitable[Reasons]]


async def log_case(session: AsyncSession, actor: Actor, case: Case, action: str) -> None:
    """One access-log entry for reading or changing the case (it holds personal data)."""
    await log_person_access(
        session,
        actor,
        personal_number=case.personal_number,
        action=action,
        resource=f"case:{case.id}",
        district=case.district,
    )


async def find_open_case(session: AsyncSession, district: str, personal_number: str) -> Case | None:
    result = await session.execute(
        select(Case)
        .where(
            Case.district == district,
            Case.personal_number == personal_number,
            Case.status == "open",
        )
        .with_for_update()
    )
    return result.scalar_one_or_none()


async def get_case(session: AsyncSession, case_id: str, *, for_update: bool = False) -> Case:
    """The case, if it exists in a district the session may see; else NotFound."""
    query = select(Case).where(Case.id == case_id)
    if for_update:
        query = query.with_for_update()
    case = (await session.execute(query)).scalar_one_or_none()
    if case is None:
        raise NotFound("case not found")
    return case


async def profile_of(
    session: AsyncSession, case: Case, linked_reasons: LinkedNoticeReasons
) -> CaseProfile:
    """The case's own facts together with those of every notice linked to it."""
    own = _own_profile(case)
    linked = await linked_reasons(session, case.id)
    return CaseProfile(
        track=own.track,
        kinds=own.kinds | linked.kinds,
        channels=own.channels | linked.channels,
        children_possible=own.children_possible,
    )


def _own_profile(case: Case) -> CaseProfile:
    """The profile from the case's own facts, before any notice linked to it."""
    return CaseProfile(
        track=case.track,
        kinds=frozenset({case.notice_kind}),
        channels=frozenset({case.channel}),
        children_possible=case.children_unknown or (case.children or 0) > 0,
    )


def _new_case(data: CaseInput, actor: Actor, now: datetime) -> Case:
    decision = rules.choose_track(data.kind, data.children)
    return Case(
        district=data.district,
        status="open",
        intake_type=data.intake_type,
        notice_kind=data.kind,
        channel=data.channel,
        track=decision.track,
        children=data.children,
        children_unknown=decision.children_unknown,
        personal_number=data.personal_number,
        tenant_name=data.tenant_name,
        tenant_phone=data.tenant_phone,
        street=data.street,
        postal_code=data.postal_code,
        city=data.city,
        apartment_number=data.apartment_number,
        redemption_deadline=rules.redemption_deadline(data.kind, data.served_at),
        eviction_date=data.eviction_date,
        opened_at=now,
        opened_by=actor.name,
    )


def _join(case: Case, data: CaseInput) -> None:
    """A further notice about the household: newer facts win, the track only escalates."""
    if data.children is not None:
        case.children = data.children
        case.children_unknown = False
    known_children = None if case.children_unknown else case.children
    incoming = rules.choose_track(data.kind, known_children)
    case.track = rules.merge_track(case.track, incoming.track)  # type: ignore[arg-type]
    deadline = rules.redemption_deadline(data.kind, data.served_at)
    if deadline is not None:
        case.redemption_deadline = deadline
    if data.eviction_date is not None:
        case.eviction_date = data.eviction_date
    # Contact details: the latest notice knows best.
    case.tenant_name = data.tenant_name
    if data.tenant_phone:
        case.tenant_phone = data.tenant_phone
    case.street, case.postal_code, case.city = data.street, data.postal_code, data.city
    case.apartment_number = data.apartment_number


async def open_or_join(
    session: AsyncSession,
    actor: Actor,
    data: CaseInput,
    *,
    now: datetime,
    linked_reasons: LinkedNoticeReasons,
) -> tuple[Case, bool]:
    """The household's open case in the district, joined; or a new case. (case, opened)."""
    case = await find_open_case(session, data.district, data.personal_number)
    opened = False
    if case is None:
        candidate = _new_case(data, actor, now)
        try:
            async with session.begin_nested():
                session.add(candidate)
                await session.flush()
            case, opened = candidate, True
        except IntegrityError:
            # Another notice about the same household opened the case a moment ago.
            case = await find_open_case(session, data.district, data.personal_number)
            if case is None:
                raise
    if not opened:
        _join(case, data)
        await session.flush()
    # A case opened just now has no notices linked and no items yet: nothing to read.
    profile = _own_profile(case) if opened else await profile_of(session, case, linked_reasons)
    # The notice that triggered this may not be linked to the case yet: add its facts.
    profile = CaseProfile(
        track=profile.track,
        kinds=profile.kinds | {data.kind},
        channels=profile.channels | {data.channel},
        children_possible=profile.children_possible,
    )
    await checklists.ensure_items(
        session,
        case_id=case.id,
        district=case.district,
        profile=profile,
        now=now,
        new_case=opened,
    )
    if opened:
        payload = CaseOpenedV1(
            case_id=case.id,
            notice_id=data.notice_id,
            district=case.district,
            track=case.track,  # type: ignore[arg-type]
            children_unknown=case.children_unknown,
            intake_type=case.intake_type,  # type: ignore[arg-type]
            notice_kind=case.notice_kind,  # type: ignore[arg-type]
            redemption_deadline=case.redemption_deadline,
            eviction_date=case.eviction_date,
        )
        await add_to_outbox(
            session,
            make_event(payload, source=EVENT_SOURCE, subject=case.id, district=case.district),
        )
    await session.flush()
    return case, opened


async def search_by_personal_number(session: AsyncSession, personal_number: str) -> list[Case]:
    result = await session.execute(
        select(Case)
        .where(Case.personal_number == personal_number)
        .order_by(Case.opened_at.desc())  # type: ignore[attr-defined]
        .limit(50)
    )
    return list(result.scalars())
