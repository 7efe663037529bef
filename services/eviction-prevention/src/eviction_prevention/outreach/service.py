"""Outreach operations: contact attempts, assignments and visits, meetings, consent, letters."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.directory import require_active_in
from bostad_common.domain_errors import Conflict, NotFound, NotPermitted
from bostad_common.events import make_event
from bostad_common.events.eviction import (
    LetterRecipient,
    LetterRequestedV1,
    LetterSender,
    OutreachAssignedV1,
    OutreachOverdueV1,
)
from bostad_common.events.vocabulary import LETTER_KINDS
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import add_to_outbox
from eviction_prevention.cases import rules as case_rules
from eviction_prevention.cases.models import Case
from eviction_prevention.cases.service import EVENT_SOURCE
from eviction_prevention.districts.models import District
from eviction_prevention.outreach import rules
from eviction_prevention.outreach.models import (
    Consent,
    ContactAttempt,
    HomeVisit,
    LetterRequest,
    Meeting,
    OutreachAssignment,
)


def _require_open(case: Case) -> None:
    if case.status != "open":
        raise Conflict("the case is closed")


def _not_in_future(value: datetime, now: datetime, field: str) -> None:
    if value.tzinfo is None:
        raise FieldErrors([{"field": field, "message": "must include a timezone offset"}])
    if value > now + _CLOCK_SKEW:
        raise FieldErrors([{"field": field, "message": "must not be in the future"}])


def _not_in_past(value: datetime, now: datetime, field: str) -> None:
    """For what is booked ahead (a meeting, an announced visit)."""
    if value < now - _CLOCK_SKEW:
        raise FieldErrors([{"field": field, "message": "must not be in the past"}])


_CLOCK_SKEW = timedelta(minutes=5)  # staff clocks and ours may differ a little


async def record_contact(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    method: str,
    result: str,
    attempted_at: datetime,
    note: str | None,
    now: datetime,
) -> ContactAttempt:
    _require_open(case)
    errors = rules.validate_contact(method, result)
    if errors:
        raise FieldErrors(errors)
    _not_in_future(attempted_at, now, "attempted_at")
    attempt = ContactAttempt(
        case_id=case.id,
        district=case.district,
        method=method,
        result=result,
        attempted_at=attempted_at,
        recorded_by=actor.name,
        note=note,
    )
    session.add(attempt)
    if method == "home_visit":
        # A home visit recorded as a contact attempt is a visit: outreach has started.
        await _start_pending_assignments(session, case, attempted_at)
    await session.flush()
    return attempt


async def _start_pending_assignments(session: AsyncSession, case: Case, at: datetime) -> None:
    pending = await session.execute(
        select(OutreachAssignment).where(
            OutreachAssignment.case_id == case.id,
            OutreachAssignment.first_visit_at.is_(None),  # type: ignore[union-attr]
            OutreachAssignment.cancelled_at.is_(None),  # type: ignore[union-attr]
        )
    )
    for assignment in pending.scalars():
        assignment.first_visit_at = at


async def assign_outreach(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    staff: list[str],
    now: datetime,
    purpose: str = "eviction_prevention",
    safety: dict[str, bool | str | None] | None = None,
) -> OutreachAssignment:
    """Book housing support for a visit within 48 hours; always two staff on a new assignment.

    Only people the staff directory knows as active housing support in the
    case's district can be booked (the copy kept by `directory_feed`): someone
    who left, or works elsewhere, would leave the household without its visit.
    """
    _require_open(case)
    errors = rules.validate_assignment_staff(staff)
    if errors:
        raise FieldErrors(errors)
    booked = [s.strip() for s in staff]
    await require_active_in(session, booked, rules.BOOKABLE_ROLE, case.district, field="staff")
    assignment = OutreachAssignment(
        case_id=case.id,
        district=case.district,
        staff=booked,
        assigned_at=now,
        assigned_by=actor.name,
        due_at=case_rules.outreach_due_at(now),
        purpose=purpose,
        safety=safety or {},
    )
    session.add(assignment)
    # The booked staff may now read the case (least privilege, cases/rules.py).
    case.support_staff = sorted(set(case.support_staff) | set(assignment.staff))
    await session.flush()
    await add_to_outbox(
        session,
        make_event(
            OutreachAssignedV1(
                case_id=case.id,
                assignment_id=assignment.id,
                district=case.district,
                staff=assignment.staff,
                due_at=assignment.due_at,
                caused_by=actor.staff_id,
            ),
            source=EVENT_SOURCE,
            subject=case.id,
            district=case.district,
        ),
    )
    return assignment


async def _assignment(session: AsyncSession, case: Case, assignment_id: str) -> OutreachAssignment:
    assignment = (
        await session.execute(
            select(OutreachAssignment)
            .where(OutreachAssignment.id == assignment_id, OutreachAssignment.case_id == case.id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if assignment is None:
        raise NotFound("assignment not found")
    return assignment


async def record_visit(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    assignment_id: str,
    visited_at: datetime,
    staff: list[str],
    outcome: str,
    note: str | None,
    now: datetime,
    note_left: bool = False,
    home_appears_abandoned: bool = False,
    staff_change_reason: str | None = None,
) -> HomeVisit:
    """A visit (first or repeat). Not home: note how the home looks, leave a note, come back."""
    _require_open(case)
    errors = rules.validate_visit_staff(staff)
    if outcome not in rules.VISIT_OUTCOMES:
        errors.append(
            {"field": "outcome", "message": "must be one of " + ", ".join(rules.VISIT_OUTCOMES)}
        )
    if errors:
        raise FieldErrors(errors)
    _not_in_future(visited_at, now, "visited_at")
    assignment = await _assignment(session, case, assignment_id)
    if actor.principal.kind == "staff" and actor.principal.subject not in assignment.staff:
        raise NotPermitted("only the staff booked on the assignment record its visits")
    if assignment.cancelled_at is not None:
        raise Conflict("the booking was cancelled")
    if visited_at < assignment.assigned_at - _CLOCK_SKEW:
        # Issue #8: a visit dated 0001-01-01 counted as "started within 48 h".
        raise FieldErrors(
            [{"field": "visited_at", "message": "must not be before the visit was assigned"}]
        )
    errors = rules.validate_visit_by_booked(staff, assignment.staff, staff_change_reason)
    if errors:
        raise FieldErrors(errors)
    left, abandoned = rules.visit_flags(
        outcome, note_left=note_left, abandoned=home_appears_abandoned
    )
    visit = HomeVisit(
        assignment_id=assignment.id,
        case_id=case.id,
        district=case.district,
        visited_at=visited_at,
        staff=[s.strip() for s in staff],
        outcome=outcome,
        note_left=left,
        home_appears_abandoned=abandoned,
        staff_change_reason=staff_change_reason,
        note=note,
        recorded_by=actor.name,
    )
    session.add(visit)
    if assignment.first_visit_at is None or visited_at < assignment.first_visit_at:
        assignment.first_visit_at = visited_at
    await session.flush()
    return visit


async def book_meeting(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    kind: str,
    scheduled_at: datetime,
    note: str | None,
    now: datetime,
    place: str | None = None,
    participants: list[str] | None = None,
) -> Meeting:
    """Book a meeting; never in the past. A three-party meeting (tenant, landlord, social
    services) needs the household's consent to contact the landlord."""
    _require_open(case)
    if kind not in ("meeting", "three_party_meeting"):
        raise FieldErrors([{"field": "kind", "message": "must be meeting or three_party_meeting"}])
    if scheduled_at.tzinfo is None:
        raise FieldErrors([{"field": "scheduled_at", "message": "must include a timezone offset"}])
    _not_in_past(scheduled_at, now, "scheduled_at")
    if rules.meeting_needs_landlord_consent(kind) and not await has_consent(
        session, case, "landlord"
    ):
        raise FieldErrors(
            [
                {
                    "field": "kind",
                    "message": "a three-party meeting needs the household's consent to "
                    "contact the landlord",
                }
            ]
        )
    meeting = Meeting(
        case_id=case.id,
        district=case.district,
        kind=kind,
        scheduled_at=scheduled_at,
        booked_at=now,
        booked_by=actor.name,
        note=note,
        place=place,
        participants=participants or [],
    )
    session.add(meeting)
    await session.flush()
    return meeting


