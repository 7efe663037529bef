"""Helpers shared by allocation's tests (the bostad_devkit test kit of allocation)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from bostad_common.events.intake import AreaWish, HousingDecisionGrantedV1, LeaseParty, NeedsProfile
from bostad_common.personnummer import PersonalNumber
from bostad_devkit.testing import outbox_events as outbox_events
from bostad_devkit.testing import today as today
from bostad_devkit.testing import wait_for as wait_for

# Fictional, valid in form only (check digit); the 9th digit's parity is the legal sex.
PEOPLE = {
    "female-1": ("19880314-2424", "female"),
    "male-1": ("19910607-3811", "male"),
    "male-2": ("19750922-1631", "male"),
    "female-2": ("19990130-2241", "female"),
    "male-3": ("19830505-3574", "male"),
    "male-4": ("19670818-1497", "male"),
}


def granted(
    household_id: str,
    *,
    person: str = "female-1",
    district: str = "bromma",
    decided_on: date | None = None,
    bistand: bool = True,
    children: int = 0,
    rooms: int | None = 2,
    cost_kr: int = 0,
    invested_kr: int = 0,
    area: str = "Åkeshov",
    accessibility: list[str] | None = None,
    housing_type: str = "social_contract",
    unit: str | None = "adult_unit",
) -> HousingDecisionGrantedV1:
    number, sex = PEOPLE[person]
    birth = PersonalNumber.parse(number).birth_date
    return HousingDecisionGrantedV1(
        decision_id=f"{household_id}-decision",
        application_id=f"{household_id}-application",
        household_id=household_id,
        district=district,
        housing_type=housing_type,  # type: ignore[arg-type]
        decided_on=decided_on or today() - timedelta(days=30),
        decided_by="ulla.manager",
        is_bistandsbeslut=bistand,
        legal_reference="4 kap. 1 § SoL" if bistand else None,
        includes_housing_support=False,
        needs=NeedsProfile(
            household_size=1 + children,
            adults=1,
            children_birth_dates=[date(2016, 1, 1)] * children,
            rooms_needed=rooms,
            accessibility_needs=accessibility or [],
            area_wishes=[AreaWish(area=area, reason="Skolan")],
            emergency_cost_per_night_ore=cost_kr * 100,
            investments_ore=invested_kr * 100,
            applicant_birth_date=birth,
            applicant_legal_sex=sex,  # type: ignore[arg-type]
            nominating_unit=unit,  # type: ignore[arg-type]
        ),
        lease_party=LeaseParty(personal_number=number, name="Test Testsson", phone="0701234567"),
    )


async def add_to_pool(system_session, *decisions: HousingDecisionGrantedV1) -> None:  # type: ignore[no-untyped-def]
    # Imported here: the devkit is installed alone too (the per-package check),
    # and only allocation's own tests call this.
    from allocation.pool import service as pool
    from bostad_common.db_types import utcnow

    async with system_session() as session:
        for decision in decisions:
            person = PersonalNumber.parse(decision.lease_party.personal_number)
            await pool.join_pool(session, decision, person, now=utcnow())


def apartment_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "district": "bromma",
        "landlord_id": "hsb",
        "street": "Demovägen 12",
        "postal_code": "16832",
        "city": "Bromma",
        "apartment_number": "1201",
        "area": "Åkeshov",
        "rooms": 2,
        "size_m2": 55,
        "floor": 2,
        "has_lift": True,
        "wheelchair_accessible": False,
        "rent_ore": 845_000,
        "housing_type": "social_contract",
    }
    body.update(overrides)
    return body


async def publish_events(bootstrap: str, topic: str, *events: Any) -> None:
    """Put CloudEvents on a topic as the producing service's relay would (key = subject)."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                topic, value=event.to_json_bytes(), key=(event.subject or "").encode()
            )
    finally:
        await producer.stop()


async def read_events(
    bootstrap: str,
    topic: str,
    wanted: Callable[[list[dict[str, Any]]], bool],
    timeout: float = 60.0,
) -> list[dict[str, Any]]:
    """Every CloudEvent on `topic` from the beginning, read until `wanted(events)` holds."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    events: list[dict[str, Any]] = []
    try:
        await consumer.topics()
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = asyncio.get_running_loop().time() + timeout
        while not wanted(events):
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"events not seen in time: {[e['type'] for e in events]}")
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                events.extend(json.loads(r.value) for r in records)
    finally:
        await consumer.stop()
    return events


MANAGERS = ["ivar.manager", "greta.manager", "hedda.manager"]
ALLOCATION_CONFIG = {
    "unit_managers": MANAGERS,
    "decision_maker": "ulla.manager",
    "weights": {"children": 20},
}


async def configure(client, staff) -> None:  # type: ignore[no-untyped-def]
    answer = await client.put(
        "/api/v1/districts/bromma/allocation-config",
        json=ALLOCATION_CONFIG,
        headers=staff("olof.operations"),
    )
    assert answer.status_code == 200, answer.text


async def open_round(client, staff, **apartment) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    hugo = staff("hugo.housing")
    flat = await client.post("/api/v1/apartments", json=apartment_body(**apartment), headers=hugo)
    assert flat.status_code == 201, flat.text
    vacancy = await client.post(
        "/api/v1/vacancies",
        json={"apartment_id": flat.json()["apartment_id"], "available_from": "2027-01-01"},
        headers=hugo,
    )
    assert vacancy.status_code == 201, vacancy.text
    rnd = await client.post(
        f"/api/v1/vacancies/{vacancy.json()['vacancy_id']}/rounds", json={}, headers=hugo
    )
    assert rnd.status_code == 201, rnd.text
    return vacancy.json()["vacancy_id"], rnd.json()["round_id"]
