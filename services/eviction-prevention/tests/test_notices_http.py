"""The landlord notice contract over HTTP (CONTRACTS.md), against the real app and database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bostad_devkit.eviction_kit import notice_body, outbox_events, today
from eviction_prevention.cases.models import Case
from eviction_prevention.notices.models import Notice

pytestmark = pytest.mark.integration


async def test_new_notice_202_then_same_external_id_200(client, register_landlord, system_session):
    landlord_id, auth = await register_landlord(districts=("bromma", "skarholmen"))
    first = await client.post("/api/v1/notices", json=notice_body(), headers=auth)
    assert first.status_code == 202, first.text
    body = first.json()
    assert set(body) == {"notice_id", "status"} and body["status"] == "received"

    again = await client.post("/api/v1/notices", json=notice_body(), headers=auth)
    assert again.status_code == 200
    assert again.json() == body

    async with system_session() as session:
        notices = (await session.execute(select(Notice))).scalars().all()
        assert len(notices) == 1
        notice = notices[0]
        assert notice.landlord_id == landlord_id
        assert notice.personal_number == "19121212-1212"  # stored canonical
        assert notice.debt_ore == 1245000
        assert notice.channel == "http"
        case = await session.get(Case, notice.case_id)
        assert case is not None and case.track == "with_children"
        assert case.intake_type == "underrattelse" and case.notice_kind == "unpaid_rent"
        assert case.redemption_deadline is not None

    received = await outbox_events(system_session, "NoticeReceived")
    opened = await outbox_events(system_session, "CaseOpened")
    assert len(received) == 1 and len(opened) == 1
    assert received[0]["data"]["notice_id"] == body["notice_id"]
    assert received[0]["district"] == "bromma"
    assert opened[0]["data"]["notice_id"] == body["notice_id"]
    assert opened[0]["subject"] == opened[0]["data"]["case_id"]
    # The notice names the case it opened (CaseOpened tells of it; the notice adds nothing).
    assert received[0]["data"]["case_id"] == opened[0]["data"]["case_id"]
    assert received[0]["data"]["opened_case"] is True
    # Keyed by its case, so a case's events stay in order on one partition.
    assert received[0]["subject"] == opened[0]["data"]["case_id"]
    for event in received + opened:
        assert "19121212" not in str(event)


async def test_status_for_the_sender_only(client, register_landlord):
    _, auth = await register_landlord(name="A")
    _, other = await register_landlord(name="B")
    notice_id = (await client.post("/api/v1/notices", json=notice_body(), headers=auth)).json()[
        "notice_id"
    ]
    mine = await client.get(f"/api/v1/notices/{notice_id}", headers=auth)
    assert mine.status_code == 200
    assert mine.json() == {
        "notice_id": notice_id,
        "external_id": "HSB-2026-000123",
        "status": "case_opened",
    }
    assert (await client.get(f"/api/v1/notices/{notice_id}", headers=other)).status_code == 404
    assert (await client.get("/api/v1/notices/no-such-id", headers=auth)).status_code == 404


async def test_same_external_id_from_two_landlords_is_two_notices(client, register_landlord):
    _, a = await register_landlord(name="A")
    _, b = await register_landlord(name="B")
    first = await client.post("/api/v1/notices", json=notice_body(), headers=a)
    second = await client.post("/api/v1/notices", json=notice_body(), headers=b)
    assert first.status_code == second.status_code == 202
    assert first.json()["notice_id"] != second.json()["notice_id"]


async def test_401_without_or_with_wrong_credentials(client, register_landlord):
    await register_landlord()
    assert (await client.post("/api/v1/notices", json=notice_body())).status_code == 401
    wrong = {"Authorization": "Bearer bpl_" + "x" * 43}
    assert (
        await client.post("/api/v1/notices", json=notice_body(), headers=wrong)
    ).status_code == 401
    garbage = {"Authorization": "Bearer nonsense"}
    assert (
        await client.post("/api/v1/notices", json=notice_body(), headers=garbage)
    ).status_code == 401


async def test_403_for_a_district_the_credential_may_not_submit_for(
    client, register_landlord, system_session
):
    _, auth = await register_landlord(districts=("bromma",))
    response = await client.post(
        "/api/v1/notices", json=notice_body(district="skarholmen"), headers=auth
    )
    assert response.status_code == 403
    async with system_session() as session:
        assert (await session.execute(select(func.count()).select_from(Notice))).scalar_one() == 0


async def test_staff_token_may_not_submit(client, staff):
    response = await client.post(
        "/api/v1/notices", json=notice_body(), headers=staff("anna.caseworker")
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        (
            {"tenant": {"personal_number": "19121212-1213", "name": "Tolvan"}},
            "tenant.personal_number",
        ),
        ({"district": "atlantis"}, "district"),
        ({"debt": None}, "debt"),
        ({"debt": {"amount": "-100.00", "currency": "SEK"}}, "debt.amount"),
        ({"kind": "eviction_enforcement", "eviction_date": None}, "eviction_date"),
        # Changed by CONTRACTS.md v1.1: a served date a little ahead is accepted.
        ({"served_at": (today() + timedelta(days=90)).isoformat()}, "served_at"),
        ({"served_at": (today() - timedelta(days=400)).isoformat()}, "served_at"),
        (
            {"kind": "disturbance", "eviction_date": (today() - timedelta(days=1)).isoformat()},
            "eviction_date",
        ),
        ({"message": "x" * 5000}, "message"),
        ({"kind": "loud_music"}, "kind"),
        ({"address": None}, "address"),
    ],
)
async def test_422_names_the_field_and_never_echoes_input(
    client, register_landlord, system_session, overrides, field
):
    _, auth = await register_landlord()
    response = await client.post("/api/v1/notices", json=notice_body(**overrides), headers=auth)
    assert response.status_code == 422, response.text
    body = response.json()
    assert field in [error["field"] for error in body["errors"]], body
    assert "19121212" not in response.text
    assert "Tolvan" not in response.text
    async with system_session() as session:
        assert (await session.execute(select(func.count()).select_from(Notice))).scalar_one() == 0


async def test_oversized_body_is_refused(client, register_landlord):
    _, auth = await register_landlord()
    response = await client.post(
        "/api/v1/notices", json=notice_body(message="x" * 300_000), headers=auth
    )
    assert response.status_code in (413, 422)


async def test_revoked_landlord_is_401(client, register_landlord, system_session):
    from bostad_common.db_types import utcnow
    from eviction_prevention.landlords import service as landlords

    landlord_id, auth = await register_landlord()
    async with system_session() as session:
        await landlords.revoke_landlord(session, landlord_id, now=utcnow())
    assert (
        await client.post("/api/v1/notices", json=notice_body(), headers=auth)
    ).status_code == 401


async def test_openapi_and_asyncapi_documents(client):
    openapi = await client.get("/schema/openapi.json")
    assert openapi.status_code == 200, openapi.text
    paths = openapi.json()["paths"]
    assert {"/api/v1/notices", "/api/v1/notices/{notice_id}", "/api/v1/cases/worklist"} <= set(
        paths
    )
    operation = paths["/api/v1/notices"]["post"]
    assert operation["operationId"] == "submitNotice"
    assert "requestBody" in operation
    asyncapi = await client.get("/asyncapi.json")
    assert asyncapi.status_code == 200
    assert "landlord.notices.v1" in asyncapi.text and "tenancy.events.v1" in asyncapi.text
