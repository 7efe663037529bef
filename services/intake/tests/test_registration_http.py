"""Registering an application: validation naming the field, nothing half-saved, the event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bostad_devkit.intake_kit import API, CLIENT_PN, outbox_events, registration, today
from intake.applications.models import Application
from intake.households.models import Household, HouseholdMember

pytestmark = pytest.mark.integration


async def count(system_session, model) -> int:  # type: ignore[no-untyped-def]
    async with system_session() as session:
        return (await session.execute(select(func.count()).select_from(model))).scalar_one()


async def test_register_client_application(client, staff, system_session) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(API, json=registration(), headers=staff("anna.caseworker"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "registered" and body["path"] == "investigation"

    [event] = await outbox_events(system_session, "ApplicationRegistered")
    data = event["data"]
    assert data["application_id"] == body["application_id"]
    assert data["household_id"] == body["household_id"]
    assert data["client_status"] == "client" and data["path"] == "investigation"
    assert data["registered_by"] == "anna.caseworker"
    assert event["district"] == "bromma"
    assert "19121212" not in str(event)  # the event names no person

    detail = await client.get(f"{API}/{body['application_id']}", headers=staff("anna.caseworker"))
    assert detail.status_code == 200
    read = detail.json()
    assert read["household"]["applicant"]["personal_number"] == CLIENT_PN
    assert read["household"]["household_size"] == 3
    assert read["household"]["debts_total_ore"] == 400000
    assert read["nominating_unit"] == "adult_unit"  # anna's only unit
    assert "submit_investigation" in read["allowed_actions"]
    assert "send_to_housing_officer" not in read["allowed_actions"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"district": "narnia"}, "district"),
        ({"housing_type": "castle"}, "housing_type"),
        (
            {"household": {"applicant": {"personal_number": "19121212-1213", "name": "T"}}},
            "household.applicant.personal_number",
        ),
        (
            {"household": {"applicant": {"personal_number": "20991212-1212", "name": "T"}}},
            "household.applicant.personal_number",
        ),
        (
            {
                "household": {
                    "members": [
                        {
                            "kind": "child",
                            "name": "Ofödd",
                            "birth_date": (today() + timedelta(days=3)).isoformat(),
                        }
                    ]
                }
            },
            "household.members.0.birth_date",
        ),
        (
            {
                "household": {
                    "members": [{"kind": "child", "name": "Vuxen", "birth_date": "1990-01-01"}]
                }
            },
            "household.members.0.birth_date",
        ),
        (
            {"household": {"emergency_cost_per_night_ore": None}},
            "household.emergency_cost_per_night_ore",
        ),
        ({"household": {"investments_ore": 10**12}}, "household.investments_ore"),
        (
            {"household": {"debts": [{"kind": "gambling", "amount_ore": 1}]}},
            "household.debts.0.kind",
        ),
    ],
)
async def test_bad_registration_names_the_field_and_saves_nothing(
    client, staff, system_session, overrides, field
) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        API, json=registration(**overrides), headers=staff("anna.caseworker")
    )
    assert response.status_code == 422, response.text
    fields = [e["field"] for e in response.json()["errors"]]
    assert any(f == field or f.endswith("." + field) or f.startswith(field) for f in fields), fields
    assert "19121212-1213" not in response.text and "20991212" not in response.text
    assert await count(system_session, Household) == 0
    assert await count(system_session, HouseholdMember) == 0
    assert await count(system_session, Application) == 0
    assert await outbox_events(system_session) == []


async def test_registration_needs_write_permission_and_own_district(client, staff) -> None:  # type: ignore[no-untyped-def]
    forbidden = await client.post(API, json=registration(), headers=staff("hugo.housing"))
    assert forbidden.status_code == 403
    other = await client.post(API, json=registration(), headers=staff("sven.skarholmen"))
    assert other.status_code == 403
