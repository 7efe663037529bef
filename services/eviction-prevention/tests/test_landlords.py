"""Landlord registration: the CLI, the admin API, credentials at rest, demo data."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from bostad_devkit.eviction_kit import notice_body
from eviction_prevention.cases.models import Case
from eviction_prevention.demo import load_demo_data
from eviction_prevention.landlords.models import LandlordCredential
from eviction_prevention.notices.models import Notice

pytestmark = pytest.mark.integration


def cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BOSTAD_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "eviction_prevention.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


async def test_cli_add_list_revoke_while_the_service_runs(
    client, service_database_url, system_session
):
    added = cli(
        service_database_url, "landlord", "add", "HSB Bromma", "--districts", "bromma,skarholmen"
    )
    assert added.returncode == 0, added.stderr
    answer = json.loads(added.stdout)  # exactly one JSON object on stdout
    assert set(answer) == {"landlord_id", "credential"}
    credential = answer["credential"]
    auth = {"Authorization": f"Bearer {credential}"}

    response = await client.post(
        "/api/v1/notices", json=notice_body(district="skarholmen"), headers=auth
    )
    assert response.status_code == 202, response.text

    async with system_session() as session:
        stored = (await session.execute(select(LandlordCredential))).scalars().all()
    assert [row.secret_sha256 for row in stored] == [
        hashlib.sha256(credential.encode()).hexdigest()
    ]  # only the hash is kept

    listed = json.loads(cli(service_database_url, "landlord", "list").stdout)
    assert [(x["name"], x["districts"], x["active_credentials"]) for x in listed] == [
        ("HSB Bromma", ["bromma", "skarholmen"], 1)
    ]
    assert credential not in json.dumps(listed)

    revoked = cli(service_database_url, "landlord", "revoke", answer["landlord_id"])
    assert revoked.returncode == 0, revoked.stderr
    again = await client.post("/api/v1/notices", json=notice_body(external_id="X-2"), headers=auth)
    assert again.status_code == 401

    bad = cli(service_database_url, "landlord", "add", "Nobody", "--districts", "atlantis")
    assert bad.returncode == 2 and "unknown district" in bad.stderr and bad.stdout == ""
    missing = cli(service_database_url, "landlord", "revoke", "no-such-landlord")
    assert missing.returncode == 2


async def test_admin_api(client, staff, system_session):
    adam = staff("adam.admin")  # admin in bromma
    created = await client.post(
        "/api/v1/admin/landlords", json={"name": "Familjebostäder", "districts": ["bromma"]},
        headers=adam,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    landlord_id, credential = created.json()["landlord_id"], created.json()["credential"]
    auth = {"Authorization": f"Bearer {credential}"}
    assert (
        await client.post("/api/v1/notices", json=notice_body(), headers=auth)
    ).status_code == 202

    other_district = await client.post(
        "/api/v1/admin/landlords", json={"name": "X", "districts": ["skarholmen"]}, headers=adam
    )
    assert other_district.status_code == 403
    unknown = await client.post(
        "/api/v1/admin/landlords", json={"name": "X", "districts": ["atlantis"]}, headers=adam
    )
    assert unknown.status_code in (403, 422)
    not_admin = await client.post(
        "/api/v1/admin/landlords",
        json={"name": "X", "districts": ["bromma"]},
        headers=staff("anna.caseworker"),
    )
    assert not_admin.status_code == 403

    listed = (await client.get("/api/v1/admin/landlords", headers=adam)).json()
    assert [x["landlord_id"] for x in listed] == [landlord_id]
    assert "credential" not in listed[0]

    rotated = await client.post(f"/api/v1/admin/landlords/{landlord_id}/rotate", headers=adam)
    assert rotated.status_code == 200
    new_auth = {"Authorization": f"Bearer {rotated.json()['credential']}"}
    assert (
        await client.post("/api/v1/notices", json=notice_body(external_id="R1"), headers=auth)
    ).status_code == 401
    assert (
        await client.post("/api/v1/notices", json=notice_body(external_id="R2"), headers=new_auth)
    ).status_code == 202

    revoked = await client.post(f"/api/v1/admin/landlords/{landlord_id}/revoke", headers=adam)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert (
        await client.post("/api/v1/notices", json=notice_body(external_id="R3"), headers=new_auth)
    ).status_code == 401
    assert (
        await client.post("/api/v1/admin/landlords/nope/revoke", headers=adam)
    ).status_code == 404


async def test_demo_data_is_idempotent(client, local_ctx, system_session, staff):
    assert await load_demo_data(local_ctx) == 14
    assert await load_demo_data(local_ctx) == 0
    async with system_session() as session:
        notices = (await session.execute(select(func.count()).select_from(Notice))).scalar_one()
        by_district = dict(
            (
                await session.execute(select(Case.district, func.count()).group_by(Case.district))
            ).all()
        )
        outcomes = dict(
            (
                await session.execute(
                    select(Case.outcome, func.count())
                    .where(Case.status == "closed")
                    .group_by(Case.outcome)
                )
            ).all()
        )
    assert notices == 14
    assert by_district == {"bromma": 8, "skarholmen": 6}
    # Earlier years, closed with every outcome: the statistics have something to compare.
    assert outcomes == {"prevented": 3, "moved_voluntarily": 1, "evicted": 1, "no_contact": 1,
                        "other": 1}  # fmt: skip
    worklist = (await client.get("/api/v1/cases/worklist", headers=staff("anna.caseworker"))).json()
    assert len(worklist) == 4 and worklist[0]["next_legal_deadline"] is not None
