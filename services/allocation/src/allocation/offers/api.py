"""`/api/v1/rounds/{id}/offers` and `/api/v1/offers/{id}/…`: the answers."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.offers import service
from allocation.offers.models import Offer
from allocation.offers.schemas import AnswerCreate, HouseholdAnswerCreate, OfferCreate, OfferRead
from allocation.rounds import service as rounds
from allocation.rounds.api import log_households
from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow


def offer_read(o: Offer) -> OfferRead:
    return OfferRead(
        offer_id=o.id,
        round_id=o.round_id,
        vacancy_id=o.vacancy_id,
        household_id=o.household_id,
        district=o.district,
        position=o.position,
        status=o.status,
        offered_at=o.offered_at,
        offered_by=o.offered_by,
        landlord_answer_at=o.landlord_answer_at,
        household_answer_at=o.household_answer_at,
        decline_reason=o.decline_reason,
        move_in_date=o.move_in_date,
    )


class RoundOfferController(Controller):
    path = "/rounds/{round_id:str}/offers"
    tags = ("offers",)

    @post(
        "/",
        guards=[requires("allocation:proposal.write")],
        operation_id="offerToNext",
        summary="Ask the landlord to accept the next household on the frozen list",
        status_code=HTTP_201_CREATED,
    )
    async def create(
        self,
        round_id: FromPath[str],
        data: JSONBody[OfferCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> OfferRead:
        rnd = await rounds.get_round(db_session, round_id, for_update=True)
        offer = await service.offer_to(
            db_session, actor, rnd, household_id=data.household_id, now=utcnow()
        )
        await log_households(db_session, actor, [offer.household_id], "update", f"offer:{offer.id}")
        return offer_read(offer)

    @get(
        "/",
        guards=[requires("allocation:vacancy.read")],
        operation_id="listRoundOffers",
        summary="The round's offers in list order",
    )
    async def list_offers(
        self,
        round_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> list[OfferRead]:
        rnd = await rounds.get_round(db_session, round_id)
        offers = await service.offers_of_round(db_session, rnd.id)
        await log_households(
            db_session, actor, [o.household_id for o in offers], "read", f"round:{rnd.id}:offers"
        )
        return [offer_read(o) for o in offers]


class OfferController(Controller):
    path = "/offers/{offer_id:str}"
    tags = ("offers",)

    @post(
        "/landlord-answer",
        guards=[requires("allocation:proposal.write")],
        operation_id="landlordAnswer",
        summary="The landlord accepts, or rejects with a reason (the next on the list is asked)",
        status_code=200,
    )
    async def landlord_answer(
        self,
        offer_id: FromPath[str],
        data: JSONBody[AnswerCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> OfferRead:
        offer = await service.get_offer(db_session, offer_id, for_update=True)
        await service.landlord_answer(
            db_session, actor, offer, accepted=data.accepted, reason=data.reason, now=utcnow()
        )
        await log_households(db_session, actor, [offer.household_id], "update", f"offer:{offer.id}")
        return offer_read(offer)

    @post(
        "/household-answer",
        guards=[requires("allocation:proposal.write")],
        operation_id="householdAnswer",
        summary="The household accepts (TenancyToBeSigned) or declines with a reason",
        status_code=200,
    )
    async def household_answer(
        self,
        offer_id: FromPath[str],
        data: JSONBody[HouseholdAnswerCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> OfferRead:
        offer = await service.get_offer(db_session, offer_id, for_update=True)
        await service.household_answer(
            db_session,
            actor,
            offer,
            accepted=data.accepted,
            reason=data.reason,
            move_in_date=data.move_in_date,
            now=utcnow(),
        )
        await log_households(db_session, actor, [offer.household_id], "update", f"offer:{offer.id}")
        return offer_read(offer)
