"""Notice intake: one use case for HTTP, Kafka and tenancy's arrears.

`submit_notice` checks the district, stores the notice (once per landlord and
external_id), opens or joins the household's case and writes `CaseOpened` (for
a new case) and then `NoticeReceived`, naming the case, to the outbox, all in
the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import NotFound, NotPermitted
from bostad_common.events import make_event
from bostad_common.events.eviction import NoticeReceivedV1
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import add_to_outbox
from bostad_common.workdays import to_stockholm
from eviction_prevention.actor import PURPOSE_NOTICE_INTAKE, log_person_access
from eviction_prevention.cases import rules as case_rules
from eviction_prevention.cases import service as cases
from eviction_prevention.cases.models import Case
from eviction_prevention.districts import service as districts
from eviction_prevention.notices.models import Notice
from eviction_prevention.notices.rules import validate_notice
from eviction_prevention.notices.schemas import NoticeSubmission

EVENT_SOURCE = cases.EVENT_SOURCE
# Tenancy's arrears are the municipality acting as landlord of its own sublets.
MUNICIPALITY_LANDLORD_ID = "municipality"


@dataclass(frozen=True)
class IncomingNotice:
    """A notice in the service's own terms, whatever channel it came by."""

    landlord_id: str
    external_id: str
    district: str
    kind: str
    channel: str  # http | kafka | tenancy
    personal_number: str  # canonical
    tenant_name: str
    tenant_phone: str | None
    street: str
    postal_code: str
    city: str
    apartment_number: str | None
    children: int | None
    debt_ore: int | None
    debt_months_unpaid: int | None
    served_at: date | None
    eviction_date: date | None
    message: str | None

    @classmethod
    def from_submission(
        cls, submission: NoticeSubmission, *, landlord_id: str, channel: str
    ) -> IncomingNotice:
        debt = submission.debt
        return cls(
            landlord_id=landlord_id,
            external_id=submission.external_id,
            district=submission.district,
            kind=submission.kind,
            channel=channel,
            personal_number=submission.tenant.personal_number.canonical,
            tenant_name=submission.tenant.name,
            tenant_phone=submission.tenant.phone,
            street=submission.address.street,
            postal_code=submission.address.postal_code,
            city=submission.address.city,
            apartment_number=submission.address.apartment_number,
            children=submission.household.children,
            debt_ore=debt.amount.ore if debt else None,
            debt_months_unpaid=debt.months_unpaid if debt else None,
            served_at=submission.served_at,
            eviction_date=submission.eviction_date,
            message=submission.message,
        )


@dataclass(frozen=True)
class SubmitResult:
    notice: Notice
    created: bool


async def check_submission(
    session: AsyncSession,
    submission: NoticeSubmission,
    *,
    allowed_districts: frozenset[str],
    now: datetime,
) -> None:
    """422 for invalid content or an unknown district; NotPermitted for a district the
    landlord may not submit for."""
    errors = validate_notice(submission, today=to_stockholm(now).date())
    if not await districts.is_known(session, submission.district):
        errors.insert(0, {"field": "district", "message": "unknown district"})
    if errors:
        raise FieldErrors(errors)
    if submission.district not in allowed_districts:
        raise NotPermitted("the credential may not submit notices for this district")


async def find_notice(session: AsyncSession, landlord_id: str, external_id: str) -> Notice | None:
    result = await session.execute(
        select(Notice).where(Notice.landlord_id == landlord_id, Notice.external_id == external_id)
    )
    return result.scalar_one_or_none()


