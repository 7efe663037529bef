"""Issue #9, point 7: lists a person can work with — closed cases, search by name and
address (the purpose in the access log), filters with totals and pagination."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bostad_common.auth.access_log import AccessLogEntry
from bostad_devkit.eviction_kit import notice_body

pytestmark = pytest.mark.integration

PEOPLE = [
    ("19121212-1212", "Tolvan Tolvansson", "Exempelgatan 1"),
    ("19850412-2386", "Berit Berg", "Björkvägen 3"),
    ("19701103-4175", "Carl Carlsson", "Exempelgatan 7"),
]


async def test_closed_cases_filters_totals_pages_and_search(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord()
    anna, ulla = staff("anna.caseworker"), staff("ulla.manager")
    for i, (pn, name, street) in enumerate(PEOPLE):
        body = notice_body(
            external_id=f"N{i}",
            tenant={"personal_number": pn, "name": name},
            address={"street": street, "postal_code": "16731", "city": "Bromma"},
            household={"children": 0},
        )
        assert (await client.post("/api/v1/notices", json=body, headers=auth)).status_code == 202
    everything = (await client.get("/api/v1/cases", headers=anna)).json()
    assert everything["total"] == 3 and len(everything["items"]) == 3
    berit = next(c for c in everything["items"] if c["tenant_name"] == "Berit Berg")
    closed = await client.post(
        f"/api/v1/cases/{berit['case_id']}/close",
        json={"outcome": "moved_voluntarily", "closing_reason": "found_other_housing"},
        headers=ulla,
    )
    assert closed.status_code == 200, closed.text

    closed_list = (await client.get("/api/v1/cases?status=closed", headers=anna)).json()
    assert closed_list["total"] == 1 and closed_list["items"][0]["case_id"] == berit["case_id"]
    open_page = (await client.get("/api/v1/cases?status=open&limit=1", headers=anna)).json()
    assert open_page["total"] == 2 and len(open_page["items"]) == 1
    second = (await client.get("/api/v1/cases?status=open&limit=1&offset=1", headers=anna)).json()
    assert second["items"][0]["case_id"] != open_page["items"][0]["case_id"]
    by_reason = (await client.get("/api/v1/cases?notice_kind=disturbance", headers=anna)).json()
    assert by_reason["total"] == 0
    bad = await client.get("/api/v1/cases?status=maybe", headers=anna)
    assert bad.status_code in (400, 422) and "status" in bad.text

    # Search by name and by street; the purpose is in the access log.
    by_name = await client.post(
        "/api/v1/cases/search",
        json={"name": "carls", "purpose": "samordning med hyresvärd"},
        headers=anna,
    )
    assert by_name.status_code == 200, by_name.text
    assert [c["tenant_name"] for c in by_name.json()] == ["Carl Carlsson"]
    by_street = await client.post(
        "/api/v1/cases/search", json={"street": "exempelgatan"}, headers=anna
    )
    assert sorted(c["tenant_name"] for c in by_street.json()) == [
        "Carl Carlsson",
        "Tolvan Tolvansson",
    ]
    wildcard = await client.post("/api/v1/cases/search", json={"name": "%%"}, headers=anna)
    assert wildcard.json() == []  # a % is a character, not "everything"
    nothing = await client.post("/api/v1/cases/search", json={}, headers=anna)
    assert nothing.status_code in (400, 422)
    async with system_session() as session:
        purposes = (
            (
                await session.execute(
                    select(AccessLogEntry.purpose).where(
                        AccessLogEntry.resource == f"case:{by_name.json()[0]['case_id']}"
                    )
                )
            )
            .scalars()
            .all()
        )
    assert "samordning med hyresvärd" in purposes