async def has_consent(session: AsyncSession, case: Case, scope: str) -> bool:
    consents = await session.execute(
        select(Consent).where(
            Consent.case_id == case.id,
            Consent.withdrawn_at.is_(None),  # type: ignore[union-attr]
        )
    )
    return any(scope in consent.scopes for consent in consents.scalars())


async def record_attendance(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    meeting_id: str,
    *,
    attended: bool,
    note: str | None,
    now: datetime,
) -> Meeting:
    """Whether the person came to the meeting; only once the meeting has begun."""
    meeting = (
        await session.execute(
            select(Meeting).where(Meeting.id == meeting_id, Meeting.case_id == case.id)
        )
    ).scalar_one_or_none()
    if meeting is None:
        raise NotFound("meeting not found")
    if meeting.scheduled_at > now + _CLOCK_SKEW:
        raise FieldErrors([{"field": "attended", "message": "the meeting has not taken place"}])
    meeting.attended = attended
    meeting.attendance_recorded_by = actor.name
    if note:
        meeting.note = f"{meeting.note}\n{note}" if meeting.note else note
    await session.flush()
    return meeting


async def cancel_assignment(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    assignment_id: str,
    *,
    reason: str,
    now: datetime,
) -> OutreachAssignment:
    """Cancel a booking with a reason (e.g. the person called in); its clock stops."""
    assignment = await _assignment(session, case, assignment_id)
    if assignment.cancelled_at is not None:
        raise Conflict("the booking is already cancelled")
    assignment.cancelled_at = now
    assignment.cancelled_by = actor.name
    assignment.cancel_reason = reason
    await session.flush()
    return assignment


