"""Allocation ranking: a pool of 10 000 households ranked for one vacancy, beside reading them.

    uv run python bench/allocation_ranking.py [--households 10000] [--repeats 5]

Creates a scratch PostgreSQL database with the allocation schema, fills the
pool, and measures in the same run (median of the repeats):

  read     the ranking's query: the waiting households of the district and
           housing type, the columns the ranking needs and their clock start
  build    turning those rows into ranking candidates
  rank     the pure ranking (`allocation.rounds.ranking.rank`), every factor's
           contribution kept
  service  the whole `suggested_ranking` use case (read + build + rank)

and prints rank and service as multiples of read, so numbers from different
machines compare. The target is rank ≤ 50 ms for 10 000 households; nothing is
asserted here. Needs PostgreSQL as for the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

import allocation.models
from allocation.apartments.models import Apartment, Vacancy
from allocation.clock.models import DecisionClock
from allocation.districts.rules import DEFAULT_WEIGHTS
from allocation.pool.models import Household
from allocation.rounds import ranking
from allocation.rounds import service as rounds
from allocation.rounds.models import Round
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, migrate
from bostad_common.db_types import utcnow
from bostad_common.workdays import to_stockholm
from bostad_devkit import testing

MIGRATIONS = Path(allocation.models.__file__).parent / "migrations"
AREAS = ("Åkeshov", "Ulvsunda", "Blackeberg", "Abrahamsberg")
FICTIONAL_NUMBER = "19121212-1212"  # Skatteverket's test number; the bench never reads it


def households(count: int, today) -> tuple[list[dict], list[dict]]:  # type: ignore[no-untyped-def,type-arg]
    rng = random.Random(11)
    rows, clocks = [], []
    for i in range(count):
        decided = today - timedelta(days=rng.randint(0, 200))
        children = rng.choice((0, 0, 0, 1, 2, 3))
        needs = {
            "household_size": 1 + children,
            "adults": 1,
            "rooms_needed": rng.randint(1, 4),
            "accessibility_needs": rng.choice(([], [], [], ["lift"], ["wheelchair"])),
            "area_wishes": [{"area": rng.choice(AREAS), "reason": "nätverk"}],
            "emergency_cost_per_night_ore": rng.choice((0, 0, 65_000, 145_000, 210_000)),
            "investments_ore": rng.choice((0, 0, 5_000_000, 12_000_000)),
            "applicant_birth_date": "1985-01-01",
            "applicant_legal_sex": "female",
        }
        bistand = rng.random() < 0.7
        rows.append(
            {
                "id": f"h{i}",
                "district": "bromma",
                "decision_id": f"d{i}",
                "application_id": f"a{i}",
                "housing_type": "social_contract",
                "decided_on": decided,
                "decided_by": "bench",
                "is_bistandsbeslut": bistand,
                "includes_housing_support": False,
                "needs": needs,
                "children": children,
                "applicant_birth_date": decided.replace(year=1985),
                "applicant_legal_sex": "female",
                "personal_number": FICTIONAL_NUMBER,
                "tenant_name": "Bench",
                "status": "waiting",
                "joined_at": utcnow(),
            }
        )
        if bistand:
            clocks.append(
                {
                    "decision_id": f"d{i}",
                    "district": "bromma",
                    "household_id": f"h{i}",
                    "housing_type": "social_contract",
                    "decided_on": decided,
                    "clock_start": decided,
                    "status": "waiting",
                    "applicant_birth_date": decided.replace(year=1985),
                    "applicant_legal_sex": "female",
                    "updated_at": utcnow(),
                }
            )
    return rows, clocks


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def main(count: int, repeats: int) -> None:
    url = await testing.create_database("bench_alloc")
    engine = make_engine(url)
    try:
        await migrate(engine, MIGRATIONS)
        sessions = make_session_factory(engine)
        now = utcnow()
        today = to_stockholm(now).date()
        rows, clocks = households(count, today)
        async with sessions() as session, session.begin():
            bind_principal(session, SYSTEM)
            for start in range(0, len(rows), 1000):
                await session.execute(insert(Household), rows[start : start + 1000])
            for start in range(0, len(clocks), 1000):
                await session.execute(insert(DecisionClock), clocks[start : start + 1000])
            await session.execute(
                insert(Apartment).values(
                    id="flat",
                    district="bromma",
                    landlord_id="l",
                    street="Gatan 1",
                    postal_code="16832",
                    city="Bromma",
                    area="Åkeshov",
                    rooms=2,
                    size_m2=55,
                    floor=2,
                    has_lift=True,
                    wheelchair_accessible=False,
                    rent_ore=800_000,
                    housing_type="social_contract",
                    status="available",
                    created_at=now,
                    created_by="bench",
                )
            )
            await session.execute(
                insert(Vacancy).values(
                    id="vac",
                    district="bromma",
                    apartment_id="flat",
                    source="new_contract",
                    available_from=today,
                    status="in_round",
                    created_at=now,
                    created_by="bench",
                )
            )
            await session.execute(
                insert(Round).values(
                    id="round",
                    district="bromma",
                    vacancy_id="vac",
                    status="nominating",
                    nomination_deadline=now,
                    opened_by="bench",
                    opened_at=now,
                    proposed_list=[],
                    suggestion_snapshot=[],
                    unit_managers=[],
                    priority_list=[],
                    decided_by=[],
                )
            )

        flat = ranking.VacancyFacts(rooms=2, area="Åkeshov", accessibility=frozenset({"lift"}))
        read, build, rank, whole = [], [], [], []
        for _ in range(repeats):
            async with sessions() as session:
                bind_principal(session, SYSTEM)
                started = time.perf_counter()
                found = (
                    await session.execute(rounds.ranking_query("bromma", "social_contract"))
                ).all()
                read.append(time.perf_counter() - started)
                started = time.perf_counter()
                candidates = [rounds.candidate_of(*row, False) for row in found]
                build.append(time.perf_counter() - started)
                started = time.perf_counter()
                ranked = ranking.rank(candidates, flat, DEFAULT_WEIGHTS, today=today)
                rank.append(time.perf_counter() - started)
            async with sessions() as session:
                bind_principal(session, SYSTEM)
                rnd = await session.get(Round, "round")
                started = time.perf_counter()
                suggestion = await rounds.suggested_ranking(session, rnd, now=now)  # type: ignore[arg-type]
                whole.append(time.perf_counter() - started)
        assert len(ranked) == len(suggestion.ranked) == count
        base = median_ms(read)
        print(f"households           {count}")
        print(f"read (baseline)      {base:8.1f} ms")
        print(
            f"build candidates     {median_ms(build):8.1f} ms  ({median_ms(build) / base:.2f}× read)"
        )
        print(
            f"rank                 {median_ms(rank):8.1f} ms  ({median_ms(rank) / base:.2f}× read)"
            f"   target ≤ 50 ms"
        )
        print(
            f"suggested_ranking    {median_ms(whole):8.1f} ms  ({median_ms(whole) / base:.2f}× read)"
        )
    finally:
        await engine.dispose()
        await testing.drop_database(url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.households, arguments.repeats))
