"""The staff directory: SCIM from the identity provider, JIT from tokens, inactive refused."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.auth.directory import (
    StaffProfile,
    active_members_in,
    deactivate_member,
    demo_profiles,
    get_profile,
    is_active_in,
    require_active_in,
    seed_demo_directory,
    upsert_member,
)
from bostad_common.auth.directory_sync import announce_everyone
from bostad_common.db import make_engine, make_session_factory
from bostad_common.messaging import OutboxMessage
from bostad_common.service import create_app
from bostad_devkit.broker_process import free_port
from notifications.app import DEFINITION
from notifications.directory.scim import STAFF_EXTENSION, USER_SCHEMA

pytestmark = pytest.mark.integration

SCIM_TOKEN = "idp-credential-for-tests"
IDP = {"Authorization": f"Bearer {SCIM_TOKEN}"}


@dataclass
class Running:
    client: AsyncTestClient
    sessions: async_sessionmaker[AsyncSession]


@pytest.fixture
async def running(service_database_url, auth_settings, service_settings) -> AsyncIterator[Running]:
    settings = auth_settings.model_copy(
        update={"database_url": service_database_url, "kafka_bootstrap": f"127.0.0.1:{free_port()}"}
    )
    config = service_settings(settings, scim_token=SCIM_TOKEN, seed_demo_directory=False)
    app = create_app(DEFINITION, settings=config)
    async with AsyncTestClient(app, timeout=10) as client:
        engine = make_engine(service_database_url)
        try:
            yield Running(client, make_session_factory(engine))
        finally:
            await engine.dispose()


def scim_user(user_name: str, *, roles=("housing_support",), districts=("bromma",), active=True):
    return {
        "schemas": [USER_SCHEMA, STAFF_EXTENSION],
        "userName": user_name,
        "externalId": "idp-" + user_name,
        "name": {"formatted": "Siv Stödberg"},
        "emails": [{"value": f"{user_name}@stad.example", "primary": True}],
        "active": active,
        "roles": [{"value": role} for role in roles],
        STAFF_EXTENSION: {"districts": list(districts), "units": []},
    }


async def test_scim_creates_lists_replaces_and_deactivates(running) -> None:
    client = running.client
    created = await client.post("/scim/v2/Users", json=scim_user("siv.support"), headers=IDP)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["id"] == "siv.support" and body["active"] is True
    assert body[STAFF_EXTENSION]["districts"] == ["bromma"]

    found = await client.get(
        "/scim/v2/Users", params={"filter": 'userName eq "siv.support"'}, headers=IDP
    )
    assert found.status_code == 200
    assert found.json()["totalResults"] == 1
    assert found.json()["Resources"][0]["emails"][0]["value"] == "siv.support@stad.example"
    none = await client.get(
        "/scim/v2/Users", params={"filter": 'userName eq "nobody"'}, headers=IDP
    )
    assert none.json()["totalResults"] == 0

    moved = scim_user("siv.support", districts=("skarholmen",))
    replaced = await client.put("/scim/v2/Users/siv.support", json=moved, headers=IDP)
    assert replaced.status_code == 200
    async with running.sessions() as session:
        assert await is_active_in(session, "siv.support", "housing_support", "skarholmen")
        assert not await is_active_in(session, "siv.support", "housing_support", "bromma")

    patched = await client.patch(
        "/scim/v2/Users/siv.support",
        json={"Operations": [{"op": "replace", "path": "active", "value": False}]},
        headers=IDP,
    )
    assert patched.status_code == 200 and patched.json()["active"] is False
    async with running.sessions() as session:
        assert not await is_active_in(session, "siv.support", "housing_support", "skarholmen")

    await client.patch(
        "/scim/v2/Users/siv.support",
        json={"Operations": [{"op": "replace", "value": {"active": True}}]},
        headers=IDP,
    )
    deleted = await client.delete("/scim/v2/Users/siv.support", headers=IDP)
    assert deleted.status_code == 204
    got = await client.get("/scim/v2/Users/siv.support", headers=IDP)
    assert got.status_code == 200 and got.json()["active"] is False  # kept, never erased

    async with running.sessions() as session:
        entries = (await session.execute(select(AccessLogEntry))).scalars().all()
    assert [(e.actor, e.action, e.resource) for e in entries] == [
        ("scim", "create", "staff:siv.support"),
        ("scim", "read", "staff:siv.support"),
        ("scim", "read", "staff:nobody"),
        ("scim", "update", "staff:siv.support"),
        ("scim", "update", "staff:siv.support"),
        ("scim", "update", "staff:siv.support"),
        ("scim", "delete", "staff:siv.support"),
        ("scim", "read", "staff:siv.support"),
    ]


async def test_scim_needs_the_credential_and_names_bad_fields(running, token_for) -> None:
    client = running.client
    assert (await client.get("/scim/v2/Users")).status_code == 401
    wrong = {"Authorization": "Bearer not-the-credential"}
    assert (await client.get("/scim/v2/Users", headers=wrong)).status_code == 401
    # A staff token is not the identity provider.
    staff = token_for("adam.admin")
    assert (await client.get("/scim/v2/Users", headers=staff)).status_code == 401

    bad = scim_user("x.y", roles=("emperor",))
    response = await client.post("/scim/v2/Users", json=bad, headers=IDP)
    assert response.status_code in (400, 422)
    assert "roles" in response.text
    bad_filter = await client.get("/scim/v2/Users", params={"filter": "name co x"}, headers=IDP)
    assert bad_filter.status_code == 422 and "filter" in bad_filter.text


async def test_a_token_provisions_its_person_just_in_time(running, token_for) -> None:
    response = await running.client.get("/api/v1/inbox", headers=token_for("stina.support"))
    assert response.status_code == 200
    async with running.sessions() as session:
        profile = await get_profile(session, "stina.support")
        assert profile is not None
        assert profile.name == "Stina Strand"
        assert profile.email == "stina.support@bostad.example"
        assert await is_active_in(session, "stina.support", "housing_support", "bromma")
        assert not await is_active_in(session, "stina.support", "housing_support", "skarholmen")
        assert not await is_active_in(session, "stina.support", "caseworker", "bromma")


async def test_a_deactivated_person_is_refused_and_not_reactivated_by_a_token(
    running, token_for
) -> None:
    headers = token_for("stina.support")
    assert (await running.client.get("/api/v1/inbox", headers=headers)).status_code == 200
    deleted = await running.client.delete("/scim/v2/Users/stina.support", headers=IDP)
    assert deleted.status_code == 204

    refused = await running.client.get("/api/v1/inbox", headers=headers)
    assert refused.status_code == 403
    async with running.sessions() as session:
        # The outreach check eviction-prevention makes: no longer active housing support.
        assert not await is_active_in(session, "stina.support", "housing_support", "bromma")


async def test_the_demo_directory_and_unit_membership(postgres_url) -> None:
    engine = make_engine(postgres_url)
    from bostad_common.db import migrate
    from notifications.app import DEFINITION

    await migrate(engine, DEFINITION.migrations_dir)
    sessions = make_session_factory(engine)
    try:
        async with sessions() as session, session.begin():
            assert await seed_demo_directory(session) == len(demo_profiles())
            await upsert_member(
                session,
                StaffProfile(
                    "gone.person",
                    roles=frozenset({"caseworker"}),
                    districts=frozenset({"bromma"}),
                    active=False,
                ),
                source="scim",
            )
        async with sessions() as session:
            unit = await active_members_in(session, "bromma", ["children_and_youth_unit"])
            assert [p.person_id for p in unit] == ["bo.children", "greta.manager"]
            caseworkers = await active_members_in(session, "bromma", ["caseworker"])
            ids = [p.person_id for p in caseworkers]
            assert "gone.person" not in ids and "sven.skarholmen" not in ids
            assert {"anna.caseworker", "eva.two.districts"} <= set(ids)
    finally:
        await engine.dispose()


async def test_outreach_to_someone_not_active_housing_support_is_refused(postgres_url) -> None:
    """What eviction-prevention calls before it assigns outreach (seeds 001, 002)."""
    from bostad_common.db import migrate
    from bostad_common.http_errors import FieldErrors
    from notifications.app import DEFINITION

    engine = make_engine(postgres_url)
    await migrate(engine, DEFINITION.migrations_dir)
    sessions = make_session_factory(engine)
    try:
        async with sessions() as session, session.begin():
            await seed_demo_directory(session)
        async with sessions() as session, session.begin():
            await require_active_in(
                session, ["stina.support"], "housing_support", "bromma", field="staff"
            )
            with pytest.raises(FieldErrors) as refused:
                await require_active_in(
                    session,
                    ["stina.support", "anna.caseworker", "nobody"],
                    "housing_support",
                    "bromma",
                    field="staff",
                )
            assert [e["field"] for e in refused.value.errors] == ["staff[1]", "staff[2]"]
            assert "anna" not in str(refused.value.errors)
            with pytest.raises(FieldErrors):  # the right role, the wrong district
                await require_active_in(
                    session, ["stina.support"], "housing_support", "skarholmen", field="staff"
                )
            await deactivate_member(session, "stina.support")
            with pytest.raises(FieldErrors):  # left: no longer active
                await require_active_in(
                    session, ["stina.support"], "housing_support", "bromma", field="staff"
                )
    finally:
        await engine.dispose()


async def announced(sessions: async_sessionmaker[AsyncSession]) -> list[dict]:
    """The `StaffMemberChanged` payloads in the outbox, oldest first."""
    async with sessions() as session:
        rows = (
            await session.execute(select(OutboxMessage).order_by(OutboxMessage.created_at))
        ).scalars()
        events = [json.loads(row.value) for row in rows]
    return [e["data"] for e in events if e["type"] == "se.bostad.StaffMemberChanged"]


async def test_changes_of_access_are_announced_to_the_copies(running, token_for) -> None:
    """Eviction-prevention's copy learns of every change that decides who may get work."""
    client = running.client
    await client.post("/scim/v2/Users", json=scim_user("siv.support"), headers=IDP)
    [created] = await announced(running.sessions)
    assert {k: created[k] for k in ("person_id", "active", "roles", "districts", "units")} == {
        "person_id": "siv.support",
        "active": True,
        "roles": ["housing_support"],
        "districts": ["bromma"],
        "units": [],
    }
    # Access only: a copy never holds the name, e-mail or phone.
    assert set(created) == {"person_id", "active", "roles", "units", "districts", "changed_at"}

    renamed = scim_user("siv.support") | {"name": {"formatted": "Siv Stödberg-Ek"}}
    await client.put("/scim/v2/Users/siv.support", json=renamed, headers=IDP)
    assert len(await announced(running.sessions)) == 1  # a new name changes no one's work

    moved = scim_user("siv.support", districts=("bromma", "skarholmen"))
    await client.put("/scim/v2/Users/siv.support", json=moved, headers=IDP)
    await client.delete("/scim/v2/Users/siv.support", headers=IDP)
    await client.delete("/scim/v2/Users/siv.support", headers=IDP)  # already inactive
    changes = await announced(running.sessions)
    assert [(c["districts"], c["active"]) for c in changes] == [
        (["bromma"], True),
        (["bromma", "skarholmen"], True),
        (["bromma", "skarholmen"], False),
    ]
    assert changes[1]["changed_at"] <= changes[2]["changed_at"]

    # Just in time: a first request announces the person, the same token again does not.
    for _ in range(2):
        answer = await client.get("/api/v1/inbox", headers=token_for("stina.support"))
        assert answer.status_code == 200
    jit = [c for c in await announced(running.sessions) if c["person_id"] == "stina.support"]
    assert len(jit) == 1 and jit[0]["roles"] == ["housing_support"]


