"""No personal number in logs or spans, whatever the requests do."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient
from opentelemetry.sdk.trace import TracerProvider

from bostad_common.service import create_app
from bostad_common.telemetry import configure_tracing
from bostad_devkit.eviction_kit import notice_body
from bostad_devkit.leak_scan import TelemetryCapture
from eviction_prevention.app import DEFINITION
from eviction_prevention.landlords import service as landlords

pytestmark = pytest.mark.integration


async def test_requests_leave_no_personal_number_in_logs_or_spans(settings, staff):
    # The tracer provider is process-wide (installed once); scan what it exports.
    provider = configure_tracing(DEFINITION.name, TracerProvider())
    capture = TelemetryCapture()
    capture.install(provider)
    app = create_app(DEFINITION, settings=settings)
    async with AsyncTestClient(app) as client:
        capture.ensure_log_handler()
        capture.mark()
        from bostad_common.db import make_engine, make_session_factory, unit_of_work
        from bostad_common.db_types import utcnow

        engine = make_engine(settings.database_url)
        try:
            async with unit_of_work(make_session_factory(engine)) as session:
                _, credential = await landlords.register_landlord(
                    session, name="L", district_codes=["bromma"], now=utcnow()
                )
        finally:
            await engine.dispose()
        auth = {"Authorization": f"Bearer {credential}"}
        anna = staff("anna.caseworker")
        ok = await client.post("/api/v1/notices", json=notice_body(), headers=auth)
        assert ok.status_code == 202
        bad = notice_body(tenant={"personal_number": "19121212-1213", "name": "T"})
        assert (await client.post("/api/v1/notices", json=bad, headers=auth)).status_code == 422
        forbidden = notice_body(district="skarholmen", external_id="S")
        assert (
            await client.post("/api/v1/notices", json=forbidden, headers=auth)
        ).status_code == 403
        found = await client.post(
            "/api/v1/cases/search", json={"personal_number": "19121212-1212"}, headers=anna
        )
        assert found.status_code == 200
        [case] = found.json()
        assert (
            await client.get(f"/api/v1/cases/{case['case_id']}", headers=anna)
        ).status_code == 200
        assert (await client.get("/api/v1/cases/worklist", headers=anna)).status_code == 200
    assert len(capture.handler.records) > 0, "the scan should have seen log records"
    assert capture.spans(), "the scan should have seen spans"
    assert capture.leaks_since_mark() == []
