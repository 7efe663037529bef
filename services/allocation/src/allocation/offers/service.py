"""Use cases of offers: ask the landlord, record the landlord's and the household's answers.

Seed 000: "Bostadshandläggare kontaktar hyresvärden för att få den först
prioriterade klienten godkänd som hyresgäst. Om ingen accept tas prövas nästa
på listan." On acceptance tenancy is told to sign the lease, and the
coordinators are told who got it and why ("återkoppla till samordnarna vem som
fick kontraktet och motivet").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.apartments.models import Apartment, Vacancy
from allocation.events import publish
from allocation.offers.models import ACTIVE_OFFER_STATUSES, Offer
from allocation.pool.models import Household
from allocation.rounds import service as rounds
from allocation.rounds.models import Round
from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound
from bostad_common.events.allocation import (
    ApartmentForLease,
    OfferAcceptedV1,
    OfferDeclinedV1,
    TenancyToBeSignedV1,
)
from bostad_common.events.intake import LeaseParty
from bostad_common.http_errors import FieldErrors
from bostad_common.workdays import to_stockholm


async def offers_of_round(session: AsyncSession, round_id: str) -> Sequence[Offer]:
    result = await session.execute(
        select(Offer).where(Offer.round_id == round_id).order_by(Offer.position)  # type: ignore[arg-type]
    )
    return result.scalars().all()


async def get_offer(session: AsyncSession, offer_id: str, *, for_update: bool = False) -> Offer:
    query = select(Offer).where(Offer.id == offer_id)
    if for_update:
        query = query.with_for_update()
    offer = (await session.execute(query)).scalar_one_or_none()
    if offer is None:
        raise NotFound("offer not found")
    return offer


async def active_offer_of(session: AsyncSession, household_id: str) -> Offer | None:
    result = await session.execute(
        select(Offer).where(
            Offer.household_id == household_id, Offer.status.in_(ACTIVE_OFFER_STATUSES)
        )  # type: ignore[attr-defined]
    )
    return result.scalars().first()


def _next_untried(rnd: Round, tried: set[str]) -> str | None:
    return next((h for h in rnd.priority_list if h not in tried), None)


async def offer_to(
    session: AsyncSession, actor: Actor, rnd: Round, *, household_id: str | None, now: datetime
) -> Offer:
    """Ask the landlord to accept `household_id` (default: the next on the frozen list).

    A household already in an active offer (of any round) gets no second one:
    409, checked first for a clear reason and enforced by the partial unique
    index for the race where two requests pass the check together.
    """
    if rnd.status in ("nominating", "proposed"):
        raise Conflict("the priority list is not frozen yet")
    if rnd.status != "decided":
        raise Conflict(f"the round is {rnd.status}")
    offers = await offers_of_round(session, rnd.id)
    if any(o.status in ACTIVE_OFFER_STATUSES for o in offers):
        raise Conflict("this round already has an offer waiting for an answer")
    tried = {o.household_id for o in offers}
    if household_id is None:
        household_id = _next_untried(rnd, tried)
        if household_id is None:
            raise Conflict("every household on the list has been tried")
    elif household_id not in rnd.priority_list:
        raise FieldErrors(
            [{"field": "household_id", "message": "not on this round's priority list"}]
        )
    elif household_id in tried:
        raise Conflict("this household has already been tried in this round")
    household = await session.get(Household, household_id)
    if household is None or household.status != "waiting":
        raise Conflict(f"household {household_id} is no longer waiting in the pool")
    if await active_offer_of(session, household_id) is not None:
        raise Conflict(f"household {household_id} is already in an active offer")
    offer = Offer(
        round_id=rnd.id,
        district=rnd.district,
        vacancy_id=rnd.vacancy_id,
        household_id=household_id,
        position=rnd.priority_list.index(household_id) + 1,
        offered_at=now,
        offered_by=actor.name,
    )
    session.add(offer)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict(f"household {household_id} is already in an active offer") from None
    await rounds.step(
        session, rnd, "landlord_asked", actor.name, now=now, household_id=household_id
    )
    await session.flush()
    return offer


async def _after_no(
    session: AsyncSession, actor: Actor, rnd: Round, offer: Offer, *, now: datetime
) -> None:
    """Seed 000's "prövas nästa på listan": ask the next one if free, else the officer picks."""
    offers = await offers_of_round(session, rnd.id)
    tried = {o.household_id for o in offers}
    following = _next_untried(rnd, tried)
    if following is None:
        rnd.status = "exhausted"
        vacancy = await session.get(Vacancy, rnd.vacancy_id)
        if vacancy is not None and vacancy.status == "in_round":
            vacancy.status = "open"  # a new round may start
        await rounds.step(session, rnd, "list_exhausted", actor.name, now=now)
        return
    household = await session.get(Household, following)
    if (
        household is None
        or household.status != "waiting"
        or await active_offer_of(session, following)
    ):
        await rounds.step(
            session, rnd, "next_not_free", actor.name, now=now, household_id=following
        )
        return
    try:
        async with session.begin_nested():
            await offer_to(session, actor, rnd, household_id=following, now=now)
    except Conflict:
        await rounds.step(
            session, rnd, "next_not_free", actor.name, now=now, household_id=following
        )