async def record_consent(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    scopes: list[str],
    given_at: datetime,
    now: datetime,
) -> Consent:
    _require_open(case)
    wanted = sorted(set(scopes))
    if not wanted or any(s not in rules.CONSENT_SCOPES for s in wanted):
        raise FieldErrors(
            [{"field": "scopes", "message": "one or more of " + ", ".join(rules.CONSENT_SCOPES)}]
        )
    _not_in_future(given_at, now, "given_at")
    consent = Consent(
        case_id=case.id,
        district=case.district,
        scopes=wanted,
        given_at=given_at,
        recorded_by=actor.name,
    )
    session.add(consent)
    await session.flush()
    return consent


async def withdraw_consent(
    session: AsyncSession, case: Case, consent_id: str, *, now: datetime
) -> Consent:
    consent = (
        await session.execute(
            select(Consent).where(Consent.id == consent_id, Consent.case_id == case.id)
        )
    ).scalar_one_or_none()
    if consent is None:
        raise NotFound("consent not found")
    if consent.withdrawn_at is None:
        consent.withdrawn_at = now
    await session.flush()
    return consent


async def request_letter(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    letter: str,
    visit_at: datetime | None,
    now: datetime,
) -> LetterRequest:
    """Ask notifications to send one of seed 004's templates to the household's address."""
    _require_open(case)
    if letter not in LETTER_KINDS:
        raise FieldErrors(
            [{"field": "letter", "message": "must be one of " + ", ".join(LETTER_KINDS)}]
        )
    if letter == "home_visit_letter" and visit_at is None:
        raise FieldErrors([{"field": "visit_at", "message": "required for a home visit letter"}])
    if visit_at is not None and visit_at.tzinfo is None:
        raise FieldErrors([{"field": "visit_at", "message": "must include a timezone offset"}])
    if visit_at is not None:
        _not_in_past(visit_at, now, "visit_at")  # the letter announces a coming visit
    request = LetterRequest(
        case_id=case.id,
        district=case.district,
        letter=letter,
        visit_at=visit_at,
        requested_at=now,
        requested_by=actor.name,
    )
    session.add(request)
    await session.flush()
    await add_to_outbox(
        session,
        make_event(
            LetterRequestedV1(
                case_id=case.id,
                district=case.district,
                letter=letter,  # type: ignore[arg-type]
                recipient=LetterRecipient(
                    name=case.tenant_name,
                    street=case.street,
                    postal_code=case.postal_code,
                    city=case.city,
                    apartment_number=case.apartment_number,
                ),
                visit_at=visit_at,
                person_ref=actor.person_ref(case.personal_number),
                sender=await _sender(session, case.district),
                notice_kind=case.notice_kind,  # type: ignore[arg-type]
                redemption_deadline=case.redemption_deadline,
                eviction_date=case.eviction_date,
                responsible_caseworker=case.responsible_caseworker,
                caused_by=actor.staff_id,
            ),
            source=EVENT_SOURCE,
            subject=case.id,
            district=case.district,
        ),
    )
    return request