async def submit_notice(
    session: AsyncSession, actor: Actor, incoming: IncomingNotice, *, now: datetime
) -> SubmitResult:
    """Store the notice once and open or join the household's case.

    A second submission with the same (landlord, external_id) returns the
    first notice and changes nothing, also when two arrive at the same moment
    (the unique constraint decides, inside a savepoint).
    """
    existing = await find_notice(session, incoming.landlord_id, incoming.external_id)
    if existing is not None:
        return SubmitResult(existing, created=False)
    notice = Notice(
        landlord_id=incoming.landlord_id,
        external_id=incoming.external_id,
        district=incoming.district,
        kind=incoming.kind,
        channel=incoming.channel,
        personal_number=incoming.personal_number,
        tenant_name=incoming.tenant_name,
        tenant_phone=incoming.tenant_phone,
        street=incoming.street,
        postal_code=incoming.postal_code,
        city=incoming.city,
        apartment_number=incoming.apartment_number,
        children=incoming.children,
        debt_ore=incoming.debt_ore,
        debt_months_unpaid=incoming.debt_months_unpaid,
        served_at=incoming.served_at,
        eviction_date=incoming.eviction_date,
        message=incoming.message,
        received_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(notice)
            await session.flush()
    except IntegrityError:
        existing = await find_notice(session, incoming.landlord_id, incoming.external_id)
        if existing is None:
            # It exists, in a district this caller can no longer see.
            raise NotPermitted("the credential may not submit notices for this district") from None
        return SubmitResult(existing, created=False)

    case, opened = await cases.open_or_join(
        session,
        actor,
        cases.CaseInput(
            district=notice.district,
            personal_number=notice.personal_number,
            tenant_name=notice.tenant_name,
            tenant_phone=notice.tenant_phone,
            street=notice.street,
            postal_code=notice.postal_code,
            city=notice.city,
            apartment_number=notice.apartment_number,
            children=notice.children,
            kind=notice.kind,
            channel=notice.channel,
            intake_type=case_rules.intake_type_for(notice.channel),
            served_at=notice.served_at,
            eviction_date=notice.eviction_date,
            notice_id=notice.id,
        ),
        now=now,
        linked_reasons=reasons_of_linked_notices,
    )
    notice.case_id = case.id
    await session.flush()
    # Written after the notice is linked, so it can say which case it is about and
    # whose it is: notifications tells a notice that joined an open case at once.
    await add_to_outbox(
        session,
        make_event(
            NoticeReceivedV1(
                notice_id=notice.id,
                landlord_id=notice.landlord_id,
                district=notice.district,
                kind=notice.kind,  # type: ignore[arg-type]
                channel=notice.channel,  # type: ignore[arg-type]
                received_at=now,
                case_id=case.id,
                opened_case=opened,
                track=case.track,  # type: ignore[arg-type]
                children_unknown=case.children_unknown,
                children_possible=cases.children_possible(case),
                eviction_date=notice.eviction_date,
                responsible_caseworker=case.responsible_caseworker,
            ),
            source=EVENT_SOURCE,
            # Keyed by the case, like the case's own events: notifications sees a
            # case's notices, dates and closing in the order they happened.
            subject=case.id,
            district=notice.district,
        ),
    )
    await log_person_access(
        session,
        actor,
        personal_number=notice.personal_number,
        action="create",
        resource=f"notice:{notice.id}",
        district=notice.district,
        purpose=PURPOSE_NOTICE_INTAKE,
    )
    return SubmitResult(notice, created=True)


async def reasons_of_linked_notices(session: AsyncSession, case_id: str) -> cases.Reasons:
    """The kinds and channels of the notices linked to a case (they shape its checklist)."""
    rows = (
        await session.execute(select(Notice.kind, Notice.channel).where(Notice.case_id == case_id))
    ).all()
    return cases.Reasons(
        kinds=frozenset(kind for kind, _ in rows),
        channels=frozenset(channel for _, channel in rows),
    )


async def notices_of(session: AsyncSession, case_id: str) -> list[Notice]:
    result = await session.execute(
        select(Notice).where(Notice.case_id == case_id).order_by(Notice.received_at)
    )
    return list(result.scalars())


async def notice_status(session: AsyncSession, notice: Notice) -> str:
    """received → case_opened → closed, as a landlord may see it."""
    if notice.case_id is None:
        return "received"
    status = (
        await session.execute(select(Case.status).where(Case.id == notice.case_id))
    ).scalar_one_or_none()
    return "closed" if status == "closed" else "case_opened"


async def get_notice(session: AsyncSession, notice_id: str) -> Notice:
    notice = (
        await session.execute(select(Notice).where(Notice.id == notice_id))
    ).scalar_one_or_none()
    if notice is None:
        raise NotFound("notice not found")
    return notice
