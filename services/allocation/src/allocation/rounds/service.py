"""Use cases of a vacancy round; each commits once, together with its event.

opened → (nominations until the deadline) → proposed → verdicts → decided (frozen)
→ offers (offers/service.py) → accepted → completed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.apartments.models import Apartment, Vacancy
from allocation.clock.models import DecisionClock
from allocation.districts import service as districts
from allocation.events import publish
from allocation.pool.models import Household
from allocation.rounds import ranking, rules
from allocation.rounds.models import Nomination, Round, RoundStep, Verdict
from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound, NotPermitted
from bostad_common.events.allocation import RoundDecidedV1, VacancyOpenedV1
from bostad_common.http_errors import FieldErrors
from bostad_common.workdays import to_stockholm

SNAPSHOT_SIZE = 20


async def step(
    session: AsyncSession,
    rnd: Round,
    name: str,
    actor: str,
    *,
    now: datetime,
    household_id: str | None = None,
    comment: str | None = None,
) -> None:
    seq = (
        await session.execute(select(func.count()).where(RoundStep.round_id == rnd.id))
    ).scalar_one()
    session.add(
        RoundStep(
            round_id=rnd.id,
            district=rnd.district,
            seq=seq + 1,
            step=name,
            actor=actor,
            at=now,
            household_id=household_id,
            comment=comment,
        )
    )


async def get_round(session: AsyncSession, round_id: str, *, for_update: bool = False) -> Round:
    query = select(Round).where(Round.id == round_id)
    if for_update:
        query = query.with_for_update()
    rnd = (await session.execute(query)).scalar_one_or_none()
    if rnd is None:
        raise NotFound("round not found")
    return rnd


async def vacancy_and_apartment(
    session: AsyncSession, vacancy_id: str
) -> tuple[Vacancy, Apartment]:
    vacancy = await session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound("vacancy not found")
    apartment = await session.get(Apartment, vacancy.apartment_id)
    assert apartment is not None  # foreign key
    return vacancy, apartment


async def open_round(
    session: AsyncSession,
    actor: Actor,
    vacancy_id: str,
    *,
    deadline: datetime | None,
    now: datetime,
) -> Round:
    vacancy, apartment = await vacancy_and_apartment(session, vacancy_id)
    if vacancy.status != "open":
        raise Conflict(f"the vacancy is {vacancy.status}, a round can only open on an open vacancy")
    config = await districts.config_of(session, vacancy.district)
    if deadline is None:
        deadline = now + timedelta(days=config.nomination_days)
    elif deadline <= now:
        raise FieldErrors([{"field": "nomination_deadline", "message": "must be in the future"}])
    rnd = Round(
        vacancy_id=vacancy.id,
        district=vacancy.district,
        nomination_deadline=deadline,
        opened_by=actor.name,
        opened_at=now,
    )
    session.add(rnd)
    vacancy.status = "in_round"
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("a round is already open for this vacancy") from None
    await step(session, rnd, "opened", actor.name, now=now)
    await publish(
        session,
        VacancyOpenedV1(
            vacancy_id=vacancy.id,
            round_id=rnd.id,
            apartment_id=apartment.id,
            district=vacancy.district,
            housing_type=apartment.housing_type,  # type: ignore[arg-type]
            rooms=apartment.rooms,
            area=apartment.area,
            nomination_deadline=deadline,
            opened_by=actor.name,
        ),
        subject=rnd.id,
        district=rnd.district,
    )
    await session.flush()
    return rnd


async def _waiting_household(
    session: AsyncSession, household_id: str, housing_type: str, field: str
) -> Household:
    household = await session.get(Household, household_id)
    if household is None:
        raise FieldErrors([{"field": field, "message": "no such household in the pool"}])
    if household.status != "waiting":
        raise Conflict(f"household {household_id} is not waiting in the pool ({household.status})")
    if household.housing_type != housing_type:
        raise Conflict(f"household {household_id} was granted another housing type")
    return household


async def nominate(
    session: AsyncSession,
    actor: Actor,
    rnd: Round,
    *,
    household_id: str | None,
    acute_need: bool,
    note: str | None,
    unit: str | None,
    now: datetime,
) -> Nomination:
    """Seed 000: coordinators raise households and new, more acute needs until the deadline."""
    if rnd.status != "nominating":
        raise Conflict("nominations are closed: the proposal is made")
    if now > rnd.nomination_deadline:
        raise Conflict("the nomination deadline has passed")
    if household_id is None and not (acute_need and note and note.strip()):
        raise FieldErrors(
            [{"field": "note", "message": "an acute need without a household needs a note"}]
        )
    if household_id is not None:
        _, apartment = await vacancy_and_apartment(session, rnd.vacancy_id)
        await _waiting_household(session, household_id, apartment.housing_type, "household_id")
    nomination = Nomination(
        round_id=rnd.id,
        district=rnd.district,
        household_id=household_id,
        unit=unit,
        acute_need=acute_need,
        note=note,
        nominated_by=actor.name,
        nominated_at=now,
    )
    session.add(nomination)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("this household is already nominated in this round") from None
    await step(
        session,
        rnd,
        "acute_need_flagged" if acute_need else "nominated",
        actor.name,
        now=now,
        household_id=household_id,
        comment=note,
    )
    return nomination


async def nominations_of(session: AsyncSession, round_id: str) -> Sequence[Nomination]:
    result = await session.execute(
        select(Nomination).where(Nomination.round_id == round_id).order_by(Nomination.nominated_at)  # type: ignore[arg-type]
    )
    return result.scalars().all()


def candidate_of(
    household_id: str,
    children: int,
    needs: dict[str, Any],
    is_bistandsbeslut: bool,
    clock_start: date,
    acute: bool,
) -> ranking.Candidate:
    return ranking.Candidate(
        household_id,
        children,
        needs.get("emergency_cost_per_night_ore") or 0,
        needs.get("investments_ore") or 0,
        clock_start,
        is_bistandsbeslut,
        needs.get("rooms_needed"),
        frozenset(needs.get("accessibility_needs") or ()),
        frozenset(wish["area"] for wish in needs.get("area_wishes") or ()),
        acute,
    )


@dataclass(frozen=True)
class Suggestion:
    ranked: list[ranking.Ranked]
    weights: dict[str, float]


def ranking_query(district: str, housing_type: str) -> Select[Any]:
    """Only the columns the ranking needs: ORM entities for 10 000 rows cost seconds."""
    return (
        select(
            Household.id,
            Household.children,
            Household.needs,
            Household.is_bistandsbeslut,
            func.coalesce(DecisionClock.clock_start, Household.decided_on),
        )
        .join(DecisionClock, DecisionClock.decision_id == Household.decision_id, isouter=True)
        .where(
            Household.district == district,
            Household.status == "waiting",
            Household.housing_type == housing_type,
        )
    )


async def suggested_ranking(session: AsyncSession, rnd: Round, *, now: datetime) -> Suggestion:
    _, apartment = await vacancy_and_apartment(session, rnd.vacancy_id)
    config = await districts.config_of(session, rnd.district)
    rows = (await session.execute(ranking_query(rnd.district, apartment.housing_type))).all()
    acute = {n.household_id for n in await nominations_of(session, rnd.id) if n.acute_need}
    vacancy = ranking.VacancyFacts(
        rooms=apartment.rooms,
        area=apartment.area,
        accessibility=ranking.accessibility_offered(
            has_lift=apartment.has_lift,
            floor=apartment.floor,
            wheelchair_accessible=apartment.wheelchair_accessible,
        ),
    )
    candidates = [
        candidate_of(household_id, children, needs, bistand, start, household_id in acute)
        for household_id, children, needs, bistand, start in rows
    ]
    ranked = ranking.rank(candidates, vacancy, config.weights, today=to_stockholm(now).date())
    return Suggestion(ranked, config.weights)


async def propose(
    session: AsyncSession,
    actor: Actor,
    rnd: Round,
    *,
    priority_list: list[str],
    motivation: str,
    now: datetime,
) -> Round:
    """The housing officer's proposal with a written motivation; it closes nominations."""
    if rnd.status != "nominating":
        raise Conflict(f"the round is {rnd.status}; a proposal is made once, while nominating")
    errors = rules.list_errors(priority_list, "priority_list")
    if not motivation.strip():
        errors.append({"field": "motivation", "message": "a written motivation is required"})
    if errors:
        raise FieldErrors(errors)
    _, apartment = await vacancy_and_apartment(session, rnd.vacancy_id)
    for index, household_id in enumerate(priority_list):
        await _waiting_household(
            session, household_id, apartment.housing_type, f"priority_list.{index}"
        )
    config = await districts.config_of(session, rnd.district)
    if not config.unit_managers:
        raise Conflict("the district has no unit managers configured for allocation rounds")
    suggestion = await suggested_ranking(session, rnd, now=now)
    rnd.suggestion_snapshot = [
        {"household_id": r.household_id, "total": round(r.total, 4)}
        for r in suggestion.ranked[:SNAPSHOT_SIZE]
    ]
    rnd.proposed_list, rnd.motivation, rnd.proposed_by = list(priority_list), motivation, actor.name
    rnd.unit_managers, rnd.decision_maker = list(config.unit_managers), config.decision_maker
    rnd.status = "proposed"
    await step(session, rnd, "proposed", actor.name, now=now, comment=motivation)
    await session.flush()
    return rnd


