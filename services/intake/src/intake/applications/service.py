"""Registering an application and moving it through its states.

Functions flush but never commit: the caller's unit of work commits the state
change together with its outbox event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound, NotPermitted
from bostad_common.events.intake import ApplicationRegisteredV1
from bostad_common.http_errors import FieldErrors
from bostad_common.workdays import to_stockholm
from intake.applications import rules
from intake.applications.models import Application
from intake.applications.schemas import ApplicationCreate
from intake.assessment.models import InformationRequest
from intake.districts.config import district_config
from intake.events import publish
from intake.households.models import Debt, Household, HouseholdMember
from intake.households.rules import adult_birth_date_errors, child_birth_date_errors


def today_in_sweden(now: datetime) -> date:
    return to_stockholm(now).date()


def registration_errors(data: ApplicationCreate, *, today: date) -> list[dict[str, str]]:
    """Everything wrong with a registration, each naming its field; empty if none."""
    errors: list[dict[str, str]] = []
    config = district_config(data.district)
    if config is None:
        return [{"field": "district", "message": "unknown district"}]
    if config.rule_for(data.housing_type) is None:
        errors.append(
            {"field": "housing_type", "message": "this district does not offer this housing type"}
        )
    for index, member in enumerate(data.household.members):
        field = f"household.members.{index}.birth_date"
        if member.kind == "child":
            errors += child_birth_date_errors(
                member.birth_date,
                today=today,
                age_limit_years=config.child_age_limit_years,
                field=field,
            )
        else:
            errors += adult_birth_date_errors(member.birth_date, today=today, field=field)
    household = data.household
    if household.current_housing == "emergency_placement":
        if household.emergency_cost_per_night_ore is None:
            errors.append(
                {
                    "field": "household.emergency_cost_per_night_ore",
                    "message": "required when the household lives in an emergency placement",
                }
            )
    elif household.emergency_cost_per_night_ore is not None:
        errors.append(
            {
                "field": "household.emergency_cost_per_night_ore",
                "message": "only for a household in an emergency placement",
            }
        )
    return errors


async def register(
    session: AsyncSession, actor: Actor, data: ApplicationCreate, *, now: datetime
) -> tuple[Application, Household]:
    """Validate everything first, then write: a refused registration leaves nothing behind."""
    errors = registration_errors(data, today=today_in_sweden(now))
    if errors:
        raise FieldErrors(errors)
    if not actor.principal.in_district(data.district):
        raise NotPermitted("you do not work in this district")
    h = data.household
    existing = await active_application_of(
        session, data.district, h.applicant.personal_number.canonical, data.housing_type
    )
    if existing is not None:
        raise Conflict(
            f"the applicant already has an active application of this housing type "
            f"({existing.id}, {existing.status}); add to it instead"
        )
    household = Household(
        district=data.district,
        applicant_personal_number=h.applicant.personal_number.canonical,
        applicant_name=h.applicant.name,
        phone=h.applicant.phone,
        email=h.applicant.email,
        client_status=h.client_status,
        current_housing=h.current_housing,
        current_housing_note=h.current_housing_note,
        emergency_cost_per_night_ore=h.emergency_cost_per_night_ore,
        means_of_support=h.means_of_support,
        registered_in_municipality=h.registered_in_municipality,
        accessibility_needs=list(h.accessibility_needs),
        investments_ore=h.investments_ore,
        created_at=now,
        created_by=actor.name,
    )
    session.add(household)
    await session.flush()
    for member in h.members:
        session.add(
            HouseholdMember(
                district=data.district,
                household_id=household.id,
                kind=member.kind,
                name=member.name,
                birth_date=member.birth_date,
            )
        )
    for debt in h.debts:
        session.add(
            Debt(
                district=data.district,
                household_id=household.id,
                kind=debt.kind,
                amount_ore=debt.amount_ore,
                creditor=debt.creditor,
            )
        )
    nominating_unit = data.nominating_unit
    if nominating_unit is None and len(actor.principal.units) == 1:
        nominating_unit = next(iter(actor.principal.units))
    application = Application(
        district=data.district,
        household_id=household.id,
        housing_type=data.housing_type,
        channel=data.channel,
        path=rules.path_for(h.client_status, data.lss_decision),
        status="registered",
        area_wishes=[w.model_dump() for w in data.area_wishes],
        apartment_type_wishes=[w.model_dump() for w in data.apartment_type_wishes],
        rooms_needed=data.rooms_needed,
        lss_decision=data.lss_decision,
        other_ways_ruled_out=data.other_ways_ruled_out,
        other_ways_note=data.other_ways_note,
        nominating_unit=nominating_unit,
        registered_at=now,
        registered_by=actor.name,
        status_changed_at=now,
    )
    session.add(application)
    await session.flush()
    await publish(
        session,
        ApplicationRegisteredV1(
            application_id=application.id,
            household_id=household.id,
            district=application.district,
            housing_type=data.housing_type,
            channel=data.channel,
            client_status=h.client_status,
            path=application.path,  # type: ignore[arg-type]
            registered_at=now,
            registered_by=actor.name,
        ),
        application_id=application.id,
        district=application.district,
    )
    return application, household


async def active_application_of(
    session: AsyncSession, district: str, personal_number: str, housing_type: str
) -> Application | None:
    result = await session.execute(
        select(Application)
        .join(Household, Household.id == Application.household_id)
        .where(
            Application.district == district,
            Application.housing_type == housing_type,
            Application.status.in_(sorted(rules.ACTIVE_STATES)),  # type: ignore[attr-defined]
            Household.applicant_personal_number == personal_number,
        )
        .limit(1)
    )
    return result.scalar_one_or_none()


async def get_application(
    session: AsyncSession, application_id: str, *, for_update: bool = False
) -> Application:
    """The application, if it exists in a district the session may see; else NotFound."""
    query = select(Application).where(Application.id == application_id)
    if for_update:
        query = query.with_for_update()
    application = (await session.execute(query)).scalar_one_or_none()
    if application is None:
        raise NotFound("application not found")
    return application


async def get_household(session: AsyncSession, household_id: str) -> Household:
    household = await session.get(Household, household_id)
    if household is None:
        raise NotFound("household not found")
    return household


async def members_of(session: AsyncSession, household_id: str) -> list[HouseholdMember]:
    result = await session.execute(
        select(HouseholdMember)
        .where(HouseholdMember.household_id == household_id)
        .order_by(HouseholdMember.birth_date)
    )
    return list(result.scalars())


async def debts_of(session: AsyncSession, household_id: str) -> list[Debt]:
    result = await session.execute(select(Debt).where(Debt.household_id == household_id))
    return list(result.scalars())


def move(application: Application, action: str, *, now: datetime) -> rules.Transition:
    """Apply a transition of the status machine (IllegalTransition → 409)."""
    step = rules.transition(application.status, action)
    application.status = step.to_status
    application.status_changed_at = now
    return step


async def send_to_housing_officer(
    session: AsyncSession, application: Application, *, certificates: int, now: datetime
) -> None:
    """Seed 000, non-client: "Detta skickas tillsammans med ansökan om kontrakt/socialt
    kontrakt till bostadshandläggaren"."""
    if application.path != "certificate_only":
        raise Conflict(
            "send_to_housing_officer is for the certificate_only path; on the investigation "
            "path the application reaches the housing officer when the coordinator signs"
        )
    if certificates == 0 and not application.lss_decision:
        raise FieldErrors(
            [
                {
                    "field": "certificates",
                    "message": "a certificate (or an LSS decision) must come with the application",
                }
            ]
        )
    move(application, "send_to_housing_officer", now=now)
    await session.flush()


