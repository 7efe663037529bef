"""A household is in at most one active offer, even when two rounds offer at the same moment.

Enforced by a partial unique index (PostgreSQL and SQLite); the service's own
check only gives the clearer message when the requests do not overlap.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from allocation.offers import service as offers
from allocation.offers.models import Offer
from allocation.rounds import service as rounds
from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_session_factory, unit_of_work
from bostad_common.db_types import utcnow
from bostad_devkit.allocation_kit import MANAGERS, add_to_pool, configure, granted, open_round

pytestmark = pytest.mark.integration


async def decided_round(client, staff, household_ids: list[str], street: str) -> str:  # type: ignore[no-untyped-def]
    _, round_id = await open_round(client, staff, street=street)
    proposal = await client.post(
        f"/api/v1/rounds/{round_id}/proposal",
        json={"priority_list": household_ids, "motivation": "Längst väntan."},
        headers=staff("hugo.housing"),
    )
    assert proposal.status_code == 200, proposal.text
    for manager in MANAGERS:
        await client.post(
            f"/api/v1/rounds/{round_id}/verdicts",
            json={"verdict": "approve"},
            headers=staff(manager),
        )
    return round_id


async def test_concurrent_offers_over_http(client, staff, system_session) -> None:
    await configure(client, staff)
    await add_to_pool(system_session, granted("shared", person="male-4"))
    first = await decided_round(client, staff, ["shared"], "Första gatan 1")
    second = await decided_round(client, staff, ["shared"], "Andra gatan 2")
    hugo = staff("hugo.housing")

    answers = await asyncio.gather(
        *(
            client.post(f"/api/v1/rounds/{r}/offers", json={"household_id": "shared"}, headers=hugo)
            for r in (first, second)
        )
    )
    assert sorted(a.status_code for a in answers) == [201, 409]
    [refused] = [a for a in answers if a.status_code == 409]
    assert "already in an active offer" in refused.text
    async with system_session() as session:
        active = (
            (await session.execute(select(Offer).where(Offer.household_id == "shared")))
            .scalars()
            .all()
        )
    assert len(active) == 1


async def test_concurrent_offers_in_overlapping_transactions(
    client, staff, system_session, sessions, settings
) -> None:
    """Both transactions pass the service's check; the database refuses the second."""
    await configure(client, staff)
    await add_to_pool(system_session, granted("raced", person="male-3"))
    round_ids = [await decided_round(client, staff, ["raced"], f"Gatan {n}") for n in range(1, 4)]
    actor = Actor(SYSTEM, settings.pseudonym_key)
    both_checked = asyncio.Barrier(len(round_ids))
    real_check = offers.active_offer_of

    async def check_then_wait(session, household_id):  # type: ignore[no-untyped-def]
        found = await real_check(session, household_id)
        await both_checked.wait()  # every transaction has seen "no active offer"
        return found

    async def offer(round_id: str) -> str:
        try:
            async with unit_of_work(sessions) as session:
                bind_principal(session, SYSTEM)
                rnd = await rounds.get_round(session, round_id, for_update=True)
                await offers.offer_to(session, actor, rnd, household_id="raced", now=utcnow())
            return "offered"
        except offers.Conflict as exc:
            return exc.reason

    offers.active_offer_of = check_then_wait  # type: ignore[assignment]
    try:
        results = await asyncio.gather(*(offer(r) for r in round_ids))
    finally:
        offers.active_offer_of = real_check  # type: ignore[assignment]
    assert results.count("offered") == 1
    assert all("already in an active offer" in r for r in results if r != "offered")


async def test_the_index_holds_on_sqlite_too(tmp_path) -> None:
    import allocation.models  # noqa: F401

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/offers.db")
    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all, tables=[Offer.__table__])  # type: ignore[list-item]
    sessions = make_session_factory(engine)

    def offer(status: str, n: int) -> Offer:
        return Offer(
            id=f"o{n}",
            round_id=f"r{n}",
            vacancy_id="v",
            household_id="h",
            position=1,
            status=status,
            offered_by="t",
            district="bromma",
        )

    try:
        async with unit_of_work(sessions) as session:
            bind_principal(session, SYSTEM)
            session.add_all(
                [
                    offer("landlord_rejected", 1),
                    offer("household_declined", 2),
                    offer("accepted", 3),
                ]
            )
        with pytest.raises(IntegrityError):
            async with unit_of_work(sessions) as session:
                bind_principal(session, SYSTEM)
                session.add(offer("landlord_pending", 4))
    finally:
        await engine.dispose()
