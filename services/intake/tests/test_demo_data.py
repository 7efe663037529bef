"""Demo data: every state of the routine in both demo districts, loaded once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from intake.applications.models import Application
from intake.demo_data import DEMO_STATES, load_demo_data

pytestmark = pytest.mark.integration


async def test_demo_has_every_state_in_both_districts_and_loads_once(
    client, sessions, settings, system_session, staff
) -> None:  # type: ignore[no-untyped-def]
    ctx = SimpleNamespace(settings=settings, sessions=sessions)
    assert await load_demo_data(ctx) == 2 * len(DEMO_STATES)  # type: ignore[arg-type]
    assert await load_demo_data(ctx) == 0  # type: ignore[arg-type]
    async with system_session() as session:
        rows = (await session.execute(select(Application.district, Application.status))).all()
    for district in ("bromma", "skarholmen"):
        assert {status for d, status in rows if d == district} == set(DEMO_STATES)
    # Every endpoint has something to show: the list, a detail with a decision.
    page = (await client.get("/api/v1/applications", headers=staff("hugo.housing"))).json()
    assert page["total"] == len(DEMO_STATES)
    granted = next(i for i in page["items"] if i["status"] == "granted")
    detail = (
        await client.get(
            f"/api/v1/applications/{granted['application_id']}", headers=staff("hugo.housing")
        )
    ).json()
    assert detail["decision"]["outcome"] == "granted"
    assert detail["investigation"] is None or detail["investigation"]["status"] == "approved"
