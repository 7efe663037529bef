"""Issue #9, point 9: a municipality sets up its districts — name, bankgiro, contact
details for letters, legal references — with the CLI or the admin API."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from bostad_devkit.eviction_kit import notice_body

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


async def test_cli_district_add_and_list(client, service_database_url, register_landlord):
    added = cli(
        service_database_url, "district", "add", "vallentuna", "Vallentuna kommun",
        "--bankgiro", "5050-1055", "--office-name", "Socialförvaltningen Vallentuna",
        "--office-street", "Torggatan 11", "--office-postal-code", "186 86",
        "--office-city", "Vallentuna", "--office-phone", "08-587 850 00",
        "--legal-reference", "12 kap. 44 § jordabalken",
        "--legal-reference", "2 kap. 1 § socialtjänstlagen (2025:400)",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    district = json.loads(added.stdout)
    assert district["code"] == "vallentuna" and district["bankgiro"] == "5050-1055"
    assert district["office_postal_code"] == "18686"
    assert district["legal_references"][0] == "12 kap. 44 § jordabalken"
    listed = json.loads(cli(service_database_url, "district", "list").stdout)
    assert "vallentuna" in [d["code"] for d in listed]
    bad = cli(service_database_url, "district", "add", "x", "X", "--bankgiro", "12")
    assert bad.returncode == 2 and "bankgiro" in bad.stderr and bad.stdout == ""
    # The new district takes notices at once.
    _, auth = await register_landlord(districts=("vallentuna",))
    response = await client.post(
        "/api/v1/notices", json=notice_body(district="vallentuna"), headers=auth
    )
    assert response.status_code == 202, response.text


async def test_admin_api_puts_and_lists_districts(client, staff):
    adam = staff("adam.admin")
    body = {
        "name": "Täby",
        "bankgiro": "123-4567",
        "office_email": "socialtjansten@example.se",
        "legal_references": ["12 kap. 44 § jordabalken"],
    }
    put = await client.put("/api/v1/admin/districts/taby", json=body, headers=adam)
    assert put.status_code == 200, put.text
    assert put.json()["bankgiro"] == "123-4567" and put.json()["active"] is True
    listed = (await client.get("/api/v1/admin/districts", headers=adam)).json()
    assert {"taby", "bromma"} <= {d["code"] for d in listed}
    bad = await client.put(
        "/api/v1/admin/districts/taby", json={**body, "office_email": "inte-en-adress"},
        headers=adam,
    )  # fmt: skip
    assert bad.status_code in (400, 422) and "office_email" in bad.text
    # Caseworkers do not set up districts.
    assert (
        await client.get("/api/v1/admin/districts", headers=staff("anna.caseworker"))
    ).status_code == 403


async def test_letters_carry_the_district_office(client, staff, register_landlord, system_session):
    from bostad_devkit.eviction_kit import outbox_events

    adam = staff("adam.admin")
    body = {
        "name": "Bromma",
        "bankgiro": "5050-1055",
        "office_name": "Bromma stadsdelsförvaltning",
        "office_street": "Gustavslundsvägen 2",
        "office_postal_code": "16751",
        "office_city": "Bromma",
        "legal_references": ["12 kap. 44 § jordabalken"],
    }
    assert (
        await client.put("/api/v1/admin/districts/bromma", json=body, headers=adam)
    ).status_code == 200
    _, auth = await register_landlord()
    assert (
        await client.post("/api/v1/notices", json=notice_body(), headers=auth)
    ).status_code == 202
    anna = staff("anna.caseworker")
    [entry] = (await client.get("/api/v1/cases/worklist", headers=anna)).json()
    sent = await client.post(
        f"/api/v1/cases/{entry['case_id']}/letters", json={"letter": "information_letter"},
        headers=anna,
    )  # fmt: skip
    assert sent.status_code == 201, sent.text
    [letter] = await outbox_events(system_session, "LetterRequested")
    sender = letter["data"]["sender"]
    assert sender["name"] == "Bromma stadsdelsförvaltning" and sender["bankgiro"] == "5050-1055"
    assert sender["legal_references"] == ["12 kap. 44 § jordabalken"]
