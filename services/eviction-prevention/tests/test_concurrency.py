"""Notices arriving at the same moment: one case per household, one notice per external_id."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from eviction_prevention.cases.models import Case
from eviction_prevention.notices import service as notices
from eviction_prevention.notices.models import Notice

pytestmark = pytest.mark.integration


def incoming(external_id: str) -> notices.IncomingNotice:
    return notices.IncomingNotice(
        landlord_id="landlord-1",
        external_id=external_id,
        district="bromma",
        kind="unpaid_rent",
        channel="kafka",
        personal_number="19121212-1212",
        tenant_name="Tolvan Tolvansson",
        tenant_phone=None,
        street="Exempelgatan 1",
        postal_code="16731",
        city="Bromma",
        apartment_number=None,
        children=1,
        debt_ore=100_000,
        debt_months_unpaid=1,
        served_at=utcnow().date(),
        eviction_date=None,
        message=None,
    )


async def test_simultaneous_notices(client, sessions, settings, system_session):
    actor = Actor(SYSTEM, settings.pseudonym_key)

    async def submit(external_id: str) -> bool:
        async with unit_of_work(sessions) as session:
            bind_principal(session, SYSTEM)
            result = await notices.submit_notice(
                session, actor, incoming(external_id), now=utcnow()
            )
            await asyncio.sleep(0.2)  # hold the transaction open so the two overlap
            return result.created

    created = await asyncio.gather(*(submit(x) for x in ("A", "B", "C", "A", "A")))
    assert sorted(created) == [False, False, True, True, True]
    async with system_session() as session:
        rows = (await session.execute(select(Notice))).scalars().all()
        cases = (await session.execute(select(Case))).scalars().all()
    assert sorted(n.external_id for n in rows) == ["A", "B", "C"]
    assert len(cases) == 1
    assert {n.case_id for n in rows} == {cases[0].id}