async def verdicts_of(session: AsyncSession, round_id: str) -> Sequence[Verdict]:
    result = await session.execute(
        select(Verdict).where(Verdict.round_id == round_id).order_by(Verdict.at)  # type: ignore[arg-type]
    )
    return result.scalars().all()


async def record_verdict(
    session: AsyncSession,
    actor: Actor,
    rnd: Round,
    *,
    verdict: str,
    comment: str | None,
    now: datetime,
) -> Round:
    if rnd.status != "proposed":
        if rnd.status == "nominating":
            raise Conflict("there is no proposal to approve yet")
        raise Conflict("the priority list is frozen")
    if actor.name not in rnd.unit_managers:
        raise NotPermitted("you are not one of the unit managers of this round")
    if verdict == "object" and not (comment and comment.strip()):
        raise FieldErrors([{"field": "comment", "message": "an objection needs a comment"}])
    existing = {v.manager: v.verdict for v in await verdicts_of(session, rnd.id)}
    if actor.name in existing:
        raise Conflict(f"you have already answered ({existing[actor.name]})")
    session.add(
        Verdict(
            round_id=rnd.id,
            district=rnd.district,
            manager=actor.name,
            verdict=verdict,
            comment=comment,
            at=now,
        )
    )
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("you have already answered") from None
    await step(
        session,
        rnd,
        "approved" if verdict == "approve" else "objected",
        actor.name,
        now=now,
        comment=comment,
    )
    existing[actor.name] = verdict
    if rules.consensus(rnd.unit_managers, existing) == "consensus":
        await _freeze(
            session,
            rnd,
            priority_list=rnd.proposed_list,
            via="consensus",
            decided_by=list(rnd.unit_managers),
            motivation=rnd.motivation or "",
            now=now,
        )
    return rnd


