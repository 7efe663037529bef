"""Outreach, checklist, interventions, closing and statistics over HTTP."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bostad_common.auth.access_log import pseudonymise
from bostad_common.auth.actor import Actor
from bostad_common.auth.principal import SYSTEM
from bostad_common.personnummer import PersonalNumber
from bostad_devkit.eviction_kit import notice_body, outbox_events, staff_token
from eviction_prevention.demo import demo_personal_number
from eviction_prevention.notices import service as notices
from eviction_prevention.notices.models import Notice
from eviction_prevention.outreach.models import OutreachAssignment
from eviction_prevention.outreach.watchdog import check_once

pytestmark = pytest.mark.integration


async def open_case(client, register_landlord, system_session, **overrides) -> tuple[str, str]:
    _, auth = await register_landlord()
    response = await client.post("/api/v1/notices", json=notice_body(**overrides), headers=auth)
    assert response.status_code == 202, response.text
    notice_id = response.json()["notice_id"]
    async with system_session() as session:
        notice = await session.get(Notice, notice_id)
        assert notice is not None and notice.case_id
        return notice.case_id, notice_id


async def test_outreach_flow(client, register_landlord, system_session, staff, settings):
    case_id, _ = await open_case(client, register_landlord, system_session)
    anna, stina = staff("anna.caseworker"), staff("stina.support")
    base = f"/api/v1/cases/{case_id}"

    phone = await client.post(
        f"{base}/contact-attempts", json={"method": "phone", "result": "not_reached"}, headers=anna
    )
    assert phone.status_code == 201, phone.text
    bad = await client.post(
        f"{base}/contact-attempts", json={"method": "phone", "result": "letter_sent"}, headers=anna
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "result"

    one = await client.post(
        f"{base}/outreach-assignments", json={"staff": ["stina.support"]}, headers=anna
    )
    assert one.status_code == 422 and one.json()["errors"][0]["field"] == "staff"
    same = await client.post(
        f"{base}/outreach-assignments", json={"staff": ["stina.support"] * 2}, headers=anna
    )
    assert same.status_code == 422
    assigned = await client.post(
        f"{base}/outreach-assignments",
        json={"staff": ["stina.support", "kim.support"]},
        headers=anna,
    )
    assert assigned.status_code == 201, assigned.text
    assignment = assigned.json()
    due = datetime.fromisoformat(assignment["due_at"])
    assert due - datetime.fromisoformat(assignment["assigned_at"]) == timedelta(hours=48)
    [event] = await outbox_events(system_session, "OutreachAssigned")
    assert event["data"]["staff"] == ["stina.support", "kim.support"]
    assert event["subject"] == case_id

    visits = f"{base}/outreach-assignments/{assignment['assignment_id']}/visits"
    first = await client.post(
        visits,
        json={
            "staff": ["stina.support", "kim.support"],
            "outcome": "not_home_note_left",
            "note": "Lapp i brevlådan; namnskylt finns.",
        },
        headers=stina,
    )
    assert first.status_code == 201, first.text
    # Changed by issue #9: a visit by other than the two booked staff says why.
    repeat = await client.post(
        visits,
        json={
            "staff": ["stina.support"],
            "outcome": "met",
            "staff_change_reason": "Återbesök; Kim sjuk.",
        },
        headers=stina,
    )
    assert repeat.status_code == 201
    wrong = await client.post(visits, json={"staff": ["x"], "outcome": "gone"}, headers=stina)
    assert wrong.status_code == 422

    # Changed by issue #9: a meeting has a place, and a three-party meeting needs
    # the consent to contact the landlord first.
    consent = await client.post(
        f"{base}/consents", json={"scopes": ["landlord", "financial_assistance"]}, headers=anna
    )
    assert consent.status_code == 201
    meeting = await client.post(
        f"{base}/meetings",
        json={
            "kind": "three_party_meeting",
            "scheduled_at": "2030-01-10T10:00:00+01:00",
            "place": "Bromma stadsdelsförvaltning",
        },
        headers=anna,
    )
    assert meeting.status_code == 201
    bad_scope = await client.post(f"{base}/consents", json={"scopes": ["police"]}, headers=anna)
    assert bad_scope.status_code == 422
    withdrawn = await client.post(
        f"{base}/consents/{consent.json()['consent_id']}/withdraw", headers=anna
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]

    no_visit_time = await client.post(
        f"{base}/letters", json={"letter": "home_visit_letter"}, headers=anna
    )
    assert no_visit_time.status_code == 422
    for letter in ("information_letter", "consent_form"):
        sent = await client.post(f"{base}/letters", json={"letter": letter}, headers=anna)
        assert sent.status_code == 201
    visit_letter = await client.post(
        f"{base}/letters",
        json={"letter": "home_visit_letter", "visit_at": "2030-01-09T13:00:00+01:00"},
        headers=anna,
    )
    assert visit_letter.status_code == 201
    letters = await outbox_events(system_session, "LetterRequested")
    assert [e["data"]["letter"] for e in letters] == [
        "information_letter",
        "consent_form",
        "home_visit_letter",
    ]
    assert letters[0]["data"]["recipient"]["street"] == "Exempelgatan 1"
    assert all("19121212" not in str(e) for e in letters)
    # The addressee's pseudonym travels with the letter, for notifications' access log.
    expected_ref = pseudonymise(
        PersonalNumber.parse("19121212-1212").canonical, settings.pseudonym_key
    )
    assert {e["data"]["person_ref"] for e in letters} == {expected_ref}

    case = (await client.get(base, headers=stina)).json()
    outreach = case["outreach"]
    assert [a["result"] for a in outreach["contact_attempts"]] == ["not_reached"]
    [a] = outreach["assignments"]
    assert a["started_within_48h"] is True and a["overdue"] is False
    assert [v["outcome"] for v in outreach["visits"]] == ["not_home_note_left", "met"]
    assert outreach["meetings"][0]["kind"] == "three_party_meeting"
    assert outreach["consents"][0]["withdrawn_at"] is not None
    assert len(outreach["letters"]) == 3

    # Housing support records outreach but may not close cases or plan interventions.
    closing = await client.post(
        f"{base}/close",
        json={"outcome": "no_contact", "closing_reason": "not_reached"},
        headers=stina,
    )
    assert closing.status_code == 403


async def test_overdue_outreach_is_flagged_once(
    client, register_landlord, system_session, staff, local_ctx
):
    case_id, _ = await open_case(client, register_landlord, system_session)
    # A second household's case that nobody owns yet.
    unowned_id, _ = await open_case(
        client,
        register_landlord,
        system_session,
        external_id="HSB-2026-000124",
        tenant={"personal_number": "19850412-2386", "name": "Berit Exempel"},
    )
    anna = staff("anna.caseworker")
    owner = await client.put(
        f"/api/v1/cases/{case_id}/responsible-caseworker",
        json={"caseworker": "anna.caseworker"},
        headers=staff("ulla.manager"),
    )
    assert owner.status_code == 200, owner.text
    made = {}
    for case in (case_id, unowned_id):
        response = await client.post(
            f"/api/v1/cases/{case}/outreach-assignments",
            json={"staff": ["stina.support", "kim.support"]},
            headers=anna,
        )
        assert response.status_code == 201, response.text
        made[case] = response.json()["assignment_id"]
    assert await check_once(local_ctx) == 0  # not due yet
    async with system_session() as session:
        await session.execute(
            update(OutreachAssignment)
            .where(OutreachAssignment.id.in_(made.values()))
            .values(due_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    assert await check_once(local_ctx) == 2
    assert await check_once(local_ctx) == 0  # once per assignment
    events = {
        e["data"]["case_id"]: e["data"]
        for e in await outbox_events(system_session, "OutreachOverdue")
    }
    assert set(events) == {case_id, unowned_id}
    assert events[case_id]["assignment_id"] == made[case_id]
    # The case's own caseworker travels with the alert; an unowned case's alert has no
    # owner (left off the wire: notifications tells the district's caseworkers).
    assert events[case_id]["responsible_caseworker"] == "anna.caseworker"
    assert "responsible_caseworker" not in events[unowned_id]
    worklist = (await client.get("/api/v1/cases/worklist", headers=anna)).json()
    assert all(c["overdue"]["outreach_visit"] is True for c in worklist)


async def test_checklist_and_closing(client, register_landlord, system_session, staff):
    case_id, _ = await open_case(client, register_landlord, system_session)
    anna, ulla = staff("anna.caseworker"), staff("ulla.manager")
    base = f"/api/v1/cases/{case_id}"

    done = await client.post(
        f"{base}/checklist/contact_by_phone/done", json={"note": "Nådde hyresgästen."}, headers=anna
    )
    assert done.status_code == 200, done.text
    assert done.json()["done"] is True and done.json()["done_by"] == "anna.caseworker"
    again = await client.post(f"{base}/checklist/contact_by_phone/done", json={}, headers=anna)
    assert again.status_code == 422
    unknown = await client.post(f"{base}/checklist/no_such_item/done", json={}, headers=anna)
    assert unknown.status_code == 404

    intervention = await client.post(
        f"{base}/interventions", json={"kind": "payment_plan"}, headers=anna
    )
    assert intervention.status_code == 201
    bad = await client.post(f"{base}/interventions", json={"kind": "magic"}, headers=anna)
    assert bad.status_code == 422

    no_reason = await client.post(
        f"{base}/close",
        json={"outcome": "prevented", "closing_reason": "payment_plan"},
        headers=ulla,
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "open_items_reason"
    wrong_code = await client.post(
        f"{base}/close",
        json={"outcome": "prevented", "closing_reason": "evicted", "open_items_reason": "x"},
        headers=ulla,
    )
    assert wrong_code.status_code == 422
    closed = await client.post(
        f"{base}/close",
        json={
            "outcome": "prevented",
            "closing_reason": "payment_plan",
            "open_items_reason": "Skulden betald enligt plan; övriga punkter behövs ej.",
        },
        headers=ulla,
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["status"] == "closed"
    [event] = await outbox_events(system_session, "CaseClosed")
    assert event["data"] == {
        "case_id": case_id,
        "district": "bromma",
        "outcome": "prevented",
        "closing_reason": "payment_plan",
        "children_affected": None,
        "caused_by": "ulla.manager",  # notifications does not tell her of her own closing
    }
    twice = await client.post(
        f"{base}/close",
        json={"outcome": "no_contact", "closing_reason": "not_reached"},
        headers=ulla,
    )
    assert twice.status_code == 409
    late = await client.post(
        f"{base}/contact-attempts", json={"method": "phone", "result": "reached"}, headers=anna
    )
    assert late.status_code == 409
    case = (await client.get(base, headers=anna)).json()
    assert case["status"] == "closed" and case["outcome"]["closing_reason"] == "payment_plan"
    assert [i["kind"] for i in case["interventions"]] == ["payment_plan"]


async def test_evicted_needs_children_affected_and_landlord_sees_closed(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord()
    response = await client.post("/api/v1/notices", json=notice_body(), headers=auth)
    notice_id = response.json()["notice_id"]
    async with system_session() as session:
        case_id = (await session.get(Notice, notice_id)).case_id  # type: ignore[union-attr]
    ulla = staff("ulla.manager")
    missing = await client.post(
        f"/api/v1/cases/{case_id}/close",
        json={"outcome": "evicted", "open_items_reason": "Avhysning verkställd."},
        headers=ulla,
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "children_affected"
    closed = await client.post(
        f"/api/v1/cases/{case_id}/close",
        json={"outcome": "evicted", "children_affected": 2},
        headers=ulla,
    )
    assert closed.status_code == 200, closed.text
    status = (await client.get(f"/api/v1/notices/{notice_id}", headers=auth)).json()
    assert status["status"] == "closed"
    assert set(status) == {"notice_id", "external_id", "status"}  # nothing about the case


async def test_statistics_reproduce_seed_001_and_outcomes(
    client, register_landlord, system_session, staff, settings
):
    """Seed 001, table 1: 81/105/197 notices in 2005-2007, of which 28/31/135 rent debt."""
    seed = {2005: (81, 28), 2006: (105, 31), 2007: (197, 135)}
    actor = Actor(SYSTEM, settings.pseudonym_key)
    serial = 0
    async with system_session() as session:
        for year, (total, rent) in seed.items():
            for i in range(total):
                serial += 1
                kind = "unpaid_rent" if i < rent else ("disturbance", "unauthorised_sublet")[i % 2]
                await notices.submit_notice(
                    session,
                    actor,
                    notices.IncomingNotice(
                        landlord_id="seed-001",
                        external_id=f"{year}-{i}",
                        district="hasselby_vallingby",
                        kind=kind,
                        channel="http",
                        personal_number=demo_personal_number("19700101", f"{serial % 1000:03d}"),
                        tenant_name="Historisk",
                        tenant_phone=None,
                        street="Gata 1",
                        postal_code="16200",
                        city="Vällingby",
                        apartment_number=None,
                        children=0,
                        debt_ore=100_00 if kind == "unpaid_rent" else None,
                        debt_months_unpaid=None,
                        served_at=None,
                        eviction_date=None,
                        message=None,
                    ),
                    now=datetime(year, 6, 1, 12, tzinfo=UTC),
                )
    # The Hässelby-Vällingby statistics need someone working there: use a unit manager
    # of bromma for the permission check of another district → 403.
    ulla = staff("ulla.manager")
    forbidden = await client.get(
        "/api/v1/statistics", params={"district": "hasselby_vallingby", "year": 2005}, headers=ulla
    )
    assert forbidden.status_code == 403
    vera = {
        "Authorization": "Bearer "
        + staff_token(settings, "vera.v", ["unit_manager"], ["hasselby_vallingby"])
    }
    response = await client.get(
        "/api/v1/statistics",
        params={"district": "hasselby_vallingby", "year": 2005, "to_year": 2007},
        headers=vera,
    )
    assert response.status_code == 200, response.text
    rows = response.json()["rows"]
    assert [(r["year"], r["notices_total"], r["notices_by_kind"]["unpaid_rent"]) for r in rows] == [
        (2005, 81, 28),
        (2006, 105, 31),
        (2007, 197, 135),
    ]
    csv_response = await client.get(
        "/api/v1/statistics.csv",
        params={"district": "hasselby_vallingby", "year": 2005, "to_year": 2007},
        headers=vera,
    )
    assert csv_response.status_code == 200
    # One charset parameter, not two (issue #8).
    assert csv_response.headers["content-type"] == "text/csv; charset=utf-8"
    table = list(csv.DictReader(io.StringIO(csv_response.text)))
    assert [(r["year"], r["notices_total"], r["notices_unpaid_rent"]) for r in table] == [
        ("2005", "81", "28"),
        ("2006", "105", "31"),
        ("2007", "197", "135"),
    ]
    same = await client.get(
        "/api/v1/statistics",
        params={"district": "hasselby_vallingby", "year": 2006, "format": "csv"},
        headers=vera,
    )
    assert same.text.splitlines()[1].startswith("hasselby_vallingby,2006,105,")

    # Current-year outcomes and outreach in bromma.
    case_id, _ = await open_case(client, register_landlord, system_session, external_id="NOW-1")
    anna = staff("anna.caseworker")
    made = await client.post(
        f"/api/v1/cases/{case_id}/outreach-assignments",
        json={"staff": ["stina.support", "kim.support"]},
        headers=anna,
    )
    await client.post(
        f"/api/v1/cases/{case_id}/outreach-assignments/{made.json()['assignment_id']}/visits",
        json={"staff": ["stina.support", "kim.support"], "outcome": "met"},
        headers=staff("stina.support"),
    )
    await client.post(
        f"/api/v1/cases/{case_id}/close",
        json={"outcome": "evicted", "children_affected": 2},
        headers=ulla,
    )
    year = datetime.now(UTC).year
    now_stats = (
        await client.get(
            "/api/v1/statistics", params={"district": "bromma", "year": year}, headers=ulla
        )
    ).json()["rows"][0]
    assert now_stats["notices_total"] == 1
    assert now_stats["outreach_assignments"] == 1
    assert now_stats["outreach_started_within_48h"] == 1
    assert now_stats["outreach_share_within_48h"] == 1.0
    assert now_stats["evictions_carried_out"] == 1 and now_stats["children_affected"] == 2
    assert now_stats["prevented"] == 0
    # Caseworkers do not read statistics.
    denied = await client.get(
        "/api/v1/statistics", params={"district": "bromma", "year": year}, headers=anna
    )
    assert denied.status_code == 403


async def test_a_missing_or_malformed_query_parameter_is_named(client, staff):
    """Not "the body is not valid JSON": the answer names the parameter."""
    ulla = staff("ulla.manager")
    missing = await client.get("/api/v1/statistics", params={"district": "bromma"}, headers=ulla)
    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {"field": "year", "message": "required query parameter is missing"}
    ]
    malformed = await client.get(
        "/api/v1/statistics", params={"district": "bromma", "year": "last"}, headers=ulla
    )
    assert malformed.status_code == 422
    assert [e["field"] for e in malformed.json()["errors"]] == ["year"]
    worklist = await client.get("/api/v1/cases/worklist", params={"limit": 0}, headers=ulla)
    assert worklist.status_code == 422
    assert [e["field"] for e in worklist.json()["errors"]] == ["limit"]


async def test_an_unknown_query_parameter_is_named_not_ignored(client, staff):
    """A misspelt filter would otherwise give an unfiltered list (issue #9, point 7)."""
    ulla = staff("ulla.manager")
    misspelt = await client.get(
        "/api/v1/cases", params={"distrct": "bromma", "status": "open"}, headers=ulla
    )
    assert misspelt.status_code == 422
    assert misspelt.json()["errors"] == [{"field": "distrct", "message": "unknown query parameter"}]
    known = await client.get("/api/v1/cases", params={"status": "open"}, headers=ulla)
    assert known.status_code == 200, known.text
