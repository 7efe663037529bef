"""Letters over HTTP: stored, downloadable as PDF by their staff, printed -> sent / cancelled."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory
from bostad_common.service import create_app
from bostad_devkit.broker_process import free_port
from notifications.app import DEFINITION
from notifications.service import apply_event

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


@dataclass
class Running:
    client: AsyncTestClient
    sessions: async_sessionmaker[AsyncSession]

    async def apply(self, event_name: str, payload) -> str:
        event_id = str(uuid.uuid4())
        async with self.sessions() as session, session.begin():
            bind_principal(session, SYSTEM)
            await apply_event(
                session, event_id=event_id, event_name=event_name, payload=payload, now=NOW
            )
        return event_id


@pytest.fixture
async def running(service_database_url, auth_settings, service_settings) -> AsyncIterator[Running]:
    settings = auth_settings.model_copy(
        update={"database_url": service_database_url, "kafka_bootstrap": f"127.0.0.1:{free_port()}"}
    )
    app = create_app(DEFINITION, settings=service_settings(settings, seed_demo_directory=True))
    async with AsyncTestClient(app, timeout=10) as client:
        engine = make_engine(service_database_url)
        try:
            yield Running(client, make_session_factory(engine))
        finally:
            await engine.dispose()


def words(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


async def test_a_letter_is_signed_by_the_cases_caseworker_and_moves_to_sent(
    running, samples, token_for
) -> None:
    payload = samples.letter_requested("information_letter").model_copy(
        update={"notice_kind": "disturbance", "responsible_caseworker": "anna.caseworker"}
    )
    await running.apply("LetterRequested", payload)
    anna = token_for("anna.caseworker")
    [summary] = (
        await running.client.get("/api/v1/letters", params={"case_id": "c-1"}, headers=anna)
    ).json()
    assert summary["status"] == "to_print" and summary["registered_post"] is False
    assert "Tolvan" not in str(summary)

    pdf = await running.client.get(f"/api/v1/letters/{summary['id']}/pdf", headers=anna)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = words(pdf.content)
    assert "Anna Andersson" in text and "Telefon: 08-100 100 00" in text
    assert f"Vår referens: {summary['reference']}" in text

    printed = await running.client.post(f"/api/v1/letters/{summary['id']}/printed", headers=anna)
    assert printed.status_code == 200 and printed.json()["printed_by"] == "anna.caseworker"
    sent = await running.client.post(f"/api/v1/letters/{summary['id']}/sent", json={}, headers=anna)
    assert sent.status_code == 200
    assert (sent.json()["status"], sent.json()["sent_by"]) == ("sent", "anna.caseworker")
    again = await running.client.post(
        f"/api/v1/letters/{summary['id']}/cancelled", json={"reason": "fel"}, headers=anna
    )
    assert again.status_code == 422 and "status" in again.text  # a sent letter stays sent

    async with running.sessions() as session:
        entries = (await session.execute(select(AccessLogEntry))).scalars().all()
    # The refused cancellation changed nothing, so it left no entry either.
    assert [(e.actor, e.action, e.resource) for e in entries] == [
        ("anna.caseworker", "read", "letters:c-1"),
        ("anna.caseworker", "read", f"letter:{summary['id']}"),
        ("anna.caseworker", "update", f"letter:{summary['id']}"),
        ("anna.caseworker", "update", f"letter:{summary['id']}"),
    ]


async def test_the_termination_letter_needs_a_registered_post_number(
    running, samples, token_for
) -> None:
    hugo = token_for("hugo.housing")
    body = {
        "lease_id": "le-1",
        "district": "bromma",
        "recipient": samples.every_event()["RentDunningStepTaken"].recipient.model_dump(),
        "end_date": "2026-12-31",
        "reason": "disturbance",
    }
    created = await running.client.post("/api/v1/letters/termination", json=body, headers=hugo)
    assert created.status_code == 201, created.text
    letter = created.json()
    assert letter["registered_post"] is True and letter["kind"] == "termination_letter"
    assert "Uppsägning" in letter["title"] and "hyresnämnden" in letter["body"]

    await running.client.post(f"/api/v1/letters/{letter['id']}/printed", headers=hugo)
    missing = await running.client.post(
        f"/api/v1/letters/{letter['id']}/sent", json={}, headers=hugo
    )
    assert missing.status_code == 422 and "registered_post_number" in missing.text
    sent = await running.client.post(
        f"/api/v1/letters/{letter['id']}/sent",
        json={"registered_post_number": "RR123456785SE"},
        headers=hugo,
    )
    assert sent.json()["registered_post_number"] == "RR123456785SE"

    # Not the district's, not permitted, or a bad request: refused without a 500.
    sven = token_for("sven.skarholmen")
    assert (
        await running.client.get(f"/api/v1/letters/{letter['id']}/pdf", headers=sven)
    ).status_code == 404
    coordinator = token_for("cecilia.coordinator")
    assert (
        await running.client.get(f"/api/v1/letters/{letter['id']}", headers=coordinator)
    ).status_code == 403
    bad = await running.client.post(
        "/api/v1/letters/termination", json={**body, "end_date": "soon"}, headers=hugo
    )
    assert bad.status_code in (400, 422) and "end_date" in bad.text
    other = await running.client.post(
        "/api/v1/letters/termination", json={**body, "district": "skarholmen"}, headers=hugo
    )
    assert other.status_code == 403


async def test_letters_from_tenancy_and_intake_events_and_cancelling(
    running, samples, token_for
) -> None:
    events = samples.every_event()
    await running.apply("RentDunningStepTaken", events["RentDunningStepTaken"])
    await running.apply("HousingDecisionGranted", events["HousingDecisionGranted"])
    frida = token_for("frida.fees")
    listed = (
        await running.client.get("/api/v1/letters", params={"status": "to_print"}, headers=frida)
    ).json()
    assert sorted(item["kind"] for item in listed) == ["no_queue_letter", "rent_warning_letter"]
    warning = next(item for item in listed if item["kind"] == "rent_warning_letter")
    cancelled = await running.client.post(
        f"/api/v1/letters/{warning['id']}/cancelled",
        json={"reason": "Skulden betald"},
        headers=frida,
    )
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["cancelled_by"]) == (
        "cancelled",
        "frida.fees",
    )
    no_reason = await running.client.post(
        f"/api/v1/letters/{warning['id']}/cancelled", json={}, headers=frida
    )
    assert no_reason.status_code in (400, 422) and "reason" in no_reason.text
