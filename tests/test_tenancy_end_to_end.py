"""Tenancy on the real broker: allocation's TenancyToBeSigned becomes a lease; two
months' unpaid rent becomes RentArrearsRegistered, which opens a case in eviction-prevention;
the tenant's move-out runs to ApartmentVacated, and once the apartment is ready, to a
vacancy in allocation.

The apartment is registered in the real allocation service; the test stands in
for allocation's round and publishes TenancyToBeSigned onto `allocation.events.v1`
as allocation does at the end of one (tests/test_household_journey.py runs the
round itself).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from litestar.testing import AsyncTestClient

from bostad_common.events import make_event
from bostad_common.events.allocation import ApartmentForLease, TenancyToBeSignedV1
from bostad_common.events.intake import LeaseParty
from bostad_common.events.topics import ALLOCATION_EVENTS, TENANCY_EVENTS
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_devkit import testing
from bostad_devkit.allocation_kit import apartment_body

pytestmark = pytest.mark.integration


async def wait_until(check, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result:
            return result
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.2)


async def test_arrears_from_a_lease_signed_from_allocation_open_an_eviction_case(
    service_settings: Settings, staff_token, monkeypatch: pytest.MonkeyPatch
) -> None:
    from allocation.app import DEFINITION as ALLOCATION
    from eviction_prevention.app import DEFINITION as EVICTION
    from tenancy.app import DEFINITION as TENANCY

    monkeypatch.setenv("BOSTAD_DUNNING_CHECK_INTERVAL_SECONDS", "0")
    eviction_database = await testing.create_database("eviction")
    eviction_settings = service_settings.model_copy(update={"database_url": eviction_database})
    allocation_database = await testing.create_database("allocation")
    allocation_settings = service_settings.model_copy(update={"database_url": allocation_database})

    def auth(user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {staff_token(user)}"}

    run = uuid.uuid4().hex[:8]
    payload = TenancyToBeSignedV1(
        offer_id=f"offer-{run}",
        round_id=f"round-{run}",
        household_id=f"household-{run}",
        decision_id=f"decision-{run}",
        district="bromma",
        housing_type="social_contract",
        includes_housing_support=False,
        tenant=LeaseParty(personal_number="19121212-1212", name="Tolvan Tolvansson"),
        household_size=1,
        apartment=ApartmentForLease(
            apartment_id=f"apt-{run}",
            landlord_id="stadsfastigheter",
            street="Exempelgatan 1",
            postal_code="16731",
            city="Bromma",
            apartment_number="1102",
            rooms=2,
            size_m2=48,
            rent_ore=612_300,
        ),
        move_in_date=date(2027, 1, 1),
    )
    try:
        tenancy_app = create_app(TENANCY, settings=service_settings)
        eviction_app = create_app(EVICTION, settings=eviction_settings)
        allocation_app = create_app(ALLOCATION, settings=allocation_settings)
        async with (
            AsyncTestClient(tenancy_app) as tenancy,
            AsyncTestClient(eviction_app) as eviction,
            AsyncTestClient(allocation_app) as allocation,
        ):
            # The apartment is allocation's: registered there, its id travels on.
            registered = await allocation.post(
                "/api/v1/apartments",
                json=apartment_body(street="Exempelgatan 1", postal_code="16731",
                                    apartment_number="1102", rent_ore=612_300),
                headers=auth("hugo.housing"),
            )  # fmt: skip
            assert registered.status_code == 201, registered.text
            apartment_id = registered.json()["apartment_id"]
            payload = payload.model_copy(
                update={"apartment": payload.apartment.model_copy(
                    update={"apartment_id": apartment_id})}
            )  # fmt: skip
            event = make_event(payload, source="/bostad/allocation", subject=payload.offer_id,
                               district="bromma")  # fmt: skip
            producer = AIOKafkaProducer(bootstrap_servers=service_settings.kafka_bootstrap)
            await producer.start()
            try:
                for _ in range(2):  # redelivered: still one lease
                    await producer.send_and_wait(
                        ALLOCATION_EVENTS.name, event.to_json_bytes(), key=payload.offer_id.encode()
                    )
            finally:
                await producer.stop()

            async def lease() -> list:
                response = await tenancy.get("/api/v1/leases", headers=auth("hugo.housing"))
                return response.json()

            leases = await wait_until(lease)
            assert len(leases) == 1 and leases[0]["status"] == "awaiting_signature"
            lease_id = leases[0]["lease_id"]
            signed = await tenancy.post(
                f"/api/v1/leases/{lease_id}/signature",
                json={"signed_on": "2027-01-01", "keys_handed_over_on": "2027-01-01"},
                headers=auth("hugo.housing"),
            )
            assert signed.status_code == 200, signed.text
            for month in ("2027-01", "2027-02"):
                response = await tenancy.post(
                    "/api/v1/rent-runs", json={"district": "bromma", "month": month},
                    headers=auth("frida.fees"),
                )  # fmt: skip
                assert response.status_code == 201
            dunning = await tenancy.post(
                "/api/v1/dunning-runs", json={"district": "bromma", "as_of": "2027-01-30"},
                headers=auth("frida.fees"),
            )  # fmt: skip
            assert dunning.json() == {"steps_taken": 1, "arrears_registered": 1}

            async def case() -> list:
                response = await eviction.get(
                    "/api/v1/cases/worklist", headers=auth("anna.caseworker")
                )
                return response.json()

            cases = await wait_until(case)
            assert len(cases) == 1
            opened = (
                await eviction.get(f"/api/v1/cases/{cases[0]['case_id']}",
                                   headers=auth("anna.caseworker"))
            ).json()  # fmt: skip
            assert opened["channel"] == "tenancy"
            assert opened["notices"][0]["debt"]["months_unpaid"] == 2
            assert opened["notices"][0]["debt"]["amount"] == "12246.00"

            # The tenant gives notice and moves out: the vacancy goes to allocation.
            process = await tenancy.post(
                f"/api/v1/leases/{lease_id}/move-out",
                json={"kind": "tenant_notice", "reason": "moved_to_own_housing",
                      "end_date": "2027-03-31"},
                headers=auth("anna.caseworker"),
            )  # fmt: skip
            assert process.status_code == 201, process.text
            pid = process.json()["process_id"]
            for code, user in (
                ("intervention_ended", "anna.caseworker"),
                ("fee_officer_told_end_date", "ulla.manager"),
                ("debiting_stopped", "ulla.manager"),
                ("contract_closed", "ulla.manager"),
                ("vacancy_reported_to_planner", "petra.planner"),
            ):
                response = await tenancy.post(
                    f"/api/v1/move-outs/{pid}/steps/{code}", json={"done_on": "2027-03-31"},
                    headers=auth(user),
                )  # fmt: skip
                assert response.status_code == 200, (code, response.text)

            consumer = AIOKafkaConsumer(
                TENANCY_EVENTS.name,
                bootstrap_servers=service_settings.kafka_bootstrap,
                auto_offset_reset="earliest",
                enable_auto_commit=False,
                group_id=None,
            )
            await consumer.start()
            seen: dict[str, dict] = {}
            try:
                deadline = asyncio.get_running_loop().time() + 60
                while "ApartmentVacated" not in seen:
                    assert asyncio.get_running_loop().time() < deadline, sorted(seen)
                    batch = await consumer.getmany(timeout_ms=500)
                    for records in batch.values():
                        for record in records:
                            event = json.loads(record.value)
                            if (event.get("data") or {}).get("lease_id") == lease_id:
                                seen[event["type"].removeprefix("se.bostad.")] = event["data"]
            finally:
                await consumer.stop()
            assert seen["ApartmentVacated"]["apartment_id"] == apartment_id
            assert seen["ApartmentVacated"]["vacated_on"] == "2027-03-31"
            assert seen["LeaseEnded"]["reason"] == "moved_to_own_housing"
            assert "LeaseSigned" in seen and "RentArrearsRegistered" in seen

            # Inspected, no renovation needed, ready: a vacancy opens in allocation.
            for code, user, extra in (
                ("signed_original_to_fee_officer", "ulla.manager", {}),
                ("inspection_reported", "hugo.housing", {}),
                ("renovation_ordered", "ulla.manager", {"not_needed": True}),
            ):
                response = await tenancy.post(
                    f"/api/v1/move-outs/{pid}/steps/{code}",
                    json={"done_on": "2027-04-02", **extra}, headers=auth(user),
                )  # fmt: skip
                assert response.status_code == 200, (code, response.text)
            ready = await tenancy.post(
                f"/api/v1/move-outs/{pid}/apartment-ready", json={"ready_on": "2027-04-05"},
                headers=auth("ulla.manager"),
            )  # fmt: skip
            assert ready.status_code == 200, ready.text

            async def vacancy() -> list:
                response = await allocation.get(
                    "/api/v1/vacancies", params={"district": "bromma"},
                    headers=auth("hugo.housing"),
                )  # fmt: skip
                items = response.json()
                return [v for v in items if v["apartment_id"] == apartment_id]

            [opened_vacancy] = await wait_until(vacancy)
            assert opened_vacancy["source"] == "ready"
            assert opened_vacancy["available_from"] == "2027-04-05"
    finally:
        await testing.drop_database(eviction_database)
        await testing.drop_database(allocation_database)
