"""Kafka end to end against the real broker: landlord notices (and their DLQ), tenancy's
arrears, and the outbox relay publishing the service's events."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select

from bostad_common.events import make_event
from bostad_common.events.tenancy import RentArrearsRegisteredV1, TenantAddress
from bostad_common.events.topics import LANDLORD_NOTICES, TENANCY_EVENTS
from bostad_common.messaging import OutboxMessage, read_dlq
from bostad_devkit.eviction_kit import notice_body, wait_for
from eviction_prevention.cases.models import Case
from eviction_prevention.notices.models import Notice

pytestmark = pytest.mark.integration


@pytest.fixture
def settings(kafka_settings):
    return kafka_settings


async def test_landlord_notices_over_kafka(client, register_landlord, system_session, settings):
    landlord_id, _ = await register_landlord(districts=("bromma",))
    run = uuid.uuid4().hex[:8]

    def message(external_id: str, landlord: str = landlord_id, **overrides) -> tuple[bytes, bytes]:
        value = {**notice_body(external_id=external_id, **overrides), "landlord_id": landlord}
        return f"{landlord}:{external_id}".encode(), json.dumps(value).encode()

    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap, enable_idempotence=False
    )
    await producer.start()
    try:
        sends = [
            message(f"OK-{run}"),
            message(f"OK-{run}"),  # duplicate: nothing new
            message(f"BADPN-{run}", tenant={"personal_number": "19121212-1213", "name": "Tolvan"}),
            message(f"NOLL-{run}", landlord=f"nobody-{run}"),
            message(f"SKH-{run}", district="skarholmen"),
            (f"{landlord_id}:OTHER-{run}".encode(), message(f"KEY-{run}")[1]),
            (f"{landlord_id}:JSON-{run}".encode(), b"{not json"),
        ]
        for key, value in sends:
            await producer.send_and_wait(LANDLORD_NOTICES.name, value=value, key=key)
    finally:
        await producer.stop()

    async def one_notice() -> bool:
        async with system_session() as session:
            count = (await session.execute(select(func.count()).select_from(Notice))).scalar_one()
            return count == 1

    await wait_for(one_notice, timeout=60)

    async def dead_letters() -> list:
        letters = await read_dlq(settings.kafka_bootstrap, LANDLORD_NOTICES, timeout=5)
        mine = [d for d in letters if run in (d.key or b"").decode()]
        return mine if len(mine) >= 5 else []

    letters = await wait_for(dead_letters, timeout=60)
    errors = {d.key.decode().split(":", 1)[1].split("-")[0]: d.error for d in letters}  # type: ignore[union-attr]
    assert set(errors) == {"BADPN", "NOLL", "SKH", "OTHER", "JSON"}
    assert "personal_number" in errors["BADPN"]
    assert "unknown or revoked landlord" in errors["NOLL"]
    assert "district" in errors["SKH"]
    assert "key" in errors["OTHER"]
    assert "JSON" in errors["JSON"]
    assert all("19121212" not in (e or "") for e in errors.values())

    async with system_session() as session:
        notice = (await session.execute(select(Notice))).scalar_one()
        assert notice.channel == "kafka" and notice.landlord_id == landlord_id
        assert notice.case_id is not None

    async def published() -> bool:
        async with system_session() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
            return bool(rows) and all(row.published_at is not None for row in rows)

    await wait_for(published, timeout=60)


async def test_tenancy_arrears_open_a_case(client, system_session, settings):
    lease_id = f"lease-{uuid.uuid4().hex[:8]}"
    event = make_event(
        RentArrearsRegisteredV1(
            lease_id=lease_id,
            district="bromma",
            tenant_personal_number="19121212-1212",
            tenant_name="Tolvan Tolvansson",
            address=TenantAddress(street="Exempelgatan 1", postal_code="16731", city="Bromma"),
            months_unpaid=2,
            amount_ore=1_245_000,
            as_of=date(2026, 11, 1),
            children=None,
        ),
        source="/bostad/tenancy",
        subject=lease_id,
        district="bromma",
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap, enable_idempotence=False
    )
    await producer.start()
    try:
        for _ in range(2):  # redelivery changes nothing (inbox)
            await producer.send_and_wait(
                TENANCY_EVENTS.name, value=event.to_json_bytes(), key=lease_id.encode()
            )
    finally:
        await producer.stop()

    async def case() -> Case | None:
        async with system_session() as session:
            return (await session.execute(select(Case))).scalar_one_or_none()

    opened = await wait_for(case, timeout=60)
    assert opened.channel == "tenancy" and opened.notice_kind == "unpaid_rent"
    assert opened.track == "with_children" and opened.children_unknown is True
    assert opened.redemption_deadline is None  # arrears, no termination served yet
    async with system_session() as session:
        notices = (await session.execute(select(Notice))).scalars().all()
        assert len(notices) == 1
        assert notices[0].landlord_id == "municipality" and notices[0].debt_ore == 1_245_000
        from eviction_prevention.checklists.models import ChecklistItem

        codes = set(
            (
                await session.execute(
                    select(ChecklistItem.code).where(ChecklistItem.case_id == opened.id)
                )
            ).scalars()
        )
        assert "dialogue_with_tenant_and_representative" in codes  # seed 003