async def _sender(session: AsyncSession, district_code: str) -> LetterSender | None:
    """The district office's details for the letter, if the municipality set them up."""
    district = await session.get(District, district_code)
    if district is None or not district.office_name:
        return None
    return LetterSender(
        name=district.office_name,
        street=district.office_street,
        postal_code=district.office_postal_code,
        city=district.office_city,
        phone=district.office_phone,
        email=district.office_email,
        bankgiro=district.bankgiro,
        legal_references=list(district.legal_references or []),
    )


async def flag_overdue_assignments(
    session: AsyncSession, *, now: datetime, batch: int = 100
) -> int:
    """Emit `OutreachOverdue` once for each assignment past due without a visit.

    Rows are claimed with `FOR UPDATE SKIP LOCKED` (PostgreSQL), so several
    replicas running this at once never emit twice; the flag is set in the same
    transaction as the outbox row.
    """
    # A closed case or a cancelled booking needs no alert (issue #9).
    open_cases = select(Case.id).where(Case.status == "open")
    result = await session.execute(
        select(OutreachAssignment)
        .where(
            OutreachAssignment.first_visit_at.is_(None),  # type: ignore[union-attr]
            OutreachAssignment.overdue_notified_at.is_(None),  # type: ignore[union-attr]
            OutreachAssignment.cancelled_at.is_(None),  # type: ignore[union-attr]
            OutreachAssignment.due_at < now,  # type: ignore[arg-type]
            OutreachAssignment.case_id.in_(open_cases),  # type: ignore[attr-defined]
        )
        .order_by(OutreachAssignment.due_at)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    assignments = list(result.scalars())
    # The case's own caseworker is told (else the district's caseworkers).
    owners: dict[str, str | None] = {}
    if assignments:
        owners = {
            case_id: owner
            for case_id, owner in (
                await session.execute(
                    select(Case.id, Case.responsible_caseworker).where(
                        Case.id.in_({a.case_id for a in assignments})  # type: ignore[attr-defined]
                    )
                )
            ).all()
        }
    flagged = 0
    for assignment in assignments:
        assignment.overdue_notified_at = now
        await add_to_outbox(
            session,
            make_event(
                OutreachOverdueV1(
                    case_id=assignment.case_id,
                    assignment_id=assignment.id,
                    district=assignment.district,
                    due_at=assignment.due_at,
                    responsible_caseworker=owners.get(assignment.case_id),
                ),
                source=EVENT_SOURCE,
                subject=assignment.case_id,
                district=assignment.district,
            ),
        )
        flagged += 1
    await session.flush()
    return flagged


async def history(session: AsyncSession, case_id: str) -> dict[str, list]:
    """Everything outreach-related on a case, oldest first."""

    async def rows(model, order):  # type: ignore[no-untyped-def]
        result = await session.execute(
            select(model).where(model.case_id == case_id).order_by(order)
        )
        return list(result.scalars())

    return {
        "contact_attempts": await rows(ContactAttempt, ContactAttempt.attempted_at),
        "assignments": await rows(OutreachAssignment, OutreachAssignment.assigned_at),
        "visits": await rows(HomeVisit, HomeVisit.visited_at),
        "meetings": await rows(Meeting, Meeting.scheduled_at),
        "consents": await rows(Consent, Consent.given_at),
        "letters": await rows(LetterRequest, LetterRequest.requested_at),
    }
