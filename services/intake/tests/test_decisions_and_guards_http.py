"""Rejection and appeal, the status machine's 409s, who may sign and decide,
district isolation, the journal and the access log."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from bostad_common.auth.access_log import AccessLogEntry, pseudonymise
from bostad_devkit.intake_kit import (
    API,
    TEN_ANSWERS,
    certificate,
    outbox_events,
    registration,
    today,
    walk_client_path_to_decision,
)

pytestmark = pytest.mark.integration


async def test_rejection_with_appeal_overturned_then_granted(client, staff, system_session) -> None:  # type: ignore[no-untyped-def]
    app_id = await walk_client_path_to_decision(client, staff)
    base = f"{API}/{app_id}"
    no_reasons = await client.post(
        f"{base}/decision",
        json={"outcome": "rejected", "reasons": "  "},
        headers=staff("ulla.manager"),
    )
    assert no_reasons.status_code == 422
    assert no_reasons.json()["errors"][0]["field"] == "reasons"
    assert await outbox_events(system_session, "HousingDecisionRejected") == []

    rejected = await client.post(
        f"{base}/decision",
        json={"outcome": "rejected", "reasons": "Behovet kan lösas genom andrahandsuthyrning."},
        headers=staff("ulla.manager"),
    )
    assert rejected.status_code == 201, rejected.text
    letter = rejected.json()["letter_sv"]
    assert "andrahandsuthyrning" in letter and "tre veckor" in letter
    assert "laglighetsprövning" in letter  # bromma's social contract is not bistånd
    [event] = await outbox_events(system_session, "HousingDecisionRejected")
    assert event["data"]["decision_id"] == rejected.json()["decision_id"]

    appeal = await client.post(
        f"{base}/decision/appeals",
        json={"received_on": today().isoformat()},
        headers=staff("ulla.manager"),
    )
    assert appeal.status_code == 201, appeal.text
    again = await client.post(
        f"{base}/decision/appeals",
        json={"received_on": today().isoformat()},
        headers=staff("ulla.manager"),
    )
    assert again.status_code == 409
    outcome = await client.post(
        f"{base}/decision/appeals/{appeal.json()['appeal_id']}/outcome",
        json={"outcome": "overturned", "outcome_on": today().isoformat(), "note": "Bifall."},
        headers=staff("ulla.manager"),
    )
    assert outcome.status_code == 200 and outcome.json()["outcome"] == "overturned"
    detail = (await client.get(base, headers=staff("ulla.manager"))).json()
    assert detail["status"] == "ready_for_decision"
    assert detail["decision"]["appeals"][0]["outcome"] == "overturned"
    granted = await client.post(
        f"{base}/decision",
        json={"outcome": "granted", "reasons": "Förvaltningsrättens dom."},
        headers=staff("ulla.manager"),
    )
    assert granted.status_code == 201
    assert len(await outbox_events(system_session, "HousingDecisionGranted")) == 1


async def test_actions_in_the_wrong_state_answer_409_naming_the_state(client, staff) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    base = f"{API}/{created.json()['application_id']}"
    approve = await client.post(
        f"{base}/investigation/approve", json={}, headers=staff("cecilia.coordinator")
    )
    assert approve.status_code == 409
    assert "awaiting_coordinator" in approve.json()["detail"]
    assert "registered" in approve.json()["detail"]
    decide = await client.post(
        f"{base}/decision",
        json={"outcome": "granted", "reasons": "x"},
        headers=staff("ulla.manager"),
    )
    assert decide.status_code == 409 and "ready_for_decision" in decide.json()["detail"]
    meeting = await client.post(
        f"{base}/meetings",
        json={"scheduled_at": "2030-01-01T10:00:00+01:00"},
        headers=staff("hugo.housing"),
    )
    assert meeting.status_code == 409 and "with_housing_officer" in meeting.json()["detail"]
    end = await client.post(
        f"{base}/decision/end", json={"reason": "withdrawn"}, headers=staff("anna.caseworker")
    )
    assert end.status_code == 409 and "granted" in end.json()["detail"]


async def test_investigation_with_points_missing_is_refused(client, staff, system_session) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    base = f"{API}/{created.json()['application_id']}"
    partial = {k: v for k, v in TEN_ANSWERS.items() if k not in ("debts", "other_ways")}
    partial["means_of_support"] = "   "
    response = await client.post(
        f"{base}/investigation", json={"answers": partial}, headers=staff("anna.caseworker")
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"answers.debts", "answers.other_ways", "answers.means_of_support"}
    detail = (await client.get(base, headers=staff("anna.caseworker"))).json()
    assert detail["status"] == "registered" and detail["investigation"] is None


async def test_only_a_coordinator_of_the_district_signs(client, staff, staff_token) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    base = f"{API}/{created.json()['application_id']}"
    await client.post(f"{base}/certificates", json=certificate(), headers=staff("anna.caseworker"))
    await client.post(
        f"{base}/investigation", json={"answers": TEN_ANSWERS}, headers=staff("anna.caseworker")
    )
    caseworker = await client.post(
        f"{base}/investigation/approve", json={}, headers=staff("anna.caseworker")
    )
    assert caseworker.status_code == 403
    other_district = await client.post(
        f"{base}/investigation/approve", json={}, headers=staff("sara.skarholmen.coordinator")
    )
    assert other_district.status_code == 404  # invisible, not forbidden
    returned = await client.post(
        f"{base}/investigation/return",
        json={"note": "Punkten om skulder behöver utvecklas."},
        headers=staff("cecilia.coordinator"),
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    resubmitted = await client.post(
        f"{base}/investigation", json={"answers": TEN_ANSWERS}, headers=staff("anna.caseworker")
    )
    assert resubmitted.json()["earlier_versions"] == 1


async def test_only_the_configured_deciding_role_decides(client, staff) -> None:  # type: ignore[no-untyped-def]
    app_id = await walk_client_path_to_decision(client, staff)
    for user in ("hugo.housing", "cecilia.coordinator", "anna.caseworker"):
        response = await client.post(
            f"{API}/{app_id}/decision",
            json={"outcome": "granted", "reasons": "x"},
            headers=staff(user),
        )
        assert response.status_code == 403, user
    other = await client.post(
        f"{API}/{app_id}/decision",
        json={"outcome": "granted", "reasons": "x"},
        headers=staff("maja.skarholmen.manager"),
    )
    assert other.status_code == 404


async def test_lobbying_only_with_recorded_consent(client, staff) -> None:  # type: ignore[no-untyped-def]
    app_id = await walk_client_path_to_decision(client, staff)
    base = f"{API}/{app_id}"
    refused = await client.put(
        f"{base}/lobbying", json={"allowed": True}, headers=staff("hugo.housing")
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "consent_given_at"
    allowed = await client.put(
        f"{base}/lobbying",
        json={"allowed": True, "consent_given_at": "2026-01-05T10:00:00+01:00"},
        headers=staff("hugo.housing"),
    )
    assert allowed.status_code == 200
    assert allowed.json()["lobbying_allowed"] is True
    assert allowed.json()["lobbying_consent_recorded_by"] == "hugo.housing"


async def test_a_bromma_user_cannot_see_a_skarholmen_application(client, staff) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(
        API, json=registration(district="skarholmen"), headers=staff("sven.skarholmen")
    )
    assert created.status_code == 201, created.text
    app_id = created.json()["application_id"]
    for path in ("", "/criteria", "/journal"):
        response = await client.get(f"{API}/{app_id}{path}", headers=staff("anna.caseworker"))
        assert response.status_code == 404, path
    listed = await client.get(API, headers=staff("anna.caseworker"))
    assert listed.json()["total"] == 0
    both = await client.get(API, headers=staff("eva.two.districts"))
    assert both.json()["total"] == 1


async def test_journal_is_append_only_and_corrections_point_back(
    client, staff, system_session
) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    base = f"{API}/{created.json()['application_id']}"
    first = await client.post(
        f"{base}/journal",
        json={"text": "Samtal med sökande 12/3."},
        headers=staff("anna.caseworker"),
    )
    assert first.status_code == 201
    entry_id = first.json()["entry_id"]
    correction = await client.post(
        f"{base}/journal",
        json={"text": "Rättelse: samtalet var 13/3.", "corrects_entry_id": entry_id},
        headers=staff("anna.caseworker"),
    )
    assert correction.status_code == 201
    unknown = await client.post(
        f"{base}/journal",
        json={"text": "x", "corrects_entry_id": "nope"},
        headers=staff("anna.caseworker"),
    )
    assert (
        unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "corrects_entry_id"
    )
    page = (await client.get(f"{base}/journal", headers=staff("hugo.housing"))).json()
    assert page["total"] == 2
    assert page["items"][0]["corrected_by"] == [correction.json()["entry_id"]]
    assert page["items"][1]["corrects_entry_id"] == entry_id
    with pytest.raises(Exception, match="append-only"):
        async with system_session() as session:
            await session.execute(text("UPDATE application_journal_entries SET text = 'ändrad'"))


async def test_reads_and_changes_are_in_the_access_log(
    client, staff, system_session, settings
) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    app_id = created.json()["application_id"]
    await client.get(f"{API}/{app_id}", headers=staff("hugo.housing"))
    await client.get(API, headers=staff("cecilia.coordinator"))
    async with system_session() as session:
        rows = (
            (await session.execute(select(AccessLogEntry).order_by(AccessLogEntry.seq)))
            .scalars()
            .all()
        )
    ref = pseudonymise("19121212-1212", settings.pseudonym_key)
    mine = [(r.actor, r.action) for r in rows if r.resource == f"application:{app_id}"]
    assert mine == [
        ("anna.caseworker", "create"),
        ("hugo.housing", "read"),
        ("cecilia.coordinator", "read"),
    ]
    assert all(r.person_ref == ref for r in rows if r.resource == f"application:{app_id}")
    assert all("19121212" not in (r.person_ref or "") for r in rows)
