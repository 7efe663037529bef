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
from bostad_common.auth.district_scope import session_principal
from bostad_common.domain_errors import NotFound
from bostad_common.events import make_event
from bostad_common.events.eviction import CaseOpenedV1, DeadlineSetV1
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import add_to_outbox
from bostad_common.workdays import to_stockholm
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


async def log_case(
    session: AsyncSession, actor: Actor, case: Case, action: str, purpose: str | None = None
) -> None:
    """One access-log entry for reading or changing the case (it holds personal data)."""
    await log_person_access(
        session,
        actor,
        personal_number=case.personal_number,
        action=action,
        resource=f"case:{case.id}",
        district=case.district,
        **({"purpose": purpose} if purpose else {}),
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


def visible_to_session(session: AsyncSession, case: Case) -> bool:
    """Whether the session's principal may read the case beyond district isolation."""
    principal = session_principal(session)
    if principal is None:
        return True
    return rules.may_read_case(
        kind=principal.kind,
        subject=principal.subject,
        can_read_all=principal.can(rules.READ_ALL_PERMISSION),
        responsible_caseworker=case.responsible_caseworker,
        support_staff=case.support_staff,
    )


async def get_case(session: AsyncSession, case_id: str, *, for_update: bool = False) -> Case:
    """The case, if it is in a district the session may see and the caller may read it
    (housing support: only cases it is booked on); else NotFound — never 403, which
    would confirm the case exists."""
    query = select(Case).where(Case.id == case_id)
    if for_update:
        query = query.with_for_update()
    case = (await session.execute(query)).scalar_one_or_none()
    if case is None or not visible_to_session(session, case):
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


def children_possible(case: Case) -> bool:
    """The household has children, or it is not known whether it has (any track)."""
    return case.children_unknown or (case.children or 0) > 0


def _own_profile(case: Case) -> CaseProfile:
    """The profile from the case's own facts, before any notice linked to it."""
    return CaseProfile(
        track=case.track,
        kinds=frozenset(case.notice_kinds or [case.notice_kind]),
        channels=frozenset({case.channel}),
        children_possible=children_possible(case),
    )


def deadlines_of(case: Case, outreach_due_at: datetime | None = None) -> list[rules.Deadline]:
    """The case's deadlines; a frist kept by the committee's commitment is met."""
    return rules.case_deadlines(
        redemption_deadline=None
        if rules.home_kept_by_commitment(case.commitment_on, case.redemption_deadline)
        else case.redemption_deadline,
        disconnection_deadline=case.disconnection_deadline,
        eviction_date=case.eviction_date,
        outreach_due_at=outreach_due_at,
    )


async def record_served_date(
    session: AsyncSession, actor: Actor, case: Case, kind: str, served_at: date, *, now: datetime
) -> None:
    """The caseworker fills in the served date a notice left out (CONTRACTS.md v1.1)."""
    if case.status != "open":
        raise FieldErrors([{"field": "case", "message": "the case is closed"}])
    notified = case.rent_notified_on if kind == "unpaid_rent" else case.electricity_notified_on
    if notified is None:
        raise FieldErrors([{"field": "kind", "message": f"the case has no notice of kind {kind}"}])
    changed = apply_served_date(case, kind, served_at, notified_on=notified)
    await announce_deadlines(session, case, changed, set_by="caseworker")
    await session.flush()


async def record_commitment(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    committed_on: date,
    amount_ore: int | None,
    note: str | None,
    today: date,
) -> None:
    """The social committee's written commitment to pay (skriftlig förbindelse).

    Refused when the case has no unpaid rent, or the frist ended before the day
    of the commitment: then it does not keep the home and must not look as if it did.
    """
    if case.rent_notified_on is None:
        raise FieldErrors(
            [{"field": "committed_on", "message": "the case has no unpaid-rent notice"}]
        )
    if committed_on > today:
        raise FieldErrors([{"field": "committed_on", "message": "must not be in the future"}])
    if not rules.commitment_keeps_home(committed_on, case.redemption_deadline):
        raise FieldErrors(
            [
                {
                    "field": "committed_on",
                    "message": "after the återvinningsfrist ended "
                    f"({case.redemption_deadline}); it does not keep the home",
                }
            ]
        )
    case.commitment_on = committed_on
    case.commitment_amount_ore = amount_ore
    case.commitment_note = note
    case.commitment_recorded_by = actor.name
    await session.flush()


def _new_case(data: CaseInput, actor: Actor, now: datetime) -> Case:
    decision = rules.choose_track(data.kind, data.children)
    return Case(
        district=data.district,
        status="open",
        intake_type=data.intake_type,
        notice_kind=data.kind,
        notice_kinds=[data.kind],
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
        eviction_date=data.eviction_date,
        opened_at=now,
        opened_by=actor.name,
    )


def apply_served_date(
    case: Case, kind: str, served_at: date | None, *, notified_on: date
) -> list[tuple[rules.DeadlineName, date]]:
    """Record what a notice (or the caseworker) says about a three-week deadline.

    The first notice of the kind fixes the day the committee was notified; a
    served date, when known, completes the deadline (the later of the two,
    NJA 1985 s. 586). Returns the deadlines that changed, for `DeadlineSet`.
    """
    changed: list[tuple[rules.DeadlineName, date]] = []
    if kind == "unpaid_rent":
        case.rent_notified_on = case.rent_notified_on or notified_on
        if served_at is not None:
            case.served_at = served_at
        deadline = rules.redemption_deadline(kind, case.served_at, case.rent_notified_on)
        if deadline is not None and deadline != case.redemption_deadline:
            case.redemption_deadline = deadline
            changed.append(("redemption_period", deadline))
    elif kind == "electricity_debt":
        case.electricity_notified_on = case.electricity_notified_on or notified_on
        if served_at is not None:
            case.electricity_served_at = served_at
        deadline = rules.disconnection_deadline(
            case.electricity_served_at, case.electricity_notified_on
        )
        if deadline is not None and deadline != case.disconnection_deadline:
            case.disconnection_deadline = deadline
            changed.append(("electricity_disconnection", deadline))
    return changed


async def announce_deadlines(
    session: AsyncSession,
    case: Case,
    changed: list[tuple[rules.DeadlineName, date]],
    *,
    set_by: str,
) -> None:
    for name, due_on in changed:
        payload = DeadlineSetV1(
            case_id=case.id,
            district=case.district,
            deadline=name,  # type: ignore[arg-type]
            due_on=due_on,
            set_by=set_by,  # type: ignore[arg-type]
            responsible_caseworker=case.responsible_caseworker,
        )
        await add_to_outbox(
            session,
            make_event(payload, source=EVENT_SOURCE, subject=case.id, district=case.district),
        )


def _join(case: Case, data: CaseInput) -> None:
    """A further notice about the household: the track only escalates, notice kinds accumulate."""
    if data.children is not None:
        case.children = data.children
        case.children_unknown = False
    known_children = None if case.children_unknown else case.children
    incoming = rules.choose_track(data.kind, known_children)
    case.track = rules.merge_track(case.track, incoming.track)  # type: ignore[arg-type]
    if data.eviction_date is not None:
        case.eviction_date = data.eviction_date
    # The person's name, phone and address are never taken from a joining notice
    # (issue #9, high severity: a landlord could redirect the case's letters). The
    # notice keeps them as sent; the caseworker decides on a difference (person/).
    if data.kind not in case.notice_kinds:
        case.notice_kinds = [*case.notice_kinds, data.kind]


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
    notified_on = to_stockholm(now).date()
    if case is None:
        candidate = _new_case(data, actor, now)
        apply_served_date(candidate, data.kind, data.served_at, notified_on=notified_on)
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
        changed = apply_served_date(case, data.kind, data.served_at, notified_on=notified_on)
        await announce_deadlines(session, case, changed, set_by="notice")
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
            redemption_waiting_for_served_date=(
                case.rent_notified_on is not None and case.redemption_deadline is None
            ),
            disconnection_deadline=case.disconnection_deadline,
            children_possible=children_possible(case),
            responsible_caseworker=case.responsible_caseworker,
            caused_by=actor.staff_id,
        )
        await add_to_outbox(
            session,
            make_event(payload, source=EVENT_SOURCE, subject=case.id, district=case.district),
        )
    await session.flush()
    return case, opened


