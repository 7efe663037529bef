"""Parallel reads each append to the access log's hash chain: no 500, the chain stays linear.

Issue #8 finding 1: ten parallel `GET /api/v1/cases/{id}` on the embedded default
(SQLite) answered 500 with an IntegrityError — two requests read the same chain
head and both tried to append the same `seq`.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import select

from bostad_common.auth.access_log import AccessLogEntry, verify_chain
from bostad_common.db import make_engine, make_session_factory, unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import create_app
from bostad_devkit.broker_process import free_port
from bostad_devkit.eviction_kit import notice_body
from bostad_devkit.testing import serve_in_thread
from eviction_prevention.app import DEFINITION
from eviction_prevention.landlords import service as landlords

pytestmark = pytest.mark.integration


async def _parallel_reads_stay_linear(url: str, settings, staff) -> None:
    app = create_app(
        DEFINITION,
        settings=settings.model_copy(
            update={"database_url": url, "kafka_bootstrap": f"127.0.0.1:{free_port()}"}
        ),
    )
    # A real server: the in-process test client hands requests to the app one at a time.
    port = free_port()
    server = serve_in_thread(app, port)
    engine = make_engine(url)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            async with unit_of_work(make_session_factory(engine)) as session:
                _, credential = await landlords.register_landlord(
                    session, name="L", district_codes=["bromma"], now=utcnow()
                )
            posted = await client.post(
                "/api/v1/notices",
                json=notice_body(),
                headers={"Authorization": f"Bearer {credential}"},
            )
            assert posted.status_code == 202, posted.text
            anna = staff("anna.caseworker")
            [entry] = (await client.get("/api/v1/cases/worklist", headers=anna)).json()
            paths = [f"/api/v1/cases/{entry['case_id']}", "/api/v1/cases/worklist"] * 15
            answers = await asyncio.gather(*(client.get(path, headers=anna) for path in paths))
            assert [a.status_code for a in answers] == [200] * len(paths)
            async with make_session_factory(engine)() as session:
                result = await verify_chain(session)
                seqs = (await session.execute(select(AccessLogEntry.seq))).scalars().all()
            assert result.ok, result
            assert sorted(seqs) == list(range(1, len(seqs) + 1))
            assert len(seqs) >= len(paths)
    finally:
        await engine.dispose()
        server.stop()


async def test_parallel_reads_on_sqlite(tmp_path, settings, staff):
    url = f"sqlite+aiosqlite:///{tmp_path / 'eviction-prevention.db'}"
    await _parallel_reads_stay_linear(url, settings, staff)


async def test_parallel_reads_on_postgresql(service_database_url, settings, staff):
    await _parallel_reads_stay_linear(service_database_url, settings, staff)