async def withdraw(session: AsyncSession, application: Application, *, now: datetime) -> None:
    move(application, "withdraw", now=now)
    await session.flush()


@dataclass(frozen=True)
class ListFilters:
    district: str | None = None
    status: str | None = None
    housing_type: str | None = None
    path: str | None = None
    housing_officer: str | None = None
    waiting_for: str | None = None  # information | coordinator | decision


_WAITING_FOR_STATUS = {
    "information": "awaiting_information",
    "coordinator": "awaiting_coordinator",
    "decision": "ready_for_decision",
    "housing_officer": "with_housing_officer",
}


async def list_applications(
    session: AsyncSession, filters: ListFilters, *, limit: int, offset: int
) -> tuple[list[tuple[Application, Household]], int]:
    """A page of applications in the districts the session may see, oldest state first."""
    conditions: list[Any] = []
    if filters.district is not None:
        conditions.append(Application.district == filters.district)
    if filters.status is not None:
        conditions.append(Application.status == filters.status)
    if filters.waiting_for is not None:
        conditions.append(Application.status == _WAITING_FOR_STATUS[filters.waiting_for])
    if filters.housing_type is not None:
        conditions.append(Application.housing_type == filters.housing_type)
    if filters.path is not None:
        conditions.append(Application.path == filters.path)
    if filters.housing_officer is not None:
        conditions.append(Application.housing_officer == filters.housing_officer)
    total = (
        await session.execute(select(func.count()).select_from(Application).where(*conditions))
    ).scalar_one()
    rows = await session.execute(
        select(Application, Household)
        .join(Household, Household.id == Application.household_id)
        .where(*conditions)
        .order_by(Application.status_changed_at, Application.id)
        .limit(limit)
        .offset(offset)
    )
    return [(a, h) for a, h in rows], total


async def open_information_requests(
    session: AsyncSession, application_ids: list[str]
) -> dict[str, InformationRequest]:
    """The oldest unanswered request per application (what it waits for, since when)."""
    if not application_ids:
        return {}
    rows = await session.execute(
        select(InformationRequest)
        .where(
            InformationRequest.application_id.in_(application_ids),  # type: ignore[attr-defined]
            InformationRequest.received_at.is_(None),  # type: ignore[union-attr]
        )
        .order_by(InformationRequest.requested_at)
    )
    oldest: dict[str, InformationRequest] = {}
    for request in rows.scalars():
        oldest.setdefault(request.application_id, request)
    return oldest


async def search_by_personal_number(
    session: AsyncSession, personal_number: str, *, limit: int = 50
) -> list[tuple[Application, Household]]:
    """The person's applications as applicant, newest first (in the caller's districts)."""
    rows = await session.execute(
        select(Application, Household)
        .join(Household, Household.id == Application.household_id)
        .where(Household.applicant_personal_number == personal_number)
        .order_by(Application.registered_at.desc())  # type: ignore[attr-defined]
        .limit(limit)
    )
    return [(a, h) for a, h in rows]