async def search_by_personal_number(session: AsyncSession, personal_number: str) -> list[Case]:
    return await search(session, personal_number=personal_number)


SEARCH_LIMIT = 50


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def search(
    session: AsyncSession,
    *,
    personal_number: str | None = None,
    name: str | None = None,
    street: str | None = None,
    include_closed: bool = True,
) -> list[Case]:
    """Cases matching all the given criteria (name and street: case-insensitive parts),
    newest first, at most 50; only those the caller may read."""
    query = select(Case)
    if personal_number is not None:
        query = query.where(Case.personal_number == personal_number)
    if name is not None:
        query = query.where(Case.tenant_name.ilike(_like(name), escape="\\"))  # type: ignore[attr-defined]
    if street is not None:
        query = query.where(Case.street.ilike(_like(street), escape="\\"))  # type: ignore[attr-defined]
    if not include_closed:
        query = query.where(Case.status == "open")
    result = await session.execute(
        query.order_by(Case.opened_at.desc()).limit(SEARCH_LIMIT)  # type: ignore[attr-defined]
    )
    return [case for case in result.scalars() if visible_to_session(session, case)]


@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    district: str | None = None
    track: str | None = None
    notice_kind: str | None = None
    responsible: str | None = None
    unassigned: bool = False


async def list_cases(
    session: AsyncSession, filters: CaseFilter, *, offset: int, limit: int
) -> tuple[int, list[Case]]:
    """(total matching, one page), newest first; `notice_kind` matches any kind that joined."""
    query = select(Case)
    if filters.status is not None:
        query = query.where(Case.status == filters.status)
    if filters.district is not None:
        query = query.where(Case.district == filters.district)
    if filters.track is not None:
        query = query.where(Case.track == filters.track)
    if filters.responsible is not None:
        query = query.where(Case.responsible_caseworker == filters.responsible)
    if filters.unassigned:
        query = query.where(Case.responsible_caseworker.is_(None))  # type: ignore[union-attr]
    rows = (
        await session.execute(query.order_by(Case.opened_at.desc(), Case.id))  # type: ignore[attr-defined]
    ).scalars()
    # Notice kinds live in a JSON list and visibility depends on the caller: filter here.
    # A district's cases are thousands at most; a page is cut after counting.
    matching = [
        case
        for case in rows
        if visible_to_session(session, case)
        and (
            filters.notice_kind is None
            or filters.notice_kind in (case.notice_kinds or [case.notice_kind])
        )
    ]
    return len(matching), matching[offset : offset + limit]
