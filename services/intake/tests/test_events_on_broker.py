"""Both paths of seed 000 end in `HousingDecisionGranted` on the real broker,
carrying the needs profile allocation ranks on."""

from __future__ import annotations

import json

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from bostad_common.events.intake import HousingDecisionGrantedV1
from bostad_common.events.topics import INTAKE_EVENTS
from bostad_devkit.intake_kit import (
    API,
    certificate,
    housing_officer_step,
    non_client_registration,
    wait_for,
    walk_client_path_to_decision,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(kafka_settings):  # type: ignore[no-untyped-def]
    return kafka_settings


async def intake_events(bootstrap: str) -> list[dict]:
    """Every CloudEvent now on intake's topic (no group: reads from the start)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        await consumer.topics()
        partitions = [
            TopicPartition(INTAKE_EVENTS.name, p)
            for p in consumer.partitions_for_topic(INTAKE_EVENTS.name) or ()
        ]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        events: list[dict] = []
        for _ in range(40):
            if all([await consumer.position(tp) >= end[tp] for tp in partitions]):
                break
            batch = await consumer.getmany(*partitions, timeout_ms=500)
            for records in batch.values():
                events += [json.loads(r.value) for r in records]
        return events
    finally:
        await consumer.stop()


async def test_granted_decisions_of_both_paths_arrive_on_the_broker(
    client, staff, settings
) -> None:  # type: ignore[no-untyped-def]
    client_app = await walk_client_path_to_decision(client, staff, district="skarholmen")
    decided = await client.post(
        f"{API}/{client_app}/decision",
        json={"outcome": "granted", "reasons": "Behovet är styrkt."},
        headers=staff("maja.skarholmen.manager"),
    )
    assert decided.status_code == 201, decided.text
    client_decision = decided.json()["decision_id"]

    created = await client.post(
        API,
        json=non_client_registration(district="skarholmen"),
        headers=staff("sven.skarholmen"),
    )
    base = f"{API}/{created.json()['application_id']}"
    await client.post(f"{base}/certificates", json=certificate(), headers=staff("sven.skarholmen"))
    sent = await client.post(f"{base}/send-to-housing-officer", headers=staff("sven.skarholmen"))
    assert sent.status_code == 200
    await housing_officer_step(client, staff, base, "harald.skarholmen.housing")
    decided = await client.post(
        f"{base}/decision",
        json={
            "outcome": "granted",
            "reasons": "Behovet är styrkt.",
            "individual_plan_goal": "Eget boende.",
        },
        headers=staff("maja.skarholmen.manager"),
    )
    assert decided.status_code == 201, decided.text
    non_client_decision = decided.json()["decision_id"]

    async def both_granted() -> dict[str, HousingDecisionGrantedV1]:
        granted = {}
        for event in await intake_events(settings.kafka_bootstrap):
            if event["type"] == "se.bostad.HousingDecisionGranted":
                payload = HousingDecisionGrantedV1.model_validate(event["data"])
                granted[payload.decision_id] = payload
        mine = {k: v for k, v in granted.items() if k in (client_decision, non_client_decision)}
        return mine if len(mine) == 2 else {}

    granted = await wait_for(both_granted, timeout=60)
    by_client = granted[client_decision]
    assert by_client.district == "skarholmen"
    assert by_client.is_bistandsbeslut is True  # skarholmen grants social contracts as bistånd
    assert by_client.needs.household_size == 3
    assert [d.isoformat() for d in by_client.needs.children_birth_dates] == [
        "2019-05-04",
        "2022-01-20",
    ]
    assert by_client.needs.emergency_cost_per_night_ore == 95000
    assert by_client.needs.area_wishes[0].reason == "Barnens skola"
    by_non_client = granted[non_client_decision]
    assert by_non_client.housing_type == "training_apartment"
    assert by_non_client.includes_housing_support is True
    assert by_non_client.needs.applicant_legal_sex == "female"
