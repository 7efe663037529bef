"""Lists with filters and pagination, search, withdrawal, and who may touch which step."""

from __future__ import annotations

import pytest

from bostad_devkit.intake_kit import (
    API,
    CLIENT_PN,
    certificate,
    non_client_registration,
    registration,
)

pytestmark = pytest.mark.integration


async def register_many(client, staff, n: int) -> list[str]:  # type: ignore[no-untyped-def]
    ids = []
    # One active application per person and housing type: vary the types.
    client_types = ["social_contract", "training_apartment", "emergency_apartment"]
    non_client_types = ["training_apartment", "trial_apartment"]
    for i in range(n):
        body = (
            registration(housing_type=client_types[i // 2])
            if i % 2 == 0
            else non_client_registration(housing_type=non_client_types[i // 2])
        )
        response = await client.post(API, json=body, headers=staff("anna.caseworker"))
        assert response.status_code == 201, response.text
        ids.append(response.json()["application_id"])
    return ids


async def test_pages_and_filters(client, staff) -> None:  # type: ignore[no-untyped-def]
    ids = await register_many(client, staff, 5)
    first = (await client.get(API, params={"limit": 2}, headers=staff("hugo.housing"))).json()
    second = (
        await client.get(API, params={"limit": 2, "offset": 2}, headers=staff("hugo.housing"))
    ).json()
    third = (
        await client.get(API, params={"limit": 2, "offset": 4}, headers=staff("hugo.housing"))
    ).json()
    assert first["total"] == 5 and len(first["items"]) == 2 and len(third["items"]) == 1
    seen = [i["application_id"] for page in (first, second, third) for i in page["items"]]
    assert sorted(seen) == sorted(ids)
    paths = (
        await client.get(API, params={"path": "certificate_only"}, headers=staff("hugo.housing"))
    ).json()
    assert paths["total"] == 2
    assert {i["path"] for i in paths["items"]} == {"certificate_only"}
    training = (
        await client.get(
            API, params={"housing_type": "training_apartment"}, headers=staff("hugo.housing")
        )
    ).json()
    assert training["total"] == 2

    # The housing officer who acts first is the application's housing officer.
    base = f"{API}/{ids[1]}"
    await client.post(f"{base}/certificates", json=certificate(), headers=staff("anna.caseworker"))
    await client.post(f"{base}/send-to-housing-officer", headers=staff("anna.caseworker"))
    booked = await client.post(
        f"{base}/meetings",
        json={"scheduled_at": "2030-01-01T10:00:00+01:00"},
        headers=staff("hugo.housing"),
    )
    assert booked.status_code == 201
    mine = (
        await client.get(
            API, params={"housing_officer": "hugo.housing"}, headers=staff("hugo.housing")
        )
    ).json()
    assert [i["application_id"] for i in mine["items"]] == [ids[1]]
    bad = await client.get(API, params={"status": "lost"}, headers=staff("hugo.housing"))
    assert bad.status_code in (400, 422)
    too_many = await client.get(API, params={"limit": 1000}, headers=staff("hugo.housing"))
    assert too_many.status_code in (400, 422)


async def test_search_by_personal_number_in_the_body(client, staff) -> None:  # type: ignore[no-untyped-def]
    await register_many(client, staff, 3)
    found = await client.post(
        f"{API}/search", json={"personal_number": CLIENT_PN}, headers=staff("cecilia.coordinator")
    )
    assert found.status_code == 200
    assert len(found.json()["items"]) == 2
    assert all(i["personal_number_masked"] == "19121212-XXXX" for i in found.json()["items"])
    other = await client.post(
        f"{API}/search", json={"personal_number": CLIENT_PN}, headers=staff("sven.skarholmen")
    )
    assert other.json()["items"] == []


async def test_withdrawal_is_final_and_noted_in_the_journal(client, staff) -> None:  # type: ignore[no-untyped-def]
    [app_id] = await register_many(client, staff, 1)
    base = f"{API}/{app_id}"
    withdrawn = await client.post(
        f"{base}/withdraw",
        json={"reason": "Har fått en egen lägenhet."},
        headers=staff("anna.caseworker"),
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    again = await client.post(
        f"{base}/withdraw", json={"reason": "igen"}, headers=staff("anna.caseworker")
    )
    assert again.status_code == 409
    journal = (await client.get(f"{base}/journal", headers=staff("anna.caseworker"))).json()
    assert "Har fått en egen lägenhet." in journal["items"][0]["text"]
    detail = (await client.get(base, headers=staff("anna.caseworker"))).json()
    assert detail["allowed_actions"] == []


@pytest.mark.parametrize(
    ("user", "method", "suffix", "body"),
    [
        ("anna.caseworker", "post", "/meetings", {"scheduled_at": "2030-01-01T10:00:00+01:00"}),
        ("hugo.housing", "post", "/investigation", {"answers": {}}),
        ("cecilia.coordinator", "post", "/certificates", certificate()),
        ("ulla.manager", "put", "/landlord-judgement", {"acceptance": "good", "reason": "x"}),
        ("stina.support", "get", "", None),
        ("agnes.auditor", "get", "/journal", None),
    ],
)
async def test_roles_without_the_permission_get_403(
    client, staff, user, method, suffix, body
) -> None:  # type: ignore[no-untyped-def]
    [app_id] = await register_many(client, staff, 1)
    kwargs = {"headers": staff(user)}
    if body is not None:
        kwargs["json"] = body
    response = await getattr(client, method)(f"{API}/{app_id}{suffix}", **kwargs)
    assert response.status_code == 403, response.text


async def test_a_meeting_time_without_its_offset_is_refused(client, staff) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        API, json=non_client_registration(), headers=staff("anna.caseworker")
    )
    base = f"{API}/{response.json()['application_id']}"
    await client.post(f"{base}/certificates", json=certificate(), headers=staff("anna.caseworker"))
    await client.post(f"{base}/send-to-housing-officer", headers=staff("anna.caseworker"))
    naive = await client.post(
        f"{base}/meetings",
        json={"scheduled_at": "2030-01-01T10:00:00"},
        headers=staff("hugo.housing"),
    )
    assert naive.status_code == 422, naive.text
    assert naive.json()["errors"][0]["field"].endswith("scheduled_at")


async def test_district_configuration_is_readable_in_ones_own_district(client, staff) -> None:  # type: ignore[no-untyped-def]
    url = "/api/v1/districts/bromma/intake-configuration"
    config = (await client.get(url, headers=staff("anna.caseworker"))).json()
    assert config["deciding_role"] == "unit_manager"
    assert [c["code"] for c in config["criteria"] if c["required"]] == [
        "registered_in_municipality"
    ]
    types = {t["housing_type"]: t for t in config["housing_types"]}
    assert types["social_contract"]["is_bistandsbeslut"] is False
    assert types["training_apartment"]["requires_individual_plan"] is True
    assert (await client.get(url, headers=staff("sven.skarholmen"))).status_code == 404
    unknown = "/api/v1/districts/narnia/intake-configuration"
    assert (await client.get(unknown, headers=staff("anna.caseworker"))).status_code == 404


async def test_a_second_active_application_of_the_same_type_is_refused(client, staff) -> None:  # type: ignore[no-untyped-def]
    [app_id] = await register_many(client, staff, 1)
    again = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    assert again.status_code == 409 and app_id in again.json()["detail"]
    other_type = await client.post(
        API, json=registration(housing_type="emergency_apartment"), headers=staff("anna.caseworker")
    )
    assert other_type.status_code == 201
    await client.post(
        f"{API}/{app_id}/withdraw", json={"reason": "Fel typ."}, headers=staff("anna.caseworker")
    )
    after = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    assert after.status_code == 201
