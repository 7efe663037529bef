"""Writing, signing and returning the investigation (utredning) of seed 000."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotPermitted
from bostad_common.events.intake import InvestigationApprovedV1
from bostad_common.http_errors import FieldErrors
from intake.applications.models import Application
from intake.applications.service import move
from intake.events import publish
from intake.investigations import rules
from intake.investigations.models import Investigation, InvestigationAnswer

COORDINATOR_ROLE = "coordinator"


async def current_investigation(
    session: AsyncSession, application_id: str
) -> tuple[Investigation | None, int]:
    """The latest investigation and how many earlier (returned) versions there are."""
    rows = list(
        (
            await session.execute(
                select(Investigation)
                .where(Investigation.application_id == application_id)
                .order_by(Investigation.submitted_at.desc())  # type: ignore[attr-defined]
            )
        ).scalars()
    )
    return (rows[0] if rows else None), max(len(rows) - 1, 0)


async def answers_of(session: AsyncSession, investigation_id: str) -> list[InvestigationAnswer]:
    rows = (
        await session.execute(
            select(InvestigationAnswer).where(
                InvestigationAnswer.investigation_id == investigation_id
            )
        )
    ).scalars()
    order = {code: index for index, code in enumerate(rules.POINT_CODES)}
    return sorted(rows, key=lambda a: order.get(a.point, len(order)))


async def submit(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    answers: dict[str, str],
    *,
    now: datetime,
) -> Investigation:
    """Seed 000: a client's certificate "skall alltid kompletteras med en utredning"."""
    if application.path != "investigation":
        raise Conflict(
            "an investigation belongs to the investigation path (clients); this application "
            "goes to the housing officer with its certificate"
        )
    errors = rules.answer_errors(answers)
    if errors:
        raise FieldErrors(errors)
    move(application, "submit_investigation", now=now)
    investigation = Investigation(
        district=application.district,
        application_id=application.id,
        status="submitted",
        submitted_at=now,
        submitted_by=actor.name,
    )
    session.add(investigation)
    await session.flush()
    for point in rules.POINT_CODES:
        session.add(
            InvestigationAnswer(
                district=application.district,
                investigation_id=investigation.id,
                point=point,
                answer=answers[point].strip(),
            )
        )
    await session.flush()
    return investigation


def _require_coordinator_of(actor: Actor, district: str) -> None:
    """Only a coordinator of the application's district signs (token roles and districts)."""
    principal = actor.principal
    if COORDINATOR_ROLE not in principal.roles or district not in principal.districts:
        raise NotPermitted("only a coordinator of this district may sign the investigation")


async def _submitted(session: AsyncSession, application: Application) -> Investigation:
    investigation, _ = await current_investigation(session, application.id)
    if investigation is None or investigation.status != "submitted":
        raise Conflict("there is no submitted investigation to sign or return")
    return investigation


async def approve(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    note: str | None,
    now: datetime,
) -> Investigation:
    """ "Samordnaren ... skriver under utredningen med ett godkännande och en namnteckning"."""
    _require_coordinator_of(actor, application.district)
    move(application, "approve_investigation", now=now)
    investigation = await _submitted(session, application)
    investigation.status = "approved"
    investigation.signed_by = actor.name
    investigation.signed_at = now
    investigation.coordinator_note = note
    await session.flush()
    await publish(
        session,
        InvestigationApprovedV1(
            application_id=application.id,
            investigation_id=investigation.id,
            district=application.district,
            housing_type=application.housing_type,  # type: ignore[arg-type]
            approved_by=actor.name,
            approved_at=now,
            housing_officer=application.housing_officer,
        ),
        application_id=application.id,
        district=application.district,
    )
    return investigation


async def return_for_completion(
    session: AsyncSession, actor: Actor, application: Application, *, note: str, now: datetime
) -> Investigation:
    """The coordinator finds the criteria not shown: back to the caseworker, with why."""
    _require_coordinator_of(actor, application.district)
    move(application, "return_investigation", now=now)
    investigation = await _submitted(session, application)
    investigation.status = "returned"
    investigation.coordinator_note = note
    await session.flush()
    return investigation


async def count_for(session: AsyncSession, application_id: str) -> int:
    return (
        await session.execute(
            select(func.count())
            .select_from(Investigation)
            .where(Investigation.application_id == application_id)
        )
    ).scalar_one()
