"""The embedded default runs on an SQLite file: migrations and the main flow work there too."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from bostad_common.db import make_engine, make_session_factory, unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import create_app
from bostad_devkit.broker_process import free_port
from bostad_devkit.eviction_kit import notice_body
from eviction_prevention.app import DEFINITION
from eviction_prevention.landlords import service as landlords

pytestmark = pytest.mark.integration


async def test_main_flow_on_sqlite(tmp_path, settings, staff):
    url = f"sqlite+aiosqlite:///{tmp_path / 'eviction-prevention.db'}"
    sqlite_settings = settings.model_copy(
        update={"database_url": url, "kafka_bootstrap": f"127.0.0.1:{free_port()}"}
    )
    app = create_app(DEFINITION, settings=sqlite_settings)
    async with AsyncTestClient(app) as client:
        engine = make_engine(url)
        try:
            async with unit_of_work(make_session_factory(engine)) as session:
                _, credential = await landlords.register_landlord(
                    session, name="L", district_codes=["bromma"], now=utcnow()
                )
        finally:
            await engine.dispose()
        auth = {"Authorization": f"Bearer {credential}"}
        first = await client.post("/api/v1/notices", json=notice_body(), headers=auth)
        assert first.status_code == 202, first.text
        again = await client.post("/api/v1/notices", json=notice_body(), headers=auth)
        assert again.status_code == 200
        second = await client.post(
            "/api/v1/notices", json=notice_body(external_id="N-2", kind="disturbance"), headers=auth
        )
        assert second.status_code == 202
        anna = staff("anna.caseworker")
        [entry] = (await client.get("/api/v1/cases/worklist", headers=anna)).json()
        case = (await client.get(f"/api/v1/cases/{entry['case_id']}", headers=anna)).json()
        assert len(case["notices"]) == 2
        assigned = await client.post(
            f"/api/v1/cases/{entry['case_id']}/outreach-assignments",
            json={"staff": ["stina.support", "kim.support"]},
            headers=anna,
        )
        assert assigned.status_code == 201, assigned.text
        closed = await client.post(
            f"/api/v1/cases/{entry['case_id']}/close",
            json={"outcome": "moved_voluntarily", "closing_reason": "found_other_housing"},
            headers=staff("ulla.manager"),
        )
        assert closed.status_code == 200, closed.text
        status = await client.get(f"/api/v1/notices/{first.json()['notice_id']}", headers=auth)
        assert status.json()["status"] == "closed"
