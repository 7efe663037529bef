"""Issue #9, point 1 over HTTP: a notice without a served date, then one with it;
the caseworker filling it in; the committee's commitment keeping the home;
electricity debt's own deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bostad_common.workdays import add_working_days
from bostad_devkit.eviction_kit import notice_body, outbox_events, today

pytestmark = pytest.mark.integration


async def submit(client, auth, **overrides) -> str:
    response = await client.post("/api/v1/notices", json=notice_body(**overrides), headers=auth)
    assert response.status_code == 202, response.text
    return response.json()["notice_id"]


async def the_case(client, headers) -> dict:
    [entry] = (await client.get("/api/v1/cases/worklist", headers=headers)).json()
    return (await client.get(f"/api/v1/cases/{entry['case_id']}", headers=headers)).json()


async def test_notice_without_served_date_waits_then_a_later_notice_sets_it(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord()
    anna = staff("anna.caseworker")
    await submit(client, auth, external_id="EARLY", served_at=None)
    case = await the_case(client, anna)
    assert case["redemption_status"] == "waiting_for_served_date"
    assert case["redemption_deadline"] is None
    assert "redemption_period" not in {d["name"] for d in case["deadlines"]}
    [opened] = await outbox_events(system_session, "CaseOpened")
    assert opened["data"]["redemption_waiting_for_served_date"] is True

    # The termination is served in three days; the landlord sends the date.
    served = today() + timedelta(days=3)
    await submit(client, auth, external_id="SERVED", served_at=served.isoformat())
    case = await the_case(client, anna)
    assert case["served_at"] == served.isoformat()
    expected = add_working_days(served + timedelta(weeks=3), 0)
    assert case["redemption_deadline"] == expected.isoformat()
    assert case["redemption_status"] == "running"
    [deadline_set] = await outbox_events(system_session, "DeadlineSet")
    assert deadline_set["data"]["deadline"] == "redemption_period"
    assert deadline_set["data"]["due_on"] == expected.isoformat()
    assert deadline_set["data"]["set_by"] == "notice"


async def test_an_old_served_date_runs_from_the_day_the_notice_arrived(
    client, register_landlord, staff
):
    _, auth = await register_landlord()
    served = today() - timedelta(days=30)
    await submit(client, auth, served_at=served.isoformat())
    case = await the_case(client, staff("anna.caseworker"))
    # NJA 1985 s. 586: a late notice does not shorten the tenant's three weeks.
    assert (
        case["redemption_deadline"] == add_working_days(today() + timedelta(weeks=3), 0).isoformat()
    )
    assert case["redemption_status"] == "running"


async def test_caseworker_records_the_served_date(client, register_landlord, system_session, staff):
    _, auth = await register_landlord()
    anna = staff("anna.caseworker")
    await submit(client, auth, served_at=None)
    case_id = (await the_case(client, anna))["case_id"]
    served = today() - timedelta(days=1)
    url = f"/api/v1/cases/{case_id}/served-date"
    response = await client.post(url, json={"served_at": served.isoformat()}, headers=anna)
    assert response.status_code == 200, response.text
    assert response.json()["redemption_status"] == "running"
    [deadline_set] = await outbox_events(system_session, "DeadlineSet")
    assert deadline_set["data"]["set_by"] == "caseworker"
    # No electricity notice on the case: that deadline cannot be set.
    wrong = await client.post(
        url, json={"kind": "electricity_debt", "served_at": served.isoformat()}, headers=anna
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "kind"
    # Housing support may read, not change, the case.
    support = await client.post(
        url, json={"served_at": served.isoformat()}, headers=staff("stina.support")
    )
    assert support.status_code == 403


async def test_a_written_commitment_keeps_the_home(client, register_landlord, staff):
    _, auth = await register_landlord()
    anna = staff("anna.caseworker")
    await submit(client, auth)
    case_id = (await the_case(client, anna))["case_id"]
    url = f"/api/v1/cases/{case_id}/commitment"
    future = await client.post(
        url, json={"committed_on": (today() + timedelta(days=1)).isoformat()}, headers=anna
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "committed_on"
    body = {"committed_on": today().isoformat(), "amount": "12450.00", "note": "Beslut i nämnd."}
    response = await client.post(url, json=body, headers=anna)
    assert response.status_code == 200, response.text
    assert response.json()["redemption_status"] == "kept_by_commitment"
    case = (await client.get(f"/api/v1/cases/{case_id}", headers=anna)).json()
    assert case["commitment_on"] == today().isoformat()
    assert case["redemption_status"] == "kept_by_commitment"
    # The frist no longer threatens the home: it is not among the deadlines.
    assert "redemption_period" not in {d["name"] for d in case["deadlines"]}


async def test_a_commitment_on_a_case_without_unpaid_rent_is_refused(
    client, register_landlord, staff
):
    _, auth = await register_landlord()
    anna = staff("anna.caseworker")
    await submit(client, auth, kind="disturbance", debt=None)
    case_id = (await the_case(client, anna))["case_id"]
    response = await client.post(
        f"/api/v1/cases/{case_id}/commitment",
        json={"committed_on": today().isoformat()},
        headers=anna,
    )
    assert response.status_code == 422


async def test_electricity_debt_gets_its_own_three_weeks(client, register_landlord, staff):
    _, auth = await register_landlord()
    served = today() - timedelta(days=2)
    await submit(client, auth, kind="electricity_debt", served_at=served.isoformat())
    case = await the_case(client, staff("anna.caseworker"))
    expected = add_working_days(today() + timedelta(weeks=3), 0)
    assert case["disconnection_deadline"] == expected.isoformat()
    assert case["disconnection_status"] == "running"
    assert case["redemption_status"] == "not_applicable"
    assert "electricity_disconnection" in {d["name"] for d in case["deadlines"]}
    assert case["next_legal_deadline"]["name"] == "electricity_disconnection"