async def landlord_answer(
    session: AsyncSession,
    actor: Actor,
    offer: Offer,
    *,
    accepted: bool,
    reason: str | None,
    now: datetime,
) -> Offer:
    rnd = await rounds.get_round(session, offer.round_id, for_update=True)
    if offer.status != "landlord_pending":
        raise Conflict(f"the offer is {offer.status}, not waiting for the landlord")
    if not accepted and not (reason and reason.strip()):
        raise FieldErrors(
            [{"field": "reason", "message": "a rejection needs the landlord's reason"}]
        )
    offer.landlord_answer_at, offer.answer_recorded_by = now, actor.name
    if accepted:
        offer.status = "household_pending"
        await rounds.step(
            session, rnd, "landlord_accepted", actor.name, now=now, household_id=offer.household_id
        )
        await session.flush()
        return offer
    offer.status, offer.decline_reason = "landlord_rejected", reason
    await rounds.step(
        session,
        rnd,
        "landlord_rejected",
        actor.name,
        now=now,
        household_id=offer.household_id,
        comment=reason,
    )
    await publish(
        session,
        OfferDeclinedV1(
            offer_id=offer.id,
            round_id=rnd.id,
            household_id=offer.household_id,
            district=offer.district,
            declined_by="landlord",
            reason=reason or "",
        ),
        subject=rnd.id,
        district=rnd.district,
    )
    await session.flush()
    await _after_no(session, actor, rnd, offer, now=now)
    await session.flush()
    return offer


async def household_answer(
    session: AsyncSession,
    actor: Actor,
    offer: Offer,
    *,
    accepted: bool,
    reason: str | None,
    move_in_date: date | None,
    now: datetime,
) -> Offer:
    rnd = await rounds.get_round(session, offer.round_id, for_update=True)
    if offer.status == "landlord_pending":
        raise Conflict("the landlord has not accepted the household yet")
    if offer.status != "household_pending":
        raise Conflict(f"the offer is {offer.status}, not waiting for the household")
    if not accepted and not (reason and reason.strip()):
        raise FieldErrors(
            [{"field": "reason", "message": "a decline needs the household's reason"}]
        )
    offer.household_answer_at, offer.answer_recorded_by = now, actor.name
    if not accepted:
        offer.status, offer.decline_reason = "household_declined", reason
        await rounds.step(
            session,
            rnd,
            "household_declined",
            actor.name,
            now=now,
            household_id=offer.household_id,
            comment=reason,
        )
        await publish(
            session,
            OfferDeclinedV1(
                offer_id=offer.id,
                round_id=rnd.id,
                household_id=offer.household_id,
                district=offer.district,
                declined_by="household",
                reason=reason or "",
            ),
            subject=rnd.id,
            district=rnd.district,
        )
        await session.flush()
        await _after_no(session, actor, rnd, offer, now=now)
        await session.flush()
        return offer
    vacancy, apartment = await rounds.vacancy_and_apartment(session, rnd.vacancy_id)
    household = await session.get(Household, offer.household_id)
    assert household is not None  # foreign key
    today = to_stockholm(now).date()
    move_in = move_in_date or max(vacancy.available_from, today)
    if move_in < today:
        raise FieldErrors([{"field": "move_in_date", "message": "cannot be in the past"}])
    offer.status, offer.move_in_date = "accepted", move_in
    rnd.status = "accepted"
    vacancy.status = "allocated"
    await rounds.step(
        session, rnd, "household_accepted", actor.name, now=now, household_id=offer.household_id
    )
    await publish(
        session,
        OfferAcceptedV1(
            offer_id=offer.id,
            round_id=rnd.id,
            vacancy_id=rnd.vacancy_id,
            household_id=household.id,
            district=rnd.district,
            motivation=rnd.decision_motivation or rnd.motivation or "",
            nominating_unit=household.nominating_unit,
        ),  # type: ignore[arg-type]
        subject=rnd.id,
        district=rnd.district,
    )
    await publish(
        session,
        TenancyToBeSignedV1(
            offer_id=offer.id,
            round_id=rnd.id,
            household_id=household.id,
            decision_id=household.decision_id,
            district=rnd.district,
            housing_type=household.housing_type,  # type: ignore[arg-type]
            includes_housing_support=household.includes_housing_support,
            tenant=LeaseParty(
                personal_number=household.personal_number,
                name=household.tenant_name,
                phone=household.tenant_phone,
                email=household.tenant_email,
            ),
            household_size=max(1, int(household.needs.get("household_size") or 1)),
            apartment=_for_lease(apartment),
            move_in_date=move_in,
        ),
        subject=offer.id,
        district=rnd.district,
    )
    await session.flush()
    return offer