async def decide(
    session: AsyncSession,
    actor: Actor,
    rnd: Round,
    *,
    priority_list: list[str] | None,
    motivation: str,
    now: datetime,
) -> Round:
    """After an objection, the district's decision-maker decides the list (recorded)."""
    if rnd.status != "proposed":
        raise Conflict(
            "the priority list is frozen" if rnd.status != "nominating" else "no proposal yet"
        )
    if rnd.decision_maker is None:
        raise Conflict("the district has no decision-maker configured")
    if actor.name != rnd.decision_maker:
        raise NotPermitted("only the district's decision-maker decides after objections")
    verdicts = {v.manager: v.verdict for v in await verdicts_of(session, rnd.id)}
    if rules.consensus(rnd.unit_managers, verdicts) != "objected":
        raise Conflict("the decision-maker decides only after an objection")
    final = list(priority_list) if priority_list is not None else list(rnd.proposed_list)
    errors = rules.list_errors(final, "priority_list")
    if not motivation.strip():
        errors.append({"field": "motivation", "message": "a written motivation is required"})
    if errors:
        raise FieldErrors(errors)
    _, apartment = await vacancy_and_apartment(session, rnd.vacancy_id)
    for index, household_id in enumerate(final):
        await _waiting_household(
            session, household_id, apartment.housing_type, f"priority_list.{index}"
        )
    await step(session, rnd, "decided_by_decision_maker", actor.name, now=now, comment=motivation)
    approvers = [m for m, v in verdicts.items() if v == "approve"]
    await _freeze(
        session,
        rnd,
        priority_list=final,
        via="decision_maker",
        decided_by=[*approvers, actor.name],
        motivation=motivation,
        now=now,
    )
    return rnd


async def _freeze(
    session: AsyncSession,
    rnd: Round,
    *,
    priority_list: list[str],
    via: str,
    decided_by: list[str],
    motivation: str,
    now: datetime,
) -> None:
    rnd.priority_list, rnd.decided_via, rnd.decided_by = list(priority_list), via, list(decided_by)
    rnd.decision_motivation, rnd.decided_at, rnd.status = motivation, now, "decided"
    await step(
        session,
        rnd,
        "frozen",
        "system" if via == "consensus" else decided_by[-1],
        now=now,
        comment=f"decided via {via}",
    )
    await publish(
        session,
        RoundDecidedV1(
            round_id=rnd.id,
            vacancy_id=rnd.vacancy_id,
            district=rnd.district,
            priority_list=list(priority_list),
            decided_via=via,  # type: ignore[arg-type]
            decided_by=list(decided_by),
            motivation=motivation,
        ),
        subject=rnd.id,
        district=rnd.district,
    )
    await session.flush()


async def steps_of(session: AsyncSession, round_id: str) -> Sequence[RoundStep]:
    result = await session.execute(
        select(RoundStep).where(RoundStep.round_id == round_id).order_by(RoundStep.seq)  # type: ignore[arg-type]
    )
    return result.scalars().all()


async def list_rounds(
    session: AsyncSession, *, district: str | None, status: str | None, limit: int, offset: int
) -> Sequence[Round]:
    query = select(Round)
    if district is not None:
        query = query.where(Round.district == district)
    if status is not None:
        query = query.where(Round.status == status)
    result = await session.execute(
        query.order_by(Round.opened_at.desc()).limit(limit).offset(offset)
    )  # type: ignore[attr-defined]
    return result.scalars().all()
