"""The embedded default (`./bostad up`) runs on an SQLite file with demo data."""

from __future__ import annotations

import pytest
from litestar.testing import AsyncTestClient

from bostad_common.service import create_app
from bostad_devkit.broker_process import free_port
from intake.app import DEFINITION
from intake.demo_data import DEMO_STATES

pytestmark = pytest.mark.integration


async def test_demo_data_on_sqlite(tmp_path, settings, staff) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}"
    sqlite_settings = settings.model_copy(
        update={
            "database_url": url,
            "kafka_bootstrap": f"127.0.0.1:{free_port()}",
            "demo_data": True,
        }
    )
    async with AsyncTestClient(create_app(DEFINITION, settings=sqlite_settings)) as client:
        for user in ("anna.caseworker", "sven.skarholmen"):
            page = (await client.get("/api/v1/applications", headers=staff(user))).json()
            assert {i["status"] for i in page["items"]} == set(DEMO_STATES)
        waiting = await client.get(
            "/api/v1/applications",
            params={"waiting_for": "coordinator"},
            headers=staff("cecilia.coordinator"),
        )
        assert waiting.json()["total"] == 1
    # A second start loads nothing new.
    async with AsyncTestClient(create_app(DEFINITION, settings=sqlite_settings)) as client:
        page = (await client.get("/api/v1/applications", headers=staff("eva.two.districts"))).json()
        assert page["total"] == 2 * len(DEMO_STATES)
