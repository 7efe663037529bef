"""Two coordinators signing the same investigation at the same moment: one signs,
the other is told the state has moved on, and only one event is published.

Two guards make it so: the row lock taken when the application is loaded, and
the investigation's own state, re-read after the first signature commits."""

from __future__ import annotations

import asyncio

import pytest

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import Principal
from bostad_common.db import unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import Conflict
from bostad_devkit.intake_kit import API, TEN_ANSWERS, certificate, outbox_events, registration
from intake.applications.access import load
from intake.investigations import service as investigations

pytestmark = pytest.mark.integration


async def test_two_coordinators_sign_at_once(
    client, staff, sessions, settings, system_session
) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    app_id = created.json()["application_id"]
    base = f"{API}/{app_id}"
    await client.post(f"{base}/certificates", json=certificate(), headers=staff("anna.caseworker"))
    await client.post(
        f"{base}/investigation", json={"answers": TEN_ANSWERS}, headers=staff("anna.caseworker")
    )
    loaded: list[str] = []

    async def sign(subject: str) -> str:
        principal = Principal(subject, "staff", {"coordinator"}, {"bromma"})
        try:
            async with unit_of_work(sessions) as session:
                bind_principal(session, principal)
                application, _ = await load(session, app_id, for_update=True)
                loaded.append(subject)
                for _ in range(10):  # let the other load too, if nothing holds it back
                    if len(loaded) == 2:
                        break
                    await asyncio.sleep(0.05)
                await investigations.approve(
                    session,
                    Actor(principal, settings.pseudonym_key),
                    application,
                    note=None,
                    now=utcnow(),
                )
            return "signed"
        except Conflict:
            return "conflict"

    results = await asyncio.gather(sign("cecilia.coordinator"), sign("eva.two.districts"))
    assert sorted(results) == ["conflict", "signed"]
    assert len(await outbox_events(system_session, "InvestigationApproved")) == 1
