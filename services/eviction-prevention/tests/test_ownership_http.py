"""Issue #9, points 2 and 8: the responsible caseworker, "my cases" and the
team's unassigned ones, the unit manager's overview, and housing support
reading only the cases it is booked on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bostad_devkit.eviction_kit import notice_body, outbox_events, today

pytestmark = pytest.mark.integration


async def submit(client, auth, **overrides) -> str:
    response = await client.post("/api/v1/notices", json=notice_body(**overrides), headers=auth)
    assert response.status_code == 202, response.text
    return response.json()["notice_id"]


async def case_of(client, headers, personal_number: str) -> str:
    found = await client.post(
        "/api/v1/cases/search", json={"personal_number": personal_number}, headers=headers
    )
    [case] = found.json()
    return case["case_id"]


TOLVAN, OTHER = "19121212-1212", "19850412-2386"


async def test_assign_reassign_with_reason_and_my_cases(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord()
    anna, ulla = staff("anna.caseworker"), staff("ulla.manager")
    await submit(client, auth, external_id="A")
    await submit(client, auth, external_id="B", tenant={"personal_number": OTHER, "name": "Berit"})
    case_id = await case_of(client, anna, TOLVAN)
    url = f"/api/v1/cases/{case_id}/responsible-caseworker"

    first = await client.put(url, json={"caseworker": "anna.caseworker"}, headers=ulla)
    assert first.status_code == 200, first.text
    assert first.json()["responsible_caseworker"] == "anna.caseworker"
    mine = (await client.get("/api/v1/cases/worklist?assigned=me", headers=anna)).json()
    assert [c["case_id"] for c in mine] == [case_id]
    assert mine[0]["responsible_caseworker"] == "anna.caseworker"
    team = (await client.get("/api/v1/cases/worklist?assigned=unassigned", headers=anna)).json()
    assert [c["tenant_name"] for c in team] == ["Berit"]

    no_reason = await client.put(url, json={"caseworker": "bo.caseworker"}, headers=ulla)
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"
    moved = await client.put(
        url, json={"caseworker": "bo.caseworker", "reason": "Anna är föräldraledig."}, headers=ulla
    )
    assert moved.status_code == 200, moved.text
    history = moved.json()["history"]
    assert [(h["previous_caseworker"], h["caseworker"]) for h in history] == [
        (None, "anna.caseworker"),
        ("anna.caseworker", "bo.caseworker"),
    ]
    assert history[1]["reason"] == "Anna är föräldraledig." and history[1]["changed_by"] == (
        "ulla.manager"
    )
    events = await outbox_events(system_session, "CaseAssigned")
    assert [e["data"]["responsible_caseworker"] for e in events] == [
        "anna.caseworker",
        "bo.caseworker",
    ]
    # Housing support may not distribute cases.
    refused = await client.put(
        url, json={"caseworker": "stina.support", "reason": "x"}, headers=staff("stina.support")
    )
    assert refused.status_code in (403, 404)


async def test_housing_support_reads_only_cases_it_is_booked_on(client, register_landlord, staff):
    _, auth = await register_landlord()
    anna, stina = staff("anna.caseworker"), staff("stina.support")
    notice_id = await submit(client, auth, external_id="A")
    await submit(client, auth, external_id="B", tenant={"personal_number": OTHER, "name": "Berit"})
    booked = await case_of(client, anna, TOLVAN)
    unassigned = await case_of(client, anna, OTHER)

    # Before any booking: nothing to read, and no hint that the cases exist.
    assert (await client.get(f"/api/v1/cases/{unassigned}", headers=stina)).status_code == 404
    assert (await client.get(f"/api/v1/cases/{booked}", headers=stina)).status_code == 404
    assert (await client.get(f"/api/v1/notices/{notice_id}", headers=stina)).status_code == 404
    assert (await client.get("/api/v1/cases/worklist", headers=stina)).json() == []
    searched = await client.post(
        "/api/v1/cases/search", json={"personal_number": OTHER}, headers=stina
    )
    assert searched.status_code == 200 and searched.json() == []

    assigned = await client.post(
        f"/api/v1/cases/{booked}/outreach-assignments",
        json={"staff": ["stina.support", "kim.support"]},
        headers=anna,
    )
    assert assigned.status_code == 201, assigned.text
    assert (await client.get(f"/api/v1/cases/{booked}", headers=stina)).status_code == 200
    assert (await client.get(f"/api/v1/notices/{notice_id}", headers=stina)).status_code == 200
    assert [
        c["case_id"] for c in (await client.get("/api/v1/cases/worklist", headers=stina)).json()
    ] == [booked]
    # Still not the unassigned case, nor its sub-resources.
    assert (await client.get(f"/api/v1/cases/{unassigned}", headers=stina)).status_code == 404
    contact = await client.post(
        f"/api/v1/cases/{unassigned}/contact-attempts",
        json={"method": "phone", "result": "not_reached"},
        headers=stina,
    )
    assert contact.status_code == 404
    # A caseworker reads every case of the district.
    assert (await client.get(f"/api/v1/cases/{unassigned}", headers=anna)).status_code == 200


async def test_unit_manager_overview(client, register_landlord, staff):
    _, auth = await register_landlord()
    anna, ulla = staff("anna.caseworker"), staff("ulla.manager")
    soon = (today() + timedelta(days=5)).isoformat()
    await submit(
        client, auth, external_id="KFM", kind="eviction_enforcement", debt=None,
        eviction_date=soon, household={"children": 3},
    )  # fmt: skip
    await submit(
        client, auth, external_id="R", tenant={"personal_number": OTHER, "name": "Berit"},
        household={"children": 0},
    )  # fmt: skip
    kfm_case = await case_of(client, anna, TOLVAN)
    await client.put(
        f"/api/v1/cases/{kfm_case}/responsible-caseworker",
        json={"caseworker": "anna.caseworker"},
        headers=ulla,
    )
    response = await client.get("/api/v1/overview", headers=ulla)
    assert response.status_code == 200, response.text
    [bromma] = response.json()
    assert bromma["district"] == "bromma" and bromma["open_cases"] == 2
    assert bromma["open_by_track"] == {"with_children": 0, "without_children": 1, "enforcement": 1}
    assert bromma["open_by_age"]["under_1_week"] == 2
    assert bromma["deadlines_within_7_days"] == 1  # the eviction in five days
    assert bromma["households_with_children_facing_eviction"] == 1
    assert bromma["children_facing_eviction"] == 3
    assert bromma["overdue_outreach"] == 0
    assert bromma["caseload"] == [
        {"caseworker": "anna.caseworker", "open_cases": 1},
        {"caseworker": None, "open_cases": 1},
    ]
    # Caseworkers and housing support do not get the managers' view.
    assert (await client.get("/api/v1/overview", headers=anna)).status_code == 403
    assert (await client.get("/api/v1/overview", headers=staff("stina.support"))).status_code == 403
    other = await client.get("/api/v1/overview?district=skarholmen", headers=ulla)
    assert other.status_code == 403
