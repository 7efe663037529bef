"""Use cases of the pool: households join on a granted decision and leave when housed or ended."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.clock import service as clocks
from allocation.offers import service as offers
from allocation.pool.models import Household
from bostad_common.domain_errors import NotFound
from bostad_common.events.intake import DecisionEndedV1, HousingDecisionGrantedV1
from bostad_common.personnummer import PersonalNumber


async def join_pool(
    session: AsyncSession,
    granted: HousingDecisionGrantedV1,
    person: PersonalNumber,
    *,
    now: datetime,
) -> Household:
    """The household waits in the pool; a biståndsbeslut also starts its clock.

    A new decision for a household already known (an earlier one ended) takes
    the household back into the pool with the new decision's needs.
    """
    needs = granted.needs
    party = granted.lease_party
    household = await session.get(Household, granted.household_id)
    if household is not None and household.decision_id == granted.decision_id:
        return household  # the same decision again: nothing new
    if household is None:
        household = Household(
            id=granted.household_id,
            district=granted.district,
            decision_id=granted.decision_id,
            application_id=granted.application_id,
            housing_type=granted.housing_type,
            decided_on=granted.decided_on,
            decided_by=granted.decided_by,
            is_bistandsbeslut=granted.is_bistandsbeslut,
            needs={},
            applicant_birth_date=needs.applicant_birth_date,
            applicant_legal_sex=needs.applicant_legal_sex,
            personal_number=person.canonical,
            tenant_name=party.name,
        )
        session.add(household)
    household.decision_id = granted.decision_id
    household.application_id = granted.application_id
    household.housing_type = granted.housing_type
    household.decided_on = granted.decided_on
    household.decided_by = granted.decided_by
    household.is_bistandsbeslut = granted.is_bistandsbeslut
    household.legal_reference = granted.legal_reference
    household.includes_housing_support = granted.includes_housing_support
    household.needs = needs.model_dump(mode="json")
    household.children = len(needs.children_birth_dates)
    household.applicant_birth_date = needs.applicant_birth_date
    household.applicant_legal_sex = needs.applicant_legal_sex
    household.nominating_unit = needs.nominating_unit
    household.personal_number = person.canonical
    household.tenant_name = party.name[:200]
    household.tenant_phone = party.phone and party.phone[:40]
    household.tenant_email = party.email and party.email[:200]
    household.status, household.left_on, household.left_reason = "waiting", None, None
    household.joined_at = now
    await session.flush()
    if granted.is_bistandsbeslut:
        await clocks.start_clock(session, household, now=now)
    return household


async def end_decision(session: AsyncSession, ended: DecisionEndedV1, *, now: datetime) -> bool:
    """The decision ended (withdrawn, moved away, no longer needed): out of the pool."""
    household = await session.get(Household, ended.household_id)
    if household is None or household.decision_id != ended.decision_id:
        return False
    if household.status == "waiting":
        household.status = "ended"
        household.left_on = ended.ended_on
        household.left_reason = ended.reason
    await clocks.end_clock(
        session, ended.decision_id, ended_on=ended.ended_on, reason=ended.reason, now=now
    )
    await offers.withdraw_active_offer(session, household.id, reason=ended.reason, now=now)
    await session.flush()
    return True


async def mark_housed(session: AsyncSession, household_id: str, *, on: date) -> Household | None:
    household = await session.get(Household, household_id)
    if household is not None and household.status == "waiting":
        household.status, household.left_on, household.left_reason = "housed", on, "housed"
        await session.flush()
    return household


async def get_household(session: AsyncSession, household_id: str) -> Household:
    household = await session.get(Household, household_id)
    if household is None:
        raise NotFound("household not found")
    return household


async def list_households(
    session: AsyncSession,
    *,
    district: str | None,
    status: str | None,
    housing_type: str | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[Household], int]:
    query = select(Household)
    if district is not None:
        query = query.where(Household.district == district)
    if status is not None:
        query = query.where(Household.status == status)
    if housing_type is not None:
        query = query.where(Household.housing_type == housing_type)
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = (
        (await session.execute(query.order_by(Household.id).limit(limit).offset(offset)))
        .scalars()
        .all()
    )
    return rows, total


async def waiting(session: AsyncSession, district: str, housing_type: str) -> Sequence[Household]:
    result = await session.execute(
        select(Household).where(
            Household.district == district,
            Household.status == "waiting",
            Household.housing_type == housing_type,
        )
    )
    return result.scalars().all()
