"""Issue #9, point 6: statistics that answer the seeds' questions, a municipality
total, and a CSV a Swedish spreadsheet opens as it is."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bostad_devkit.eviction_kit import notice_body, staff_token, today

pytestmark = pytest.mark.integration


async def submit(client, auth, **overrides) -> None:
    response = await client.post("/api/v1/notices", json=notice_body(**overrides), headers=auth)
    assert response.status_code == 202, response.text


async def test_seed_questions_total_and_swedish_csv(client, register_landlord, staff, settings):
    _, auth = await register_landlord(districts=("bromma", "skarholmen"))
    anna, eva = staff("anna.caseworker"), staff("eva.two.districts")
    token = staff_token(settings, "mona.manager", ["unit_manager"], ["bromma", "skarholmen"])
    manager = {"Authorization": f"Bearer {token}"}
    first_kfm = (today() + timedelta(days=20)).isoformat()
    moved_kfm = (today() + timedelta(days=40)).isoformat()
    # A household with two children: unpaid rent, then Kronofogden, then a new date.
    await submit(client, auth, external_id="R1")
    for external_id, date in (("K1", first_kfm), ("K2", moved_kfm)):
        await submit(
            client, auth, external_id=external_id, kind="eviction_enforcement", debt=None,
            eviction_date=date,
        )  # fmt: skip
    # A household without children in skarholmen.
    await submit(
        client, auth, external_id="S1", district="skarholmen",
        tenant={"personal_number": "19850412-2386", "name": "Berit"}, household={"children": 0},
    )  # fmt: skip
    [case] = (await client.get("/api/v1/cases/worklist?district=bromma", headers=eva)).json()
    known = await client.post(
        f"/api/v1/cases/{case['case_id']}/known-before", json={"known": False}, headers=anna
    )
    assert known.status_code == 200, known.text
    await client.post(
        f"/api/v1/cases/{case['case_id']}/outreach-assignments",
        json={"staff": ["stina.support", "kim.support"]},
        headers=anna,
    )

    year = today().year
    response = await client.get("/api/v1/statistics", params={"year": year}, headers=manager)
    assert response.status_code == 200, response.text
    rows = {row["district"]: row for row in response.json()["rows"]}
    assert set(rows) == {"bromma", "skarholmen", "total"}
    bromma = rows["bromma"]
    assert bromma["notices_total"] == 3
    assert bromma["evictions_applied_for"] == 1  # one case, though the date moved
    assert bromma["households_with_children"] == 1 and bromma["children_in_households"] == 2
    assert bromma["cases_not_known_before"] == 1 and bromma["cases_known_unrecorded"] == 0
    assert bromma["cases_with_outreach"] == 1 and bromma["outreach_assignments"] == 1
    total = rows["total"]
    assert total["notices_total"] == 4 and total["cases_opened"] == 2
    assert total["cases_known_unrecorded"] == 1
    assert total["notices_by_kind"]["eviction_enforcement"] == 2

    swedish = await client.get(
        "/api/v1/statistics.csv", params={"year": year, "dialect": "sv"}, headers=manager
    )
    assert swedish.status_code == 200
    assert swedish.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    table = list(csv.DictReader(io.StringIO(swedish.content.decode("utf-8-sig")), delimiter=";"))
    assert [r["Stadsdel"] for r in table] == ["bromma", "skarholmen", "total"]
    assert table[0]["Underrättelser totalt"] == "3"
    assert table[0]["Andel uppsök inom 48 timmar"] == "0,000"  # decimal comma
    assert table[0]["Ansökningar om avhysning (ärenden)"] == "1"
    assert table[2]["Hushåll med barn"] == "1"
    # The plain CSV is as before: commas, decimal point, English headers.
    plain = await client.get(
        "/api/v1/statistics.csv", params={"year": year, "district": "bromma"}, headers=manager
    )
    [row] = list(csv.DictReader(io.StringIO(plain.text)))
    assert row["outreach_share_within_48h"] == "0.000" and row["notices_total"] == "3"
