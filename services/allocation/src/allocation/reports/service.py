"""Seed 002's outcome figures and the equity view, per district and period."""

from __future__ import annotations

from datetime import date

from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.clock import rules as clock_rules
from allocation.clock import service as clocks
from allocation.clock.models import DecisionClock
from allocation.offers.models import Offer
from allocation.periods import Period
from allocation.pool.models import Household
from allocation.reports import rules
from allocation.reports.models import LeaseRecord, TakeoverRecord, VacatedRecord
from allocation.reports.schemas import EquityCell, EquityRead, OutcomeFiguresRead
from bostad_common.workdays import to_stockholm


async def _not_executed(session: AsyncSession, district: str, period: Period) -> int:
    """Decisions whose three months passed unexecuted in the period (IVO's new reports)."""
    count = 0
    for clock in (
        await session.execute(select(DecisionClock).where(DecisionClock.district == district))
    ).scalars():
        episodes = clocks.episodes(clock, await clocks.interruptions_of(session, clock.decision_id))
        count += sum(
            e.kind == "new" for e in clock_rules.reports_in_period(episodes, period, period.end)
        )
    return count


async def outcome_figures(
    session: AsyncSession, *, district: str, period: Period, pseudonym_key: SecretStr | None = None
) -> OutcomeFiguresRead:
    leases = (
        (await session.execute(select(LeaseRecord).where(LeaseRecord.district == district)))
        .scalars()
        .all()
    )
    moved = rules.moved_on(
        [
            (lease.ended_on, lease.end_reason or "")
            for lease in leases
            if lease.housing_type == "training_apartment" and lease.ended_on is not None
        ],
        period,
    )
    vacated = (
        await session.execute(select(VacatedRecord).where(VacatedRecord.district == district))
    ).scalars()
    reuse = rules.reuse(
        [(v.apartment_id, v.vacated_on) for v in vacated],
        [
            (lease.apartment_id, lease.start_date)
            for lease in leases
            if lease.start_date is not None
        ],
        period,
    )
    takeovers = (
        await session.execute(select(TakeoverRecord).where(TakeoverRecord.district == district))
    ).scalars()
    now_count = await _not_executed(session, district, period)
    before = await _not_executed(session, district, period.a_year_before())
    return OutcomeFiguresRead(
        district=district,
        period=period.label,
        training_leases_ended=moved.ended,
        training_moved_to_independent=moved.independent,
        training_moved_on_share=moved.share,
        apartments_available_for_reuse=reuse.available,
        apartments_reused=reuse.reused,
        reuse_share=reuse.share,
        not_executed_decisions=now_count,
        not_executed_year_before=before,
        not_executed_change=None if before == 0 else round((now_count - before) / before, 4),
        first_hand_takeovers=sum(period.contains(t.left_on) for t in takeovers),
    )


def _groups(household: Household, on: date) -> dict[str, str]:
    return rules.household_groups(
        children=household.children,
        birth_date=household.applicant_birth_date,
        legal_sex=household.applicant_legal_sex,
        housing_type=household.housing_type,
        unit=household.nominating_unit,
        on=on,
    )


async def equity(session: AsyncSession, *, district: str, period: Period) -> EquityRead:
    households = {
        h.id: h
        for h in (
            await session.execute(select(Household).where(Household.district == district))
        ).scalars()
    }
    in_pool = [
        _groups(h, period.end)
        for h in households.values()
        if to_stockholm(h.joined_at).date() <= period.end
        and (h.left_on is None or h.left_on >= period.start)
    ]
    offers = (
        (await session.execute(select(Offer).where(Offer.district == district))).scalars().all()
    )
    offered = [
        _groups(households[o.household_id], period.end)
        for o in offers
        if period.contains(to_stockholm(o.offered_at).date()) and o.household_id in households
    ]
    allocated = [
        _groups(households[o.household_id], period.end)
        for o in offers
        if o.status in ("accepted", "completed")
        and o.household_answer_at is not None
        and period.contains(to_stockholm(o.household_answer_at).date())
        and o.household_id in households
    ]
    pool_counts, offer_counts, allocation_counts = (
        rules.tally(in_pool),
        rules.tally(offered),
        rules.tally(allocated),
    )
    keys = sorted(set(pool_counts) | set(offer_counts) | set(allocation_counts))
    return EquityRead(
        district=district,
        period=period.label,
        cells=[
            EquityCell(
                dimension=dimension,
                group=group,
                pool=rules.suppress(pool_counts.get((dimension, group), 0)),
                offers=rules.suppress(offer_counts.get((dimension, group), 0)),
                allocations=rules.suppress(allocation_counts.get((dimension, group), 0)),
            )
            for dimension, group in keys
        ],
    )
