"""`/api/v1/rounds`: open a round, nominate, rank, propose, approve or object, decide.

Access log: the ranking and a round's detail show households' needs, so every
household shown gets a `read` entry; nominating, proposing and deciding record
`update` entries for the households named.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.actor import log_household_access
from allocation.pool.models import Household
from allocation.rounds import ranking, service
from allocation.rounds.models import Nomination, Round
from allocation.rounds.schemas import (
    DecisionCreate,
    FactorContribution,
    NominationCreate,
    NominationRead,
    ProposalCreate,
    RankedHousehold,
    RankingRead,
    RoundDetail,
    RoundOpen,
    RoundRead,
    StepRead,
    VerdictCreate,
    VerdictRead,
)
from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.pagination import PageLimit, PageOffset


async def log_households(
    session: AsyncSession,
    actor: Actor,
    household_ids: Iterable[str | None],
    action: str,
    resource: str,
) -> None:
    for household_id in dict.fromkeys(h for h in household_ids if h):
        household = await session.get(Household, household_id)
        if household is not None:
            await log_household_access(
                session,
                actor,
                personal_number=household.personal_number,
                action=action,
                resource=resource,
                district=household.district,
            )  # type: ignore[arg-type]


def round_read(rnd: Round) -> RoundRead:
    return RoundRead(**_round_fields(rnd))


def _round_fields(rnd: Round) -> dict:  # type: ignore[type-arg]
    return dict(
        round_id=rnd.id,
        vacancy_id=rnd.vacancy_id,
        district=rnd.district,
        status=rnd.status,
        nomination_deadline=rnd.nomination_deadline,
        opened_by=rnd.opened_by,
        opened_at=rnd.opened_at,
        proposed_list=rnd.proposed_list,
        motivation=rnd.motivation,
        proposed_by=rnd.proposed_by,
        unit_managers=rnd.unit_managers,
        decision_maker=rnd.decision_maker,
        priority_list=rnd.priority_list,
        decided_via=rnd.decided_via,
        decided_by=rnd.decided_by,
        decision_motivation=rnd.decision_motivation,
        decided_at=rnd.decided_at,
    )


def nomination_read(n: Nomination) -> NominationRead:
    return NominationRead(
        nomination_id=n.id,
        household_id=n.household_id,
        unit=n.unit,
        acute_need=n.acute_need,
        note=n.note,
        nominated_by=n.nominated_by,
        nominated_at=n.nominated_at,
    )


async def round_detail(session: AsyncSession, rnd: Round) -> RoundDetail:
    nominations = await service.nominations_of(session, rnd.id)
    return RoundDetail(
        **_round_fields(rnd),
        nominations=[nomination_read(n) for n in nominations],
        verdicts=[
            VerdictRead(manager=v.manager, verdict=v.verdict, comment=v.comment, at=v.at)
            for v in await service.verdicts_of(session, rnd.id)
        ],
        steps=[
            StepRead(
                seq=s.seq,
                step=s.step,
                actor=s.actor,
                at=s.at,
                household_id=s.household_id,
                comment=s.comment,
            )
            for s in await service.steps_of(session, rnd.id)
        ],
    )


def _named(rnd: Round, nominations: Iterable[Nomination]) -> list[str | None]:
    return [*rnd.proposed_list, *rnd.priority_list, *(n.household_id for n in nominations)]


class VacancyRoundController(Controller):
    path = "/vacancies/{vacancy_id:str}/rounds"
    tags = ("rounds",)

    @post(
        "/",
        guards=[requires("allocation:vacancy.write")],
        operation_id="openRound",
        summary="Open a round for a vacancy: the district's coordinators are told (VacancyOpened)",
        status_code=HTTP_201_CREATED,
    )
    async def open_round(
        self,
        vacancy_id: FromPath[str],
        data: JSONBody[RoundOpen],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> RoundRead:
        rnd = await service.open_round(
            db_session, actor, vacancy_id, deadline=data.nomination_deadline, now=utcnow()
        )
        return round_read(rnd)


class RoundController(Controller):
    path = "/rounds"
    tags = ("rounds",)

    @get(
        "/",
        guards=[requires("allocation:vacancy.read")],
        operation_id="listRounds",
        summary="Rounds, newest first, filtered by district and status",
    )
    async def list_rounds(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        status: Annotated[str | None, Parameter(max_length=16)] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> list[RoundRead]:
        rows = await service.list_rounds(
            db_session, district=district, status=status, limit=limit, offset=offset
        )
        for rnd in rows:  # the lists name households: each one shown is a read
            await log_households(
                db_session,
                actor,
                [*rnd.proposed_list, *rnd.priority_list],
                "read",
                f"round:{rnd.id}",
            )
        return [round_read(r) for r in rows]

    @get(
        "/{round_id:str}",
        guards=[requires("allocation:vacancy.read")],
        operation_id="getRound",
        summary="A round with its nominations, verdicts and every step (who, when)",
    )
    async def get_round(
        self,
        round_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> RoundDetail:
        rnd = await service.get_round(db_session, round_id)
        detail = await round_detail(db_session, rnd)
        await log_households(
            db_session,
            actor,
            _named(rnd, await service.nominations_of(db_session, rnd.id)),
            "read",
            f"round:{rnd.id}",
        )
        return detail

    @post(
        "/{round_id:str}/nominations",
        guards=[requires("allocation:nomination.write")],
        operation_id="nominate",
        summary="Nominate a household or flag an acute need until the deadline",
        status_code=HTTP_201_CREATED,
    )
    async def nominate(
        self,
        round_id: FromPath[str],
        data: JSONBody[NominationCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> NominationRead:
        rnd = await service.get_round(db_session, round_id, for_update=True)
        nomination = await service.nominate(
            db_session,
            actor,
            rnd,
            household_id=data.household_id,
            acute_need=data.acute_need,
            note=data.note,
            # The coordinator's own unit unless named (the token's `units` claim).
            unit=data.unit or next(iter(sorted(actor.principal.units)), None),
            now=utcnow(),
        )
        await log_households(db_session, actor, [data.household_id], "update", f"round:{rnd.id}")
        return nomination_read(nomination)

    @get(
        "/{round_id:str}/ranking",
        guards=[requires("allocation:vacancy.read")],
        operation_id="roundRanking",
        summary="The suggested ranking with each factor's contribution (a suggestion only)",
    )
    async def ranking(
        self,
        round_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        limit: PageLimit = 20,
        offset: PageOffset = 0,
    ) -> RankingRead:
        rnd = await service.get_round(db_session, round_id)
        suggestion = await service.suggested_ranking(db_session, rnd, now=utcnow())
        shown = suggestion.ranked[offset : offset + limit]
        households = []
        for position, ranked in enumerate(shown, start=offset + 1):
            household = await db_session.get(Household, ranked.household_id)
            assert household is not None  # it was just read
            households.append(
                RankedHousehold(
                    rank=position,
                    household_id=household.id,
                    total=round(ranked.total, 4),
                    housing_type=household.housing_type,
                    household_size=int(household.needs.get("household_size") or 1),
                    children=household.children,
                    nominating_unit=household.nominating_unit,
                    factors=[
                        FactorContribution(factor=f, score=s, weight=w, contribution=c)
                        for f, s, w, c in ranking.explain(ranked, suggestion.weights)
                    ],
                )
            )
        await log_households(
            db_session, actor, [r.household_id for r in shown], "read", f"round:{rnd.id}:ranking"
        )
        return RankingRead(
            round_id=rnd.id,
            weights=suggestion.weights,
            total_candidates=len(suggestion.ranked),
            households=households,
        )

    @post(
        "/{round_id:str}/proposal",
        guards=[requires("allocation:proposal.write")],
        operation_id="propose",
        summary="The housing officer's proposal with a written motivation (closes nominations)",
        status_code=200,
    )
    async def propose(
        self,
        round_id: FromPath[str],
        data: JSONBody[ProposalCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> RoundRead:
        rnd = await service.get_round(db_session, round_id, for_update=True)
        await service.propose(
            db_session,
            actor,
            rnd,
            priority_list=data.priority_list,
            motivation=data.motivation,
            now=utcnow(),
        )
        await log_households(db_session, actor, rnd.proposed_list, "update", f"round:{rnd.id}")
        return round_read(rnd)

    @post(
        "/{round_id:str}/verdicts",
        guards=[requires("allocation:priority.decide")],
        operation_id="giveVerdict",
        summary="A unit manager approves or objects (with a comment); all approve → frozen",
        status_code=200,
    )
    async def verdict(
        self,
        round_id: FromPath[str],
        data: JSONBody[VerdictCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> RoundRead:
        rnd = await service.get_round(db_session, round_id, for_update=True)
        await service.record_verdict(
            db_session, actor, rnd, verdict=data.verdict, comment=data.comment, now=utcnow()
        )
        await log_households(db_session, actor, rnd.proposed_list, "update", f"round:{rnd.id}")
        return round_read(rnd)

    @post(
        "/{round_id:str}/decision",
        guards=[requires("allocation:priority.decide")],
        operation_id="decideRound",
        summary="After objections, the district's decision-maker decides the list (frozen)",
        status_code=200,
    )
    async def decide(
        self,
        round_id: FromPath[str],
        data: JSONBody[DecisionCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> RoundRead:
        rnd = await service.get_round(db_session, round_id, for_update=True)
        await service.decide(
            db_session,
            actor,
            rnd,
            priority_list=data.priority_list,
            motivation=data.motivation,
            now=utcnow(),
        )
        await log_households(db_session, actor, rnd.priority_list, "update", f"round:{rnd.id}")
        return round_read(rnd)
