"""Helpers shared by intake's tests (the bostad_devkit test kit of intake)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bostad_devkit.testing import outbox_events as outbox_events
from bostad_devkit.testing import today as today
from bostad_devkit.testing import wait_for as wait_for

API = "/api/v1/applications"
CLIENT_PN = "19121212-1212"  # Tolvan Tolvansson, the Tax Agency's test person
NON_CLIENT_PN = "19850412-2386"  # valid in form only

TEN_ANSWERS = {
    "current_housing": "Bostadslös sedan mars, bor växelvis hos vänner.",
    "housing_as_precondition": "Eget boende är en förutsättning för att börja arbetsträning.",
    "desired_changes": "Ett eget förstahandskontrakt på sikt.",
    "area_and_type_reasons": "Nära barnens skola i Bromma.",
    "earlier_attempts": "Står i bostadskön sedan 2019, har sökt andrahand.",
    "other_ways": "Har inte möjlighet att köpa eller få andrahand; inga andra vägar finns.",
    "availability_in_area": "Tvårumslägenheter finns i området.",
    "can_live_independently": "Ja, med stöd av boendestöd den första tiden.",
    "debts": "En hyresskuld om 4 000 kr, avbetalningsplan finns.",
    "means_of_support": "Ekonomiskt bistånd.",
}


def registration(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "district": "bromma",
        "housing_type": "social_contract",
        "channel": "ansokan",
        "household": {
            "applicant": {
                "personal_number": CLIENT_PN,
                "name": "Tolvan Tolvansson",
                "phone": "+46701234567",
            },
            "members": [
                {"kind": "child", "name": "Lilla Tolvansson", "birth_date": "2019-05-04"},
                {"kind": "child", "name": "Lillan Tolvansson", "birth_date": "2022-01-20"},
            ],
            "client_status": "client",
            "current_housing": "emergency_placement",
            "current_housing_note": "Vandrarhem via socialtjänsten.",
            "emergency_cost_per_night_ore": 95000,
            "means_of_support": "financial_assistance",
            "debts": [{"kind": "housing_related", "amount_ore": 400000}],
            "registered_in_municipality": True,
            "accessibility_needs": ["lift"],
            "investments_ore": 1500000,
        },
        "area_wishes": [{"area": "Bromma", "reason": "Barnens skola"}],
        "apartment_type_wishes": [{"apartment_type": "3 rok", "reason": "Två barn"}],
        "rooms_needed": 3,
        "other_ways_ruled_out": True,
    }
    for key, value in overrides.items():
        if key == "household":
            body["household"] = {**body["household"], **value}
        else:
            body[key] = value
    return body


def non_client_registration(**overrides: Any) -> dict[str, Any]:
    body = registration(
        housing_type="training_apartment",
        household={
            "applicant": {"personal_number": NON_CLIENT_PN, "name": "Sara Exempel"},
            "members": [],
            "client_status": "non_client",
            "current_housing": "non_approved_second_hand",
            "emergency_cost_per_night_ore": None,
            "means_of_support": "employment",
            "debts": [],
            "accessibility_needs": [],
            "investments_ore": 0,
        },
    )
    for key, value in overrides.items():
        if key == "household":
            body["household"] = {**body["household"], **value}
        else:
            body[key] = value
    return body


def certificate(**overrides: Any) -> dict[str, Any]:
    body = {
        "issuer_role": "social_worker",
        "issuer_name": "Kim Kurator",
        "issued_on": (today() - timedelta(days=10)).isoformat(),
        "attests": "Trångboddhet efter separation; hot om våld från tidigare partner.",
    }
    body.update(overrides)
    return body


async def walk_client_path_to_decision(client, staff, *, district: str = "bromma") -> str:  # type: ignore[no-untyped-def]
    """Register a client's application and take it to `ready_for_decision`."""
    caseworker, coordinator, officer = {
        "bromma": ("anna.caseworker", "cecilia.coordinator", "hugo.housing"),
        "skarholmen": (
            "sven.skarholmen",
            "sara.skarholmen.coordinator",
            "harald.skarholmen.housing",
        ),
    }[district]
    created = await client.post(
        API, json=registration(district=district), headers=staff(caseworker)
    )
    assert created.status_code == 201, created.text
    app_id = created.json()["application_id"]
    base = f"{API}/{app_id}"
    cert = await client.post(f"{base}/certificates", json=certificate(), headers=staff(caseworker))
    assert cert.status_code == 201, cert.text
    assert cert.json()["grounds"] == "social"
    submitted = await client.post(
        f"{base}/investigation", json={"answers": TEN_ANSWERS}, headers=staff(caseworker)
    )
    assert submitted.status_code == 200, submitted.text
    assert len(submitted.json()["answers"]) == 10
    signed = await client.post(
        f"{base}/investigation/approve",
        json={"note": "Kriterierna är uppfyllda."},
        headers=staff(coordinator),
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["signed_by"] == coordinator and signed.json()["status"] == "approved"
    await housing_officer_step(client, staff, base, officer)
    return app_id


async def housing_officer_step(client, staff, base: str, officer: str) -> None:  # type: ignore[no-untyped-def]
    meeting = await client.post(
        f"{base}/meetings",
        json={"scheduled_at": (datetime.now(UTC) + timedelta(days=2)).isoformat()},
        headers=staff(officer),
    )
    assert meeting.status_code == 201, meeting.text
    asked = await client.post(
        f"{base}/information-requests",
        json={"what": "Hyresreferens från nuvarande hyresvärd"},
        headers=staff(officer),
    )
    assert asked.status_code == 201, asked.text
    waiting = await client.get(API, params={"waiting_for": "information"}, headers=staff(officer))
    [item] = waiting.json()["items"]
    assert item["waiting_for_information"] == "Hyresreferens från nuvarande hyresvärd"
    assert item["waiting_for_information_since"] is not None
    received = await client.post(
        f"{base}/information-received", json={"note": "Referens inkom."}, headers=staff(officer)
    )
    assert received.status_code == 200 and received.json()["status"] == "with_housing_officer"
    held = await client.post(
        f"{base}/meetings/{meeting.json()['meeting_id']}/held",
        json={"notes": "Bra möte, motiverad."},
        headers=staff(officer),
    )
    assert held.status_code == 200, held.text
    judged = await client.put(
        f"{base}/landlord-judgement",
        json={"acceptance": "good", "reason": "Betalar hyran, inga störningar."},
        headers=staff(officer),
    )
    assert judged.status_code == 200, judged.text
    done = await client.post(f"{base}/assessment/complete", headers=staff(officer))
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "ready_for_decision"