async def test_everyone_is_announced_at_start_so_a_new_copy_fills(running) -> None:
    async with running.sessions() as session, session.begin():
        await seed_demo_directory(session)
    before = len(await announced(running.sessions))
    async with running.sessions() as session, session.begin():
        assert await announce_everyone(session) == len(demo_profiles())
    everyone = (await announced(running.sessions))[before:]
    assert sorted(c["person_id"] for c in everyone) == sorted(p.person_id for p in demo_profiles())


async def test_an_old_token_does_not_undo_what_the_identity_provider_changed(
    running, token_for
) -> None:
    """Stina moved to Skärholmen over SCIM; her token, issued before, still says Bromma.
    Until SCIM says otherwise she is housing support in Skärholmen only, and the
    copies are not told anything new by her requests."""
    moved = scim_user("stina.support", districts=("skarholmen",))
    created = await running.client.post("/scim/v2/Users", json=moved, headers=IDP)
    assert created.status_code == 201, created.text
    answer = await running.client.get("/api/v1/inbox", headers=token_for("stina.support"))
    assert answer.status_code == 200
    async with running.sessions() as session:
        assert await is_active_in(session, "stina.support", "housing_support", "skarholmen")
        assert not await is_active_in(session, "stina.support", "housing_support", "bromma")
    changes = [c for c in await announced(running.sessions) if c["person_id"] == "stina.support"]
    assert [c["districts"] for c in changes] == [["skarholmen"]]
