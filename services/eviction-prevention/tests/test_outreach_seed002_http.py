"""Issue #9, point 4: outreach as seed 002 describes it — the booking's purpose and
safety facts, visits by the booked staff, both "abandoned" and "note left", a
visit recorded as a contact attempt, cancelled bookings, meetings with a place and
attendance, consent scopes, and no overdue alert for a closed case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bostad_devkit.eviction_kit import open_case, outbox_events
from eviction_prevention.cases.models import Case
from eviction_prevention.outreach.models import OutreachAssignment
from eviction_prevention.outreach.watchdog import check_once

pytestmark = pytest.mark.integration


async def book(client, base, anna, **extra) -> str:
    made = await client.post(
        f"{base}/outreach-assignments",
        json={"staff": ["stina.support", "kim.support"], **extra},
        headers=anna,
    )
    assert made.status_code == 201, made.text
    return made.json()["assignment_id"]


async def test_booking_visit_by_the_booked_staff_and_both_flags(client, register_landlord, staff):
    case_id = await open_case(client, register_landlord, staff)
    anna, stina = staff("anna.caseworker"), staff("stina.support")
    base = f"/api/v1/cases/{case_id}"
    assignment_id = await book(
        client,
        base,
        anna,
        purpose="eviction_prevention",
        safety={"animals": True, "violence_in_close_relationships": None, "children_in_home": True,
                "note": "Hund i lägenheten."},
    )  # fmt: skip
    visits = f"{base}/outreach-assignments/{assignment_id}/visits"
    both = {"staff": ["stina.support", "kim.support"]}
    # Someone not booked may not record the visit.
    not_booked = await client.post(visits, json={**both, "outcome": "met"}, headers=anna)
    assert not_booked.status_code == 403
    # A line-up other than the booked two must say why.
    other = await client.post(
        visits, json={"staff": ["stina.support", "pelle.support"], "outcome": "met"}, headers=stina
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "staff_change_reason"
    visit = await client.post(
        visits,
        json={**both, "outcome": "not_home", "note_left": True, "home_appears_abandoned": True},
        headers=stina,
    )
    assert visit.status_code == 201, visit.text
    case = (await client.get(base, headers=anna)).json()
    [assignment] = case["outreach"]["assignments"]
    assert assignment["purpose"] == "eviction_prevention"
    assert assignment["safety"]["animals"] is True and assignment["safety"]["children_in_home"]
    assert assignment["safety"]["substance_use"] is None
    [recorded] = case["outreach"]["visits"]
    assert recorded["note_left"] and recorded["home_appears_abandoned"]
    assert recorded["recorded_by"] == "stina.support"
    assert assignment["first_visit_at"] is not None


async def test_home_visit_contact_attempt_stops_the_clock_and_cancel_with_reason(
    client, register_landlord, system_session, staff
):
    case_id = await open_case(client, register_landlord, staff)
    anna = staff("anna.caseworker")
    base = f"/api/v1/cases/{case_id}"
    first = await book(client, base, anna)
    contact = await client.post(
        f"{base}/contact-attempts",
        json={"method": "home_visit", "result": "note_left"},
        headers=anna,
    )
    assert contact.status_code == 201
    second = await book(client, base, anna)
    no_reason = await client.post(
        f"{base}/outreach-assignments/{second}/cancel", json={}, headers=anna
    )
    assert no_reason.status_code in (400, 422)
    cancelled = await client.post(
        f"{base}/outreach-assignments/{second}/cancel",
        json={"reason": "Hyresgästen ringde och bokade tid själv."},
        headers=anna,
    )
    assert cancelled.status_code == 200, cancelled.text
    # Both past due: neither is overdue (one started by the visit, one cancelled).
    async with system_session() as session:
        for assignment_id in (first, second):
            assignment = await session.get(OutreachAssignment, assignment_id)
            assert assignment is not None
            assignment.due_at = datetime.now(UTC) - timedelta(hours=1)
    case = (await client.get(base, headers=anna)).json()
    assert [a["overdue"] for a in case["outreach"]["assignments"]] == [False, False]
    assert case["outreach"]["assignments"][1]["cancel_reason"].startswith("Hyresgästen")
    assert "outreach_visit" not in {d["name"] for d in case["deadlines"]}


async def test_no_overdue_alert_for_a_closed_case(
    client, register_landlord, system_session, local_ctx, staff
):
    case_id = await open_case(client, register_landlord, staff)
    anna = staff("anna.caseworker")
    assignment_id = await book(client, f"/api/v1/cases/{case_id}", anna)
    async with system_session() as session:
        assignment = await session.get(OutreachAssignment, assignment_id)
        case = await session.get(Case, case_id)
        assert assignment is not None and case is not None
        assignment.due_at = datetime.now(UTC) - timedelta(hours=1)
        case.status = "closed"
    assert await check_once(local_ctx) == 0
    assert await outbox_events(system_session, "OutreachOverdue") == []


async def test_meetings_place_participants_attendance_and_consent(
    client, register_landlord, system_session, staff
):
    case_id = await open_case(client, register_landlord, staff)
    anna = staff("anna.caseworker")
    base = f"/api/v1/cases/{case_id}"
    future = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    three_party = {
        "kind": "three_party_meeting",
        "scheduled_at": future,
        "place": "Hyresvärdens kontor",
        "participants": ["hyresgästen", "hyresvärden", "socialsekreterare"],
    }
    refused = await client.post(f"{base}/meetings", json=three_party, headers=anna)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "kind"
    past = await client.post(
        f"{base}/meetings",
        json={**three_party, "kind": "meeting",
              "scheduled_at": (datetime.now(UTC) - timedelta(days=1)).isoformat()},
        headers=anna,
    )  # fmt: skip
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "scheduled_at"
    scopes = [
        "landlord", "kronofogden", "financial_assistance", "psychiatry", "addiction_care",
        "guardian", "budget_and_debt_counselling", "electricity_supplier",
    ]  # fmt: skip
    consent = await client.post(f"{base}/consents", json={"scopes": scopes}, headers=anna)
    assert consent.status_code == 201, consent.text
    booked = await client.post(f"{base}/meetings", json=three_party, headers=anna)
    assert booked.status_code == 201, booked.text
    meeting_id = booked.json()["meeting_id"]
    early = await client.post(
        f"{base}/meetings/{meeting_id}/attendance", json={"attended": True}, headers=anna
    )
    assert early.status_code == 422  # it has not taken place yet
    from eviction_prevention.outreach.models import Meeting

    async with system_session() as session:
        meeting = await session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.scheduled_at = datetime.now(UTC) - timedelta(hours=1)
    came = await client.post(
        f"{base}/meetings/{meeting_id}/attendance", json={"attended": False}, headers=anna
    )
    assert came.status_code == 200, came.text
    [read] = (await client.get(base, headers=anna)).json()["outreach"]["meetings"]
    assert read["place"] == "Hyresvärdens kontor" and read["attended"] is False
    assert read["participants"] == ["hyresgästen", "hyresvärden", "socialsekreterare"]
