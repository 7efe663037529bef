"""Deciding an application, appeals, and ending a granted decision."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound, NotPermitted
from bostad_common.events.intake import (
    AreaWish,
    DecisionEndedV1,
    HousingDecisionGrantedV1,
    HousingDecisionRejectedV1,
    LeaseParty,
    NeedsProfile,
)
from bostad_common.http_errors import FieldErrors
from bostad_common.personnummer import PersonalNumber
from intake.applications.models import Application
from intake.applications.service import get_household, members_of, move, today_in_sweden
from intake.decisions import rules
from intake.decisions.models import Appeal, Decision
from intake.decisions.schemas import DecisionCreate
from intake.districts.config import district_config
from intake.events import publish
from intake.households.models import Household, HouseholdMember


def needs_profile(
    application: Application, household: Household, members: list[HouseholdMember]
) -> NeedsProfile:
    """What allocation ranks on (seed 000: children, extreme current costs, investments made)
    and what IVO's report needs (birth date and legal sex, never the personal number)."""
    applicant = PersonalNumber.parse(household.applicant_personal_number)
    children = sorted(m.birth_date for m in members if m.kind == "child")
    other_adults = sum(1 for m in members if m.kind == "adult")
    return NeedsProfile(
        household_size=1 + other_adults + len(children),
        adults=1 + other_adults,
        children_birth_dates=children,
        rooms_needed=application.rooms_needed,
        accessibility_needs=list(household.accessibility_needs or []),
        area_wishes=[AreaWish(area=w["area"], reason=w["reason"]) for w in application.area_wishes],
        apartment_type_wishes=[w["apartment_type"] for w in application.apartment_type_wishes],
        emergency_cost_per_night_ore=household.emergency_cost_per_night_ore,
        investments_ore=household.investments_ore,
        applicant_birth_date=applicant.birth_date,
        applicant_legal_sex=applicant.sex,
        nominating_unit=application.nominating_unit,  # type: ignore[arg-type]
    )


async def decide(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    data: DecisionCreate,
    *,
    now: datetime,
) -> Decision:
    config = district_config(application.district)
    rule = None if config is None else config.housing_types.get(application.housing_type)
    if config is None or rule is None:  # pragma: no cover - registration refuses these
        raise Conflict("the district no longer offers this housing type")
    if not rules.may_decide(actor.principal.roles, actor.principal.permissions, config):
        raise NotPermitted(
            f"in this district decisions are made by the role {config.deciding_role}"
        )
    action = "grant" if data.outcome == "granted" else "reject"
    move(application, action, now=now)  # 409 before 422: the state is the first question
    today = today_in_sweden(now)
    decided_on = data.decided_on or today
    errors = rules.decision_errors(
        outcome=data.outcome,
        reasons=data.reasons,
        individual_plan_goal=data.individual_plan_goal,
        rule=rule,
        decided_on=decided_on,
        today=today,
    )
    if errors:
        raise FieldErrors(errors)
    household = await get_household(session, application.household_id)
    terms = rules.terms_for(rule, data.outcome, decided_on)
    decision = Decision(
        district=application.district,
        application_id=application.id,
        household_id=household.id,
        housing_type=application.housing_type,
        outcome=data.outcome,
        reasons=data.reasons.strip(),
        legal_reference=terms.legal_reference,
        is_bistandsbeslut=terms.is_bistandsbeslut,
        includes_housing_support=terms.includes_housing_support,
        individual_plan_goal=data.individual_plan_goal if data.outcome == "granted" else None,
        appeal_route=terms.appeal_route,
        letter_sv=rules.letter_sv(
            applicant_name=household.applicant_name,
            housing_type=application.housing_type,
            outcome=data.outcome,
            reasons=data.reasons,
            terms=terms,
            decided_on=decided_on,
            individual_plan_goal=data.individual_plan_goal,
        ),
        decided_on=decided_on,
        decided_by=actor.name,
        decided_at=now,
    )
    session.add(decision)
    await session.flush()
    if data.outcome == "granted":
        members = await members_of(session, household.id)
        payload: HousingDecisionGrantedV1 | HousingDecisionRejectedV1 = HousingDecisionGrantedV1(
            decision_id=decision.id,
            application_id=application.id,
            household_id=household.id,
            district=application.district,
            housing_type=application.housing_type,  # type: ignore[arg-type]
            decided_on=decided_on,
            decided_by=actor.name,
            is_bistandsbeslut=decision.is_bistandsbeslut,
            legal_reference=decision.legal_reference,
            includes_housing_support=decision.includes_housing_support,
            needs=needs_profile(application, household, members),
            lease_party=LeaseParty(
                personal_number=household.applicant_personal_number,
                name=household.applicant_name,
                phone=household.phone,
                email=household.email,
            ),
        )
    else:
        payload = HousingDecisionRejectedV1(
            decision_id=decision.id,
            application_id=application.id,
            household_id=household.id,
            district=application.district,
            housing_type=application.housing_type,  # type: ignore[arg-type]
            decided_on=decided_on,
            decided_by=actor.name,
        )
    await publish(session, payload, application_id=application.id, district=application.district)
    return decision


