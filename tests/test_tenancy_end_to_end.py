"""Tenancy on the real broker: allocation's TenancyToBeSigned becomes a lease; two
months' unpaid rent becomes RentArrearsRegistered, which opens a case in eviction-prevention;
the tenant's move-out runs to ApartmentVacated on tenancy's topic (for allocation).

Allocation is stood in for by this test, which publishes TenancyToBeSigned as a
CloudEvent onto `allocation.events.v1`, exactly as allocation will.
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
    from eviction_prevention.app import DEFINITION as EVICTION
    from tenancy.app import DEFINITION as TENANCY

    monkeypatch.setenv("BOSTAD_DUNNING_CHECK_INTERVAL_SECONDS", "0")
    eviction_database = await testing.create_database("eviction")
    eviction_settings = service_settings.model_copy(update={"database_url": eviction_database})

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
    event = make_event(payload, source="/bostad/allocation", subject=payload.offer_id,
                       district="bromma")  # fmt: skip
    try:
        tenancy_app = create_app(TENANCY, settings=service_settings)
        eviction_app = create_app(EVICTION, settings=eviction_settings)
        async with (
            AsyncTestClient(tenancy_app) as tenancy,
            AsyncTestClient(eviction_app) as eviction,
        ):
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
            assert seen["ApartmentVacated"]["apartment_id"] == f"apt-{run}"
            assert seen["ApartmentVacated"]["vacated_on"] == "2027-03-31"
            assert seen["LeaseEnded"]["reason"] == "moved_to_own_housing"
            assert "LeaseSigned" in seen and "RentArrearsRegistered" in seen
    finally:
        await testing.drop_database(eviction_database)
