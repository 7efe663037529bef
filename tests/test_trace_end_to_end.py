"""One landlord notice, followed across services in one trace.

A landlord's HTTP call to eviction-prevention commits the notice and its events
through the outbox; the relay publishes them to Kafka with the trace context;
notifications consumes them and writes the caseworkers' inbox. Every step must
share one trace id, and no span may carry the tenant's personal number.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from litestar.testing import AsyncTestClient
from opentelemetry.trace import SpanKind

from bostad_common.kafka_admin import ensure_topics
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_common.workdays import now_stockholm
from bostad_devkit import testing
from bostad_devkit.broker_process import free_port, start_broker, stop_process
from bostad_devkit.leak_scan import TelemetryCapture, span_attribute_values

pytestmark = pytest.mark.integration

TENANT_NUMBER = "19121212-1212"


def notice(external_id: str) -> dict:
    return {
        "external_id": external_id,
        "district": "bromma",
        "kind": "unpaid_rent",
        "tenant": {"personal_number": TENANT_NUMBER, "name": "Tolvan Tolvansson"},
        "address": {"street": "Exempelgatan 1", "postal_code": "16731", "city": "Bromma"},
        "household": {"children": 2},
        "debt": {"amount": "12450.00", "currency": "SEK", "months_unpaid": 2},
        "served_at": (now_stockholm().date() - timedelta(days=2)).isoformat(),
        "eviction_date": None,
        "message": "Två obetalda hyror.",
    }


async def register_landlord(client: AsyncTestClient, admin_token: str, name: str) -> str:
    response = await client.post(
        "/api/v1/admin/landlords",
        json={"name": name, "districts": ["bromma"]},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    assert response.status_code == 201, response.text
    return response.json()["credential"]


@pytest.fixture
async def own_broker():  # type: ignore[no-untyped-def]
    """A broker for this test alone: no backlog or group members from other tests,
    so the spans seen are those of this request's messages."""
    port = free_port()
    process = start_broker(port)
    try:
        await ensure_topics(f"127.0.0.1:{port}")
        yield f"127.0.0.1:{port}"
    finally:
        stop_process(process)


@pytest.fixture
async def eviction_settings(service_settings: Settings, own_broker: str) -> Settings:
    return service_settings.model_copy(update={"kafka_bootstrap": own_broker})


@pytest.fixture
async def notifications_settings(eviction_settings: Settings):  # type: ignore[no-untyped-def]
    url = await testing.create_database("notifications")
    try:
        yield eviction_settings.model_copy(update={"database_url": url})
    finally:
        await testing.drop_database(url)


async def test_one_trace_from_landlord_http_call_to_caseworker_inbox(
    eviction_settings: Settings,
    notifications_settings: Settings,
    staff_token,  # type: ignore[no-untyped-def]
    telemetry_capture: TelemetryCapture,
) -> None:
    from eviction_prevention.app import DEFINITION as EVICTION
    from notifications.app import DEFINITION as NOTIFICATIONS

    eviction_app = create_app(EVICTION, settings=eviction_settings)
    notifications_app = create_app(NOTIFICATIONS, settings=notifications_settings)
    async with (
        AsyncTestClient(eviction_app) as eviction,
        AsyncTestClient(notifications_app) as notifications,
    ):
        credential = await register_landlord(
            eviction, staff_token("adam.admin"), "Trace Bostäder AB"
        )
        telemetry_capture.mark()
        # Only spans from here on: earlier tests posted notices too, in other traces.
        first_span = len(telemetry_capture.spans())

        response = await eviction.post(
            "/api/v1/notices",
            json=notice("TRACE-1"),
            headers={"Authorization": f"Bearer {credential}"},
        )
        assert response.status_code == 202, response.text
        notice_id = response.json()["notice_id"]

        caseworker = {"Authorization": f"Bearer {staff_token('anna.caseworker')}"}
        # The notice opened a case; the caseworker is told of the case (one message per
        # notice), so find the case and wait for its notification.
        found = await eviction.post(
            "/api/v1/cases/search", json={"personal_number": TENANT_NUMBER}, headers=caseworker
        )
        assert found.status_code == 200, found.text
        case_ids = [case["case_id"] for case in found.json()]
        assert case_ids, notice_id
        deadline = asyncio.get_running_loop().time() + 90
        while True:
            inbox = (await notifications.get("/api/v1/inbox", headers=caseworker)).json()
            items = inbox["items"] if isinstance(inbox, dict) else inbox
            # Other tests' events share the session broker: wait for this case's own.
            if any(case_id in (item.get("link") or "") for item in items for case_id in case_ids):
                break
            assert asyncio.get_running_loop().time() < deadline, "notice never reached the inbox"
            await asyncio.sleep(0.3)

        # The consumer's span ends after its commit and ack, a moment after the
        # inbox row is visible: wait for it rather than race it.
        def trace_of_request() -> tuple[int, list]:
            spans = list(telemetry_capture.spans())[first_span:]
            http = [s for s in spans if s.kind == SpanKind.SERVER and "/api/v1/notices" in s.name]
            assert http, sorted({s.name for s in spans})
            trace_id = http[0].context.trace_id
            return trace_id, [s for s in spans if s.context.trace_id == trace_id]

        deadline = asyncio.get_running_loop().time() + 30
        while not any(s.kind == SpanKind.CONSUMER for s in trace_of_request()[1]):
            if asyncio.get_running_loop().time() > deadline:
                break
            await asyncio.sleep(0.2)

    spans = list(telemetry_capture.spans())[first_span:]
    trace_id, in_trace = trace_of_request()
    names = sorted({s.name for s in in_trace})
    consumer_elsewhere = [
        (s.name, format(s.context.trace_id, "x")[:8], s.parent is not None)
        for s in spans
        if s.kind == SpanKind.CONSUMER and s.context.trace_id != trace_id
    ][-5:]

    assert any(s.name.startswith("outbox.relay") for s in in_trace), names
    assert any(s.kind == SpanKind.PRODUCER for s in in_trace), names
    consumers = [s for s in in_trace if s.kind == SpanKind.CONSUMER]
    assert consumers, (names, consumer_elsewhere)
    # The consumer's effect (notifications' inbox insert) ran inside the same trace.
    statements = [
        str(s.attributes.get("db.statement") or s.attributes.get("db.query.text") or "")
        for s in in_trace
        if s.kind == SpanKind.CLIENT
    ]
    assert any("inbox_notifications" in statement for statement in statements), statements

    values = span_attribute_values(spans)
    assert not any(TENANT_NUMBER in str(v) or "191212121212" in str(v) for v in values)