def _for_lease(apartment: Apartment) -> ApartmentForLease:
    return ApartmentForLease(
        apartment_id=apartment.id,
        landlord_id=apartment.landlord_id,
        street=apartment.street,
        postal_code=apartment.postal_code,
        city=apartment.city,
        apartment_number=apartment.apartment_number,
        rooms=apartment.rooms,
        size_m2=apartment.size_m2,
        rent_ore=apartment.rent_ore,
    )


async def complete_on_lease(
    session: AsyncSession,
    *,
    offer_id: str | None,
    household_id: str,
    apartment_id: str,
    on: date,
    now: datetime,
) -> None:
    """Tenancy signed the lease: the offer, round and vacancy are done."""
    offer = None
    if offer_id is not None:
        offer = await session.get(Offer, offer_id)
    if offer is None:
        offer = await active_offer_of(session, household_id)
    if offer is not None and offer.status in ACTIVE_OFFER_STATUSES:
        offer.status, offer.completed_on = "completed", on
        rnd = await session.get(Round, offer.round_id)
        if rnd is not None:
            rnd.status = "completed"
            await rounds.step(
                session, rnd, "lease_signed", "system", now=now, household_id=household_id
            )
    for vacancy in (
        await session.execute(
            select(Vacancy).where(
                Vacancy.apartment_id == apartment_id,
                Vacancy.status.in_(("open", "in_round", "allocated")),
            )  # type: ignore[attr-defined]
        )
    ).scalars():
        vacancy.status = "filled"
    await session.flush()


async def offered_summaries(session: AsyncSession, district: str) -> dict[str, str]:
    """Per household, the offers made and how they ended (IVO: what was offered meanwhile)."""
    words = {
        "landlord_rejected": "hyresvärden sade nej",
        "household_declined": "tackade nej",
        "withdrawn": "återkallat",
        "landlord_pending": "väntar på hyresvärden",
        "household_pending": "väntar på svar",
        "accepted": "antaget",
        "completed": "kontrakt skrivet",
    }
    summaries: dict[str, list[str]] = {}
    for offer in (await session.execute(select(Offer).where(Offer.district == district))).scalars():
        when = to_stockholm(offer.offered_at).date().isoformat()
        summaries.setdefault(offer.household_id, []).append(
            f"Lägenhet erbjuden {when} ({words.get(offer.status, offer.status)})."
        )
    return {household: " ".join(texts) for household, texts in summaries.items()}


async def withdraw_active_offer(
    session: AsyncSession, household_id: str, *, reason: str, now: datetime
) -> Offer | None:
    """The decision ended while an offer waited: withdraw it so the round can ask the next."""
    offer = await active_offer_of(session, household_id)
    if offer is None or offer.status == "accepted":
        return None  # an accepted offer goes on to the lease; tenancy decides what happens
    offer.status, offer.decline_reason = "withdrawn", f"decision ended: {reason}"
    rnd = await session.get(Round, offer.round_id)
    if rnd is not None:
        await rounds.step(
            session,
            rnd,
            "offer_withdrawn",
            "system",
            now=now,
            household_id=household_id,
            comment=offer.decline_reason,
        )
    await session.flush()
    return offer
