"""Meetings, requests for more information, the landlord judgement and lobbying.

The first housing officer who acts on an application becomes its housing
officer (the portal's "my applications" filter).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound
from bostad_common.http_errors import FieldErrors
from intake.applications import rules as status_rules
from intake.applications.models import Application
from intake.applications.service import move
from intake.assessment import rules
from intake.assessment.models import InformationRequest, LandlordJudgement, Meeting


def _take(application: Application, actor: Actor) -> None:
    if application.housing_officer is None and "housing_officer" in actor.principal.roles:
        application.housing_officer = actor.name


def _in_housing_officer_step(application: Application, what: str) -> None:
    status_rules.require_state(application.status, status_rules.HOUSING_OFFICER_STATES, what)


async def book_meeting(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    scheduled_at: datetime,
    now: datetime,
) -> Meeting:
    _in_housing_officer_step(application, "book_meeting")
    _take(application, actor)
    meeting = Meeting(
        district=application.district,
        application_id=application.id,
        status="booked",
        scheduled_at=scheduled_at,
        booked_by=actor.name,
        booked_at=now,
    )
    session.add(meeting)
    await session.flush()
    return meeting


async def record_meeting_held(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    meeting_id: str,
    *,
    notes: str,
    now: datetime,
) -> Meeting:
    _in_housing_officer_step(application, "record_meeting_held")
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None or meeting.application_id != application.id:
        raise NotFound("meeting not found")
    if meeting.status != "booked":
        raise Conflict(f"the meeting is {meeting.status}; only a booked meeting can be held")
    meeting.status = "held"
    meeting.held_at = now
    meeting.notes = notes
    _take(application, actor)
    await session.flush()
    return meeting


async def request_information(
    session: AsyncSession, actor: Actor, application: Application, *, what: str, now: datetime
) -> InformationRequest:
    """The case waits, and says on what and since when."""
    move(application, "request_information", now=now)
    _take(application, actor)
    request = InformationRequest(
        district=application.district,
        application_id=application.id,
        what=what,
        requested_at=now,
        requested_by=actor.name,
    )
    session.add(request)
    await session.flush()
    return request


async def receive_information(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    note: str | None,
    now: datetime,
) -> list[InformationRequest]:
    move(application, "receive_information", now=now)
    open_requests = list(
        (
            await session.execute(
                select(InformationRequest).where(
                    InformationRequest.application_id == application.id,
                    InformationRequest.received_at.is_(None),  # type: ignore[union-attr]
                )
            )
        ).scalars()
    )
    for request in open_requests:
        request.received_at = now
        request.received_note = note
    await session.flush()
    return open_requests


async def judgement_of(session: AsyncSession, application_id: str) -> LandlordJudgement | None:
    return await session.get(LandlordJudgement, application_id)


async def _judgement_row(session: AsyncSession, application: Application) -> LandlordJudgement:
    row = await judgement_of(session, application.id)
    if row is None:
        row = LandlordJudgement(district=application.district, application_id=application.id)
        session.add(row)
    return row


async def judge_landlord_acceptance(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    acceptance: str,
    reason: str,
    now: datetime,
) -> LandlordJudgement:
    """Seed 000: "bedömning av ... förutsättningar att bli accepterad av värdarna"."""
    _in_housing_officer_step(application, "judge_landlord_acceptance")
    _take(application, actor)
    row = await _judgement_row(session, application)
    row.acceptance = acceptance
    row.acceptance_reason = reason
    row.judged_by = actor.name
    row.judged_at = now
    await session.flush()
    return row


async def set_lobbying(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    allowed: bool,
    consent_given_at: datetime | None,
    now: datetime,
) -> LandlordJudgement:
    """Lobbying may be switched off at any time; switching it on needs recorded consent."""
    errors = rules.lobbying_errors(allowed, consent_given_at)
    if consent_given_at is not None and consent_given_at > now:
        errors.append({"field": "consent_given_at", "message": "cannot be in the future"})
    if errors:
        raise FieldErrors(errors)
    if application.status in ("ended", "withdrawn"):
        raise Conflict(f"the application is {application.status}")
    row = await _judgement_row(session, application)
    row.lobbying_allowed = allowed
    row.lobbying_consent_given_on = consent_given_at if allowed else None
    row.lobbying_consent_recorded_by = actor.name if allowed else None
    await session.flush()
    return row


async def complete(
    session: AsyncSession, actor: Actor, application: Application, *, now: datetime
) -> None:
    """The housing officer sends the application on for decision."""
    status_rules.transition(application.status, "complete_assessment")  # 409 before 422
    held = (
        await session.execute(
            select(func.count())
            .select_from(Meeting)
            .where(Meeting.application_id == application.id, Meeting.status == "held")
        )
    ).scalar_one()
    judgement = await judgement_of(session, application.id)
    gaps = rules.assessment_gaps(
        meetings_held=held, acceptance=None if judgement is None else judgement.acceptance
    )
    if gaps:
        raise FieldErrors(gaps)
    _take(application, actor)
    move(application, "complete_assessment", now=now)
    await session.flush()


async def meetings_of(session: AsyncSession, application_id: str) -> list[Meeting]:
    result = await session.execute(
        select(Meeting)
        .where(Meeting.application_id == application_id)
        .order_by(Meeting.scheduled_at)
    )
    return list(result.scalars())


async def requests_of(session: AsyncSession, application_id: str) -> list[InformationRequest]:
    result = await session.execute(
        select(InformationRequest)
        .where(InformationRequest.application_id == application_id)
        .order_by(InformationRequest.requested_at)
    )
    return list(result.scalars())