async def decision_of(session: AsyncSession, application_id: str) -> Decision | None:
    """The application's current decision (a new one follows an overturned appeal)."""
    result = await session.execute(
        select(Decision)
        .where(Decision.application_id == application_id)
        .order_by(Decision.decided_at.desc())  # type: ignore[attr-defined]
        .limit(1)
    )
    return result.scalar_one_or_none()


async def _current_decision(session: AsyncSession, application: Application) -> Decision:
    decision = await decision_of(session, application.id)
    if decision is None:
        raise Conflict("the application has no decision yet")
    return decision


async def record_appeal(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    received_on: date,
    now: datetime,
) -> Appeal:
    if application.status != "rejected":
        raise Conflict(
            f"an appeal is recorded against a rejection; the application is {application.status}"
        )
    if received_on > today_in_sweden(now):
        raise FieldErrors([{"field": "received_on", "message": "cannot be after today"}])
    decision = await _current_decision(session, application)
    if received_on < decision.decided_on:
        raise FieldErrors(
            [{"field": "received_on", "message": "cannot be before the decision it appeals"}]
        )
    pending = await appeals_of(session, decision.id)
    if any(a.outcome == "pending" for a in pending):
        raise Conflict("an appeal against this decision is already waiting for its outcome")
    appeal = Appeal(
        district=application.district,
        decision_id=decision.id,
        received_on=received_on,
        recorded_by=actor.name,
        recorded_at=now,
    )
    session.add(appeal)
    await session.flush()
    return appeal


async def record_appeal_outcome(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    appeal_id: str,
    *,
    outcome: str,
    outcome_on: date,
    note: str | None,
    now: datetime,
) -> Appeal:
    """Upheld: the rejection stands. Overturned: back to the decider for a new decision."""
    appeal = await session.get(Appeal, appeal_id)
    decision = await _current_decision(session, application)
    if appeal is None or appeal.decision_id != decision.id:
        raise NotFound("appeal not found")
    if appeal.outcome != "pending":
        raise Conflict(f"the appeal already has its outcome ({appeal.outcome})")
    if outcome_on < appeal.received_on or outcome_on > today_in_sweden(now):
        raise FieldErrors(
            [{"field": "outcome_on", "message": "between the appeal's arrival and today"}]
        )
    if outcome == "overturned":
        move(application, "appeal_overturned", now=now)
    appeal.outcome = outcome
    appeal.outcome_on = outcome_on
    appeal.outcome_note = note
    await session.flush()
    return appeal


async def end_decision(
    session: AsyncSession,
    actor: Actor,
    application: Application,
    *,
    reason: str,
    ended_on: date | None,
    now: datetime,
) -> Decision:
    """The household no longer waits (withdrawn, moved away, no longer needed)."""
    move(application, "end_decision", now=now)
    decision = await _current_decision(session, application)
    day = ended_on or today_in_sweden(now)
    if day < decision.decided_on or day > today_in_sweden(now):
        raise FieldErrors([{"field": "ended_on", "message": "between the decision date and today"}])
    decision.ended_on = day
    decision.end_reason = reason
    decision.ended_by = actor.name
    await session.flush()
    await publish(
        session,
        DecisionEndedV1(
            decision_id=decision.id,
            household_id=decision.household_id,
            district=decision.district,
            ended_on=day,
            reason=reason,  # type: ignore[arg-type]
        ),
        application_id=application.id,
        district=application.district,
    )
    return decision


async def appeals_of(session: AsyncSession, decision_id: str) -> list[Appeal]:
    result = await session.execute(
        select(Appeal).where(Appeal.decision_id == decision_id).order_by(Appeal.recorded_at)
    )
    return list(result.scalars())
