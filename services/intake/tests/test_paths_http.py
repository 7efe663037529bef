"""Seed 000's two paths, start to decision, over HTTP against a real database.

Client: certificate + investigation (ten points) → coordinator signs → housing
officer meets, may ask for more, judges → decision. Non-client: certificate
only → housing officer → decision. What reaches Kafka is read from the outbox
here; test_events_on_broker.py sees it arrive on the real broker.
"""

from __future__ import annotations

import pytest

from bostad_devkit.intake_kit import (
    API,
    TEN_ANSWERS,
    certificate,
    housing_officer_step,
    non_client_registration,
    outbox_events,
    walk_client_path_to_decision,
)

pytestmark = pytest.mark.integration


async def test_client_path_to_granted_social_contract(client, staff, system_session) -> None:  # type: ignore[no-untyped-def]
    app_id = await walk_client_path_to_decision(client, staff)
    [approved] = await outbox_events(system_session, "InvestigationApproved")
    assert approved["data"]["approved_by"] == "cecilia.coordinator"
    assert approved["data"]["housing_officer"] is None  # nobody had taken it yet

    decided = await client.post(
        f"{API}/{app_id}/decision",
        json={
            "outcome": "granted",
            "reasons": "Behovet är styrkt och kan inte lösas på annat sätt.",
        },
        headers=staff("ulla.manager"),
    )
    assert decided.status_code == 201, decided.text
    decision = decided.json()
    # Bromma follows seed 000 for social contracts: not a biståndsbeslut.
    assert decision["is_bistandsbeslut"] is False
    assert "ingen verklig kö" in decision["letter_sv"]
    assert decision["legal_reference"].startswith("Stadsdelsnämndens riktlinjer")

    [granted] = await outbox_events(system_session, "HousingDecisionGranted")
    data = granted["data"]
    assert data["decision_id"] == decision["decision_id"]
    assert data["is_bistandsbeslut"] is False and data["includes_housing_support"] is False
    needs = data["needs"]
    assert needs["household_size"] == 3 and needs["adults"] == 1
    assert needs["children_birth_dates"] == ["2019-05-04", "2022-01-20"]
    assert needs["emergency_cost_per_night_ore"] == 95000
    assert needs["investments_ore"] == 1500000
    assert needs["area_wishes"] == [{"area": "Bromma", "reason": "Barnens skola"}]
    assert needs["accessibility_needs"] == ["lift"]
    assert needs["applicant_birth_date"] == "1912-12-12"
    assert needs["applicant_legal_sex"] == "male"
    assert "19121212-1212" not in str(needs)
    assert data["lease_party"]["personal_number"] == "19121212-1212"

    detail = (await client.get(f"{API}/{app_id}", headers=staff("hugo.housing"))).json()
    assert detail["status"] == "granted"
    assert detail["housing_officer"] == "hugo.housing"
    assert detail["investigation"]["signed_by"] == "cecilia.coordinator"
    assert [m["status"] for m in detail["meetings"]] == ["held"]
    assert detail["information_requests"][0]["received_at"] is not None


async def test_non_client_path_to_granted_training_apartment(client, staff, system_session) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(
        API, json=non_client_registration(), headers=staff("anna.caseworker")
    )
    assert created.status_code == 201, created.text
    assert created.json()["path"] == "certificate_only"
    base = f"{API}/{created.json()['application_id']}"
    # No certificate yet: it cannot go on.
    early = await client.post(f"{base}/send-to-housing-officer", headers=staff("anna.caseworker"))
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "certificates"
    # No investigation on this path.
    no_inv = await client.post(
        f"{base}/investigation", json={"answers": TEN_ANSWERS}, headers=staff("anna.caseworker")
    )
    assert no_inv.status_code == 409
    cert = await client.post(
        f"{base}/certificates",
        json=certificate(issuer_role="doctor", attests="Medicinska skäl."),
        headers=staff("anna.caseworker"),
    )
    assert cert.json()["grounds"] == "medical"
    sent = await client.post(f"{base}/send-to-housing-officer", headers=staff("anna.caseworker"))
    assert sent.status_code == 200 and sent.json()["status"] == "with_housing_officer"
    await housing_officer_step(client, staff, base, "hugo.housing")

    # Seed 002: a training apartment is granted as a package with an individual plan.
    no_plan = await client.post(
        f"{base}/decision",
        json={"outcome": "granted", "reasons": "Behovet är styrkt."},
        headers=staff("ulla.manager"),
    )
    assert no_plan.status_code == 422
    assert no_plan.json()["errors"][0]["field"] == "individual_plan_goal"
    decided = await client.post(
        f"{base}/decision",
        json={
            "outcome": "granted",
            "reasons": "Behovet är styrkt.",
            "individual_plan_goal": "Eget förstahandskontrakt inom tre år.",
        },
        headers=staff("ulla.manager"),
    )
    assert decided.status_code == 201, decided.text
    decision = decided.json()
    assert decision["is_bistandsbeslut"] is True
    assert decision["includes_housing_support"] is True
    assert "socialtjänstlagen (2025:400)" in decision["legal_reference"]
    assert "boendestöd" in decision["letter_sv"]
    [granted] = await outbox_events(system_session, "HousingDecisionGranted")
    assert granted["data"]["is_bistandsbeslut"] is True
    assert granted["data"]["includes_housing_support"] is True
    assert granted["data"]["needs"]["household_size"] == 1
    assert granted["data"]["needs"]["applicant_legal_sex"] == "female"

    ended = await client.post(
        f"{base}/decision/end", json={"reason": "moved_away"}, headers=staff("anna.caseworker")
    )
    assert ended.status_code == 200, ended.text
    [end] = await outbox_events(system_session, "DecisionEnded")
    assert end["data"]["decision_id"] == decision["decision_id"]
    assert end["data"]["reason"] == "moved_away"


async def test_criteria_check_explains_each_criterion(client, staff) -> None:  # type: ignore[no-untyped-def]
    created = await client.post(
        API,
        json=non_client_registration(
            household={"registered_in_municipality": None}, other_ways_ruled_out=None
        ),
        headers=staff("anna.caseworker"),
    )
    base = f"{API}/{created.json()['application_id']}"
    first = (await client.get(f"{base}/criteria", headers=staff("hugo.housing"))).json()
    verdicts = {c["code"]: c["verdict"] for c in first["criteria"]}
    assert verdicts == {
        "registered_in_municipality": "unknown",
        "social_or_medical_reasons": "unknown",
        "lss_adapted_housing": "not_met",
    }
    assert first["verdict"] == "unknown"
    assert all(c["why"] for c in first["criteria"])
