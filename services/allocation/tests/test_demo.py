"""Demo data: an open round in each demo district, created once."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from allocation.demo import load_demo_data
from allocation.rounds.models import Round

pytestmark = pytest.mark.integration


async def test_demo_rounds_open_in_both_districts(client, staff, system_session, local_ctx) -> None:
    assert await load_demo_data(local_ctx) == 2
    assert await load_demo_data(local_ctx) == 0  # idempotent
    async with system_session() as session:
        rounds = (await session.execute(select(Round))).scalars().all()
    assert sorted((r.district, r.status) for r in rounds) == [
        ("bromma", "nominating"),
        ("skarholmen", "nominating"),
    ]
    skarholmen = next(r for r in rounds if r.district == "skarholmen")
    ranking = await client.get(
        f"/api/v1/rounds/{skarholmen.id}/ranking", headers=staff("karin.skarholmen.housing")
    )
    assert ranking.status_code == 200, ranking.text
    assert ranking.json()["total_candidates"] == 6
    listed = await client.get("/api/v1/rounds", headers=staff("hugo.housing"))
    assert [r["district"] for r in listed.json()] == ["bromma"]
