"""The inbox and letters APIs over HTTP, against a real PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.access_log import AccessLogEntry, verify_chain
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory
from bostad_common.service import create_app
from bostad_devkit.broker_process import free_port
from notifications.app import DEFINITION
from notifications.service import apply_event

pytestmark = pytest.mark.integration


@dataclass
class Running:
    client: AsyncTestClient
    sessions: async_sessionmaker[AsyncSession]

    async def apply(self, event_name: str, payload, event_id: str | None = None) -> str:
        event_id = event_id or str(uuid.uuid4())
        async with self.sessions() as session, session.begin():
            bind_principal(session, SYSTEM)
            await apply_event(session, event_id=event_id, event_name=event_name, payload=payload)
        return event_id


@pytest.fixture
async def running(service_database_url, auth_settings) -> AsyncIterator[Running]:
    # No broker: these tests are about HTTP; the consumer is tested in test_integration.
    settings = auth_settings.model_copy(
        update={"database_url": service_database_url, "kafka_bootstrap": f"127.0.0.1:{free_port()}"}
    )
    app = create_app(DEFINITION, settings=settings)
    async with AsyncTestClient(app, timeout=10) as client:
        engine = make_engine(service_database_url)
        try:
            yield Running(client, make_session_factory(engine))
        finally:
            await engine.dispose()


async def inbox(running: Running, headers, **params) -> list[dict]:
    response = await running.client.get("/api/v1/inbox", headers=headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_inbox_shows_what_is_addressed_to_the_caller(running, token_for, samples) -> None:
    """No directory entries yet: groups stay groups and each holder of the role sees them."""
    await running.apply("CaseOpened", samples.case_opened("without_children"))
    other = samples.case_opened("without_children").model_copy(
        update={"district": "skarholmen", "case_id": "c-s"}
    )
    await running.apply("CaseOpened", other)
    await running.apply("OutreachAssigned", samples.outreach_assigned(["stina.support", "u-2"]))
    await running.apply("OutreachOverdue", samples.outreach_overdue())

    anna = await inbox(running, token_for("anna.caseworker"))
    assert [n["kind"] for n in anna] == ["outreach_overdue", "case_opened"]  # newest first
    assert anna[1]["link"] == "/eviction-prevention/cases/c-1"
    assert anna[1]["read_at"] is None and anna[1]["recipient_role"] == "caseworker"

    sven = await inbox(running, token_for("sven.skarholmen"))
    assert [(n["kind"], n["link"]) for n in sven] == [
        ("case_opened", "/eviction-prevention/cases/c-s")
    ]

    stina = await inbox(running, token_for("stina.support"))
    assert [(n["kind"], n["recipient_user"]) for n in stina] == [
        ("outreach_assigned", "stina.support")
    ]

    ulla = await inbox(running, token_for("ulla.manager"))
    assert [n["kind"] for n in ulla] == ["outreach_overdue_manager"]

    # Two districts, caseworker in both: sees both districts' cases.
    eva = await inbox(running, token_for("eva.two.districts"))
    assert sorted(n["district"] for n in eva if n["kind"] == "case_opened") == [
        "bromma",
        "skarholmen",
    ]


async def test_read_state_is_per_person(running, token_for, samples) -> None:
    await running.apply("CaseClosed", samples.case_closed())
    anna, eva = token_for("anna.caseworker"), token_for("eva.two.districts")
    [notification] = await inbox(running, anna)

    response = await running.client.post(f"/api/v1/inbox/{notification['id']}/read", headers=anna)
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    again = await running.client.post(f"/api/v1/inbox/{notification['id']}/read", headers=anna)
    assert again.json()["read_at"] == response.json()["read_at"]

    assert await inbox(running, anna, unread="true") == []
    assert [n["id"] for n in await inbox(running, anna)] == [notification["id"]]
    # A colleague's copy of the same group notification is still unread.
    assert [n["id"] for n in await inbox(running, eva, unread="true")] == [notification["id"]]


async def test_another_districts_notification_is_not_found(running, token_for, samples) -> None:
    other = samples.case_closed(district="skarholmen")
    await running.apply("CaseClosed", other)
    [notification] = await inbox(running, token_for("sven.skarholmen"))
    response = await running.client.post(
        f"/api/v1/inbox/{notification['id']}/read", headers=token_for("anna.caseworker")
    )
    assert response.status_code == 404
    # Right district, wrong role: not addressed to the unit manager either.
    response = await running.client.post(
        f"/api/v1/inbox/{notification['id']}/read", headers=token_for("maja.skarholmen.manager")
    )
    assert response.status_code == 404


async def test_inbox_needs_a_token_and_the_permission(running, token_for) -> None:
    assert (await running.client.get("/api/v1/inbox")).status_code == 401
    auditor = token_for("agnes.auditor")  # no notifications:inbox.read
    assert (await running.client.get("/api/v1/inbox", headers=auditor)).status_code == 403


async def test_letters_are_served_to_case_staff_and_every_read_is_logged(
    running, token_for, samples
) -> None:
    await running.apply("LetterRequested", samples.letter_requested("consent_form"))
    anna = token_for("anna.caseworker")

    listed = await running.client.get("/api/v1/letters", params={"case_id": "c-1"}, headers=anna)
    assert listed.status_code == 200
    [summary] = listed.json()
    assert summary["title"] == "Samtyckesblankett"
    assert summary["status"] == "to_print"
    assert "Tolvan" not in listed.text  # the list carries no personal data

    one = await running.client.get(f"/api/v1/letters/{summary['id']}", headers=anna)
    assert one.status_code == 200
    letter = one.json()
    assert letter["recipient"]["name"] == "Tolvan Tolvansson"
    assert "[ ] Kronofogdemyndigheten" in letter["body"]

    sven = token_for("sven.skarholmen")
    other = await running.client.get("/api/v1/letters", params={"case_id": "c-1"}, headers=sven)
    assert other.json() == []
    assert (
        await running.client.get(f"/api/v1/letters/{summary['id']}", headers=sven)
    ).status_code == 404
    coordinator = token_for("cecilia.coordinator")  # may not read cases
    assert (
        await running.client.get(f"/api/v1/letters/{summary['id']}", headers=coordinator)
    ).status_code == 403

    async with running.sessions() as session:
        entries = (await session.execute(select(AccessLogEntry))).scalars().all()
        assert (await verify_chain(session)).ok
    # Issue #8: each read names the addressee's pseudonym.
    person = samples.letter_requested().person_ref
    assert person is not None
    assert [(e.actor, e.action, e.resource, e.district, e.person_ref) for e in entries] == [
        ("anna.caseworker", "read", "letters:c-1", "bromma", person),
        ("anna.caseworker", "read", f"letter:{summary['id']}", "bromma", person),
    ]


async def test_the_children_and_youth_unit_sees_cases_with_children(
    running, token_for, samples
) -> None:
    """Seed 004: a notice about a household with children involves barn och unga."""
    await running.apply("CaseOpened", samples.case_opened("with_children"))

    unit = await inbox(running, token_for("bo.children"))  # caseworker, children-and-youth unit
    assert ("case_opened_children", "children_and_youth_unit") in [
        (n["kind"], n["recipient_role"]) for n in unit
    ]
    adult = await inbox(running, token_for("anna.caseworker"))  # caseworker, adult unit
    assert "children_and_youth_unit" not in [n["recipient_role"] for n in adult]
