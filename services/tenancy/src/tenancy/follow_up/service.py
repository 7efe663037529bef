"""Follow-up visits and the housing course."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound
from bostad_common.http_errors import FieldErrors
from tenancy.districts import service as districts
from tenancy.follow_up import rules
from tenancy.follow_up.models import CourseParticipant, FollowUpVisit, HousingCourse
from tenancy.leases.service import get_lease


async def record_visit(
    session: AsyncSession, actor: Actor, lease_id: str, *, visited_on: date,
    rent_receipt_seen: bool, home_insurance: bool, registered_in_housing_queues: bool,
    note: str | None,
) -> FollowUpVisit:  # fmt: skip
    lease = await get_lease(session, lease_id)
    visit = FollowUpVisit(
        district=lease.district, lease_id=lease.id, visited_on=visited_on,
        rent_receipt_seen=rent_receipt_seen, home_insurance=home_insurance,
        registered_in_housing_queues=registered_in_housing_queues, note=note,
        recorded_by=actor.name,
    )  # fmt: skip
    session.add(visit)
    await session.flush()
    return visit


async def visits_of(session: AsyncSession, lease_id: str) -> list[FollowUpVisit]:
    rows = await session.execute(
        select(FollowUpVisit)
        .where(FollowUpVisit.lease_id == lease_id)  # type: ignore[arg-type]
        .order_by(FollowUpVisit.visited_on)  # type: ignore[arg-type]
    )
    return list(rows.scalars())


def next_due(lease_start: date, visits: list[FollowUpVisit]) -> date:
    last = visits[-1] if visits else None
    in_order = bool(
        last
        and last.rent_receipt_seen
        and last.home_insurance
        and last.registered_in_housing_queues
    )
    return rules.next_visit_due(lease_start, last.visited_on if last else None, in_order)


async def create_course(
    session: AsyncSession, actor: Actor, *, district: str, title: str, starts_on: date
) -> HousingCourse:
    if await districts.get(session, district) is None:
        raise FieldErrors([{"field": "district", "message": "unknown district"}])
    course = HousingCourse(district=district, title=title, starts_on=starts_on,
                           created_by=actor.name)  # fmt: skip
    session.add(course)
    await session.flush()
    return course


async def get_course(session: AsyncSession, course_id: str) -> HousingCourse:
    course = await session.get(HousingCourse, course_id)
    if course is None:
        raise NotFound("course not found")
    return course


async def participants_of(session: AsyncSession, course_id: str) -> list[CourseParticipant]:
    rows = await session.execute(
        select(CourseParticipant).where(CourseParticipant.course_id == course_id)  # type: ignore[arg-type]
    )
    return list(rows.scalars())


async def enrol(
    session: AsyncSession, course_id: str, *, household_id: str, lease_id: str | None
) -> CourseParticipant:
    course = await get_course(session, course_id)
    count = (
        await session.execute(
            select(func.count()).where(CourseParticipant.course_id == course.id)  # type: ignore[arg-type]
        )
    ).scalar_one()
    if count >= course.capacity:
        raise Conflict("the course is full")
    if any(p.household_id == household_id for p in await participants_of(session, course.id)):
        raise Conflict("already enrolled")
    participant = CourseParticipant(district=course.district, course_id=course.id,
                                    household_id=household_id, lease_id=lease_id)  # fmt: skip
    session.add(participant)
    await session.flush()
    return participant


async def record_attendance(
    session: AsyncSession, course_id: str, session_number: int, *, household_ids: list[str],
    held_on: date,
) -> HousingCourse:  # fmt: skip
    course = await get_course(session, course_id)
    if not 1 <= session_number <= course.sessions:
        raise FieldErrors([{"field": "session", "message": f"1..{course.sessions}"}])
    participants = {p.household_id: p for p in await participants_of(session, course.id)}
    unknown = [h for h in household_ids if h not in participants]
    if unknown:
        raise FieldErrors([{"field": "household_ids", "message": "not enrolled in the course"}])
    for household_id in household_ids:
        participant = participants[household_id]
        participant.attended = sorted({*participant.attended, session_number})
        if participant.certificate_issued_on is None and rules.earns_certificate(
            participant.attended, course.sessions
        ):
            participant.certificate_issued_on = held_on
    await session.flush()
    return course
