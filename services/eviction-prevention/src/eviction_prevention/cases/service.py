"""Case operations: open or join on a notice, staff-created cases, reading, the worklist.

Functions flush but never commit: the caller's unit of work commits the state
change together with its outbox events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.events import make_event
from bostad_common.events.eviction import CaseOpenedV1
from bostad_common.messaging import add_to_outbox
from eviction_prevention.actor import Actor
from eviction_prevention.cases import rules
from eviction_prevention.cases.models import Case
from eviction_prevention.checklists import service as checklists
from eviction_prevention.checklists.rules import CaseProfile
from eviction_prevention.errors import NotFound
from eviction_prevention.notices.models import Notice
from eviction_prevention.outreach.models import OutreachAssignment

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
    kind: str  # reason code (a notice kind)
    channel: str  # http | kafka | tenancy | staff
    intake_type: str
    served_at: date | None = None
    eviction_date: date | None = None
    notice_id: str | None = None


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


async def profile_of(session: AsyncSession, case: Case) -> CaseProfile:
    rows = await session.execute(
        select(Notice.kind, Notice.channel).where(Notice.case_id == case.id)
    )
    own = _own_profile(case)
    kinds, channels = set(own.kinds), set(own.channels)
    for kind, channel in rows:
        kinds.add(kind)
        channels.add(channel)
    return CaseProfile(
        track=own.track,
        kinds=frozenset(kinds),
        channels=frozenset(channels),
        children_possible=own.children_possible,
    )


def _own_profile(case: Case) -> CaseProfile:
    """The profile from the case's own facts, before any notice linked to it."""
    return CaseProfile(
        track=case.track,
        kinds=frozenset({case.reason_code}),
        channels=frozenset({case.channel}),
        children_possible=case.children_unknown or (case.children or 0) > 0,
    )


def _new_case(data: CaseInput, actor: Actor, now: datetime) -> Case:
    decision = rules.choose_track(data.kind, data.children)
    return Case(
        district=data.district,
        status="open",
        intake_type=data.intake_type,
        reason_code=data.kind,
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
    session: AsyncSession, actor: Actor, data: CaseInput, *, now: datetime
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
    profile = _own_profile(case) if opened else await profile_of(session, case)
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
            reason_code=case.reason_code,  # type: ignore[arg-type]
            redemption_deadline=case.redemption_deadline,
            eviction_date=case.eviction_date,
        )
        await add_to_outbox(
            session,
            make_event(payload, source=EVENT_SOURCE, subject=case.id, district=case.district),
        )
    await session.flush()
    return case, opened


async def notices_of(session: AsyncSession, case_id: str) -> list[Notice]:
    result = await session.execute(
        select(Notice).where(Notice.case_id == case_id).order_by(Notice.received_at)
    )
    return list(result.scalars())


async def search_by_personal_number(session: AsyncSession, personal_number: str) -> list[Case]:
    result = await session.execute(
        select(Case)
        .where(Case.personal_number == personal_number)
        .order_by(Case.opened_at.desc())  # type: ignore[attr-defined]
        .limit(50)
    )
    return list(result.scalars())


@dataclass(frozen=True)
class WorklistEntry:
    case: Case
    deadlines: list[rules.Deadline]
    next_deadline: rules.Deadline | None
    outreach_overdue: bool


async def worklist(
    session: AsyncSession,
    *,
    now: datetime,
    district: str | None = None,
    limit: int = 100,
) -> list[WorklistEntry]:
    """Open cases (in the districts the session may see), nearest legal deadline first.

    Sorting happens here, not in SQL, because "next deadline" depends on now:
    a passed redemption period gives way to an eviction date still ahead.
    Open cases per district are hundreds, not millions.
    """
    query = select(Case).where(Case.status == "open")
    if district is not None:
        query = query.where(Case.district == district)
    cases = list((await session.execute(query)).scalars())
    if not cases:
        return []
    pending = await session.execute(
        select(OutreachAssignment.case_id, OutreachAssignment.due_at).where(
            OutreachAssignment.case_id.in_([c.id for c in cases]),  # type: ignore[attr-defined]
            OutreachAssignment.first_visit_at.is_(None),  # type: ignore[union-attr]
        )
    )
    outreach_due: dict[str, datetime] = {}
    for case_id, due_at in pending:
        if case_id not in outreach_due or due_at < outreach_due[case_id]:
            outreach_due[case_id] = due_at
    entries = []
    for case in cases:
        deadlines = rules.case_deadlines(
            redemption_deadline=case.redemption_deadline,
            eviction_date=case.eviction_date,
            outreach_due_at=outreach_due.get(case.id),
        )
        due = outreach_due.get(case.id)
        entries.append(
            WorklistEntry(
                case=case,
                deadlines=deadlines,
                next_deadline=rules.next_legal_deadline(deadlines, now),
                outreach_overdue=due is not None and now > due,
            )
        )
    entries.sort(key=lambda e: rules.worklist_sort_key(e.next_deadline, e.case.opened_at, now))
    return entries[:limit]
