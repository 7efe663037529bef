"""Issue #9, point 3: a later notice never overwrites the case's person; the
difference is shown for the caseworker to decide; corrections say who and why;
reason codes accumulate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bostad_devkit.eviction_kit import notice_body, outbox_events, today

pytestmark = pytest.mark.integration


async def submit(client, auth, **overrides) -> str:
    response = await client.post("/api/v1/notices", json=notice_body(**overrides), headers=auth)
    assert response.status_code == 202, response.text
    return response.json()["notice_id"]


async def the_case_id(client, headers) -> str:
    [entry] = (await client.get("/api/v1/cases/worklist", headers=headers)).json()
    return entry["case_id"]


LANDLORD_ADDRESS = {"street": "Hyresvärdsvägen 9", "postal_code": "11122", "city": "Stockholm"}


async def test_a_second_notice_with_another_name_does_not_overwrite_the_person(
    client, register_landlord, system_session, staff
):
    _, honest = await register_landlord("HSB Test")
    _, other = await register_landlord("Annan Värd")
    anna = staff("anna.caseworker")
    await submit(client, honest, external_id="FIRST")
    case_id = await the_case_id(client, anna)
    second = await submit(
        client,
        other,
        external_id="SECOND",
        tenant={"personal_number": "19121212-1212", "name": "Någon Annan", "phone": "+4687777"},
        address=LANDLORD_ADDRESS,
    )
    case = (await client.get(f"/api/v1/cases/{case_id}", headers=anna)).json()
    assert case["tenant"]["name"] == "Tolvan Tolvansson"
    assert case["tenant"]["phone"] == "+46701234567"
    assert case["address"]["street"] == "Exempelgatan 1"
    # The notice keeps what its sender wrote.
    assert case["notices"][1]["tenant"]["name"] == "Någon Annan"
    assert case["notices"][1]["address"]["street"] == "Hyresvärdsvägen 9"
    # The difference is shown for the caseworker.
    [difference] = case["person_differences"]
    assert difference["notice_id"] == second
    fields = {d["field"]: d for d in difference["differences"]}
    assert fields["tenant_name"]["case_value"] == "Tolvan Tolvansson"
    assert fields["tenant_name"]["notice_value"] == "Någon Annan"
    assert {"street", "postal_code", "city", "tenant_phone", "apartment_number"} <= set(fields)

    # A letter goes to the case's address, not the landlord's.
    letter = await client.post(
        f"/api/v1/cases/{case_id}/letters", json={"letter": "information_letter"}, headers=anna
    )
    assert letter.status_code == 201, letter.text
    [requested] = await outbox_events(system_session, "LetterRequested")
    assert requested["data"]["recipient"]["name"] == "Tolvan Tolvansson"
    assert requested["data"]["recipient"]["street"] == "Exempelgatan 1"

    # Keeping the case's data closes the difference, with who and why.
    kept = await client.post(
        f"/api/v1/cases/{case_id}/person/keep-case-data",
        json={"notice_id": second, "reason": "Fel person enligt folkbokföringen."},
        headers=anna,
    )
    assert kept.status_code == 201, kept.text
    person = (await client.get(f"/api/v1/cases/{case_id}/person", headers=anna)).json()
    assert person["differences"] == []
    [entry] = person["history"]
    assert entry["decision"] == "kept_case_data" and entry["recorded_by"] == "anna.caseworker"
    assert entry["after"]["tenant_name"] == "Tolvan Tolvansson"
    # Deciding twice on the same notice is refused.
    again = await client.post(
        f"/api/v1/cases/{case_id}/person/accept-notice",
        json={"notice_id": second, "reason": "Ändrade mig."},
        headers=anna,
    )
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "notice_id"


async def test_caseworker_accepts_a_notice_address_and_corrects_the_phone(
    client, register_landlord, system_session, staff
):
    _, auth = await register_landlord()
    anna = staff("anna.caseworker")
    await submit(client, auth, external_id="FIRST")
    case_id = await the_case_id(client, anna)
    moved = await submit(client, auth, external_id="MOVED", address=LANDLORD_ADDRESS)
    accepted = await client.post(
        f"/api/v1/cases/{case_id}/person/accept-notice",
        json={"notice_id": moved, "reason": "Hushållet har flyttat inom beståndet."},
        headers=anna,
    )
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["before"]["street"] == "Exempelgatan 1"
    assert accepted.json()["after"]["street"] == "Hyresvärdsvägen 9"
    # The name was the same: it stays.
    assert accepted.json()["after"]["tenant_name"] == "Tolvan Tolvansson"

    no_reason = await client.post(
        f"/api/v1/cases/{case_id}/person/corrections", json={"phone": "+46709999999"}, headers=anna
    )
    assert no_reason.status_code in (400, 422) and "reason" in no_reason.text
    corrected = await client.post(
        f"/api/v1/cases/{case_id}/person/corrections",
        json={"phone": "+46709999999", "reason": "Nytt nummer enligt samtal med Tolvan."},
        headers=anna,
    )
    assert corrected.status_code == 201, corrected.text
    case = (await client.get(f"/api/v1/cases/{case_id}", headers=anna)).json()
    assert case["tenant"]["phone"] == "+46709999999"
    assert case["address"]["street"] == "Hyresvärdsvägen 9"
    history = (await client.get(f"/api/v1/cases/{case_id}/person", headers=anna)).json()["history"]
    assert [h["decision"] for h in history] == ["accepted_from_notice", "corrected"]
    # Housing support may read but not correct.
    refused = await client.post(
        f"/api/v1/cases/{case_id}/person/corrections",
        json={"phone": "+46701111111", "reason": "Prov."},
        headers=staff("stina.support"),
    )
    assert refused.status_code == 403


async def test_notice_kinds_accumulate_as_notices_join(client, register_landlord, staff):
    _, auth = await register_landlord()
    anna = staff("anna.caseworker")
    await submit(client, auth, external_id="RENT")
    eviction = (today() + timedelta(days=30)).isoformat()
    await submit(
        client, auth, external_id="KFM", kind="eviction_enforcement", debt=None,
        eviction_date=eviction,
    )  # fmt: skip
    [entry] = (await client.get("/api/v1/cases/worklist", headers=anna)).json()
    assert entry["notice_kind"] == "unpaid_rent"
    assert entry["notice_kinds"] == ["unpaid_rent", "eviction_enforcement"]
    assert "Information från Kronofogdemyndigheten om avhysning" in entry["notice_kind_labels"]
