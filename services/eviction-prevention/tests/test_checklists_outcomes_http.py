"""Issue #9, point 5: "not applicable" with a reason, undoing a wrong tick (recorded),
Kronofogden's fuller checklist, closing as evicted with "attend the eviction" open,
and `children_affected: 0` accepted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bostad_devkit.eviction_kit import open_case, today
from eviction_prevention.checklists.models import ChecklistItemChange

pytestmark = pytest.mark.integration


async def test_not_applicable_and_undo_are_recorded(
    client, register_landlord, system_session, staff
):
    case_id = await open_case(client, register_landlord, staff)
    anna = staff("anna.caseworker")
    base = f"/api/v1/cases/{case_id}/checklist"
    no_reason = await client.post(f"{base}/send_information_letter/not-applicable", json={},
                                  headers=anna)  # fmt: skip
    assert no_reason.status_code in (400, 422)
    na = await client.post(
        f"{base}/send_information_letter/not-applicable",
        json={"reason": "Hushållet nåddes per telefon samma dag."},
        headers=anna,
    )
    assert na.status_code == 200, na.text
    assert na.json()["not_applicable"] is True and na.json()["done"] is False
    tick = await client.post(f"{base}/send_information_letter/done", json={}, headers=anna)
    assert tick.status_code == 422  # settled already
    done = await client.post(f"{base}/contact_by_phone/done", json={}, headers=anna)
    assert done.status_code == 200
    undone = await client.post(
        f"{base}/contact_by_phone/undo", json={"reason": "Fel ärende bockades."}, headers=anna
    )
    assert undone.status_code == 200 and undone.json()["done"] is False
    nothing = await client.post(
        f"{base}/contact_by_phone/undo", json={"reason": "Igen."}, headers=anna
    )
    assert nothing.status_code == 422
    async with system_session() as session:
        changes = (
            await session.execute(
                select(ChecklistItemChange.code, ChecklistItemChange.action).order_by(
                    ChecklistItemChange.changed_at
                )
            )
        ).all()
    assert [tuple(c) for c in changes] == [
        ("send_information_letter", "not_applicable"),
        ("contact_by_phone", "done"),
        ("contact_by_phone", "undone"),
    ]


async def test_kronofogden_track_and_closing_as_evicted(client, register_landlord, staff):
    eviction = (today() + timedelta(days=10)).isoformat()
    case_id = await open_case(
        client, register_landlord, staff, kind="eviction_enforcement", debt=None,
        eviction_date=eviction, household={"children": 0},
    )  # fmt: skip
    anna, ulla = staff("anna.caseworker"), staff("ulla.manager")
    case = (await client.get(f"/api/v1/cases/{case_id}", headers=anna)).json()
    codes = {item["code"] for item in case["checklist"]}
    assert {"contact_by_phone", "assess_direct_support", "offer_three_party_meeting"} <= codes
    close = f"/api/v1/cases/{case_id}/close"
    refused = await client.post(
        close, json={"outcome": "evicted", "children_affected": 0}, headers=ulla
    )
    assert refused.status_code == 422
    assert "open_items_reason" in [e["field"] for e in refused.json()["errors"]]
    closed = await client.post(
        close,
        json={
            "outcome": "evicted",
            "children_affected": 0,
            "open_items_reason": "Förrättningen flyttades; ingen kunde närvara.",
        },
        headers=ulla,
    )
    assert closed.status_code == 200, closed.text


async def test_children_affected_zero_is_accepted_for_other_outcomes(
    client, register_landlord, staff
):
    case_id = await open_case(client, register_landlord, staff)
    response = await client.post(
        f"/api/v1/cases/{case_id}/close",
        json={
            "outcome": "moved_voluntarily",
            "closing_reason": "found_other_housing",
            "children_affected": 0,
        },
        headers=staff("ulla.manager"),
    )
    assert response.status_code == 200, response.text


async def test_interventions_offered_declined_started_ended_and_no_contact_decision(
    client, register_landlord, staff
):
    case_id = await open_case(client, register_landlord, staff)
    anna, ulla = staff("anna.caseworker"), staff("ulla.manager")
    base = f"/api/v1/cases/{case_id}"
    offered = await client.post(
        f"{base}/interventions", json={"kind": "budget_debt_counselling", "status": "offered"},
        headers=anna,
    )  # fmt: skip
    assert offered.status_code == 201 and offered.json()["status"] == "offered"
    declined = await client.post(
        f"{base}/interventions/{offered.json()['intervention_id']}/status",
        json={"status": "declined", "note": "Vill inte just nu."},
        headers=anna,
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    again = await client.post(
        f"{base}/interventions/{offered.json()['intervention_id']}/status",
        json={"status": "started"},
        headers=anna,
    )
    assert again.status_code == 422
    started = await client.post(
        f"{base}/interventions", json={"kind": "housing_support"}, headers=anna
    )
    ended = await client.post(
        f"{base}/interventions/{started.json()['intervention_id']}/status",
        json={"status": "ended"},
        headers=anna,
    )
    assert ended.status_code == 200
    statuses = [i["status"] for i in (await client.get(base, headers=anna)).json()["interventions"]]
    assert statuses == ["declined", "ended"]

    close = f"{base}/close"
    undecided = await client.post(
        close, json={"outcome": "no_contact", "closing_reason": "not_reached"}, headers=ulla
    )
    assert undecided.status_code == 422
    assert undecided.json()["errors"][0]["field"] == "no_contact_decision"
    opened = await client.post(close, json={"outcome": "investigation_opened"}, headers=ulla)
    assert opened.status_code == 200, opened.text
    assert opened.json()["outcome"] == "investigation_opened"
