"""Fixtures: the real intake app against real PostgreSQL and Redis; the broker when asked.

HTTP tests run the service without a reachable broker (it retries in the
background), so they skip consumer-group joins; what would reach Kafka is read
from the outbox. `kafka_settings` runs it against the session's real broker.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, unit_of_work
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_devkit.broker_process import free_port
from intake.app import DEFINITION


@pytest.fixture
def settings(postgres_url: str, redis_url: str, dev_issuer: Settings) -> Settings:
    return Settings(
        environment="test",
        database_url=postgres_url,
        kafka_bootstrap=f"127.0.0.1:{free_port()}",
        redis_url=redis_url,
        var_dir=dev_issuer.var_dir,
        oidc_issuer=dev_issuer.oidc_issuer,
        relay_interval_seconds=0.2,
    )


@pytest.fixture
def kafka_settings(service_settings: Settings) -> Settings:
    return service_settings


@pytest.fixture
async def app(settings: Settings) -> Litestar:
    return create_app(DEFINITION, settings=settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app) as client:
        yield client


@pytest.fixture
async def sessions(
    client: AsyncTestClient, postgres_url: str
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on the test's own loop (the app runs on the client's portal loop)."""
    engine = make_engine(postgres_url)
    try:
        yield make_session_factory(engine)
    finally:
        await engine.dispose()


@pytest.fixture
def system_session(sessions: async_sessionmaker[AsyncSession]) -> Callable[[], Any]:
    @asynccontextmanager
    async def open_session() -> AsyncIterator[AsyncSession]:
        async with unit_of_work(sessions) as session:
            bind_principal(session, SYSTEM)
            yield session

    return open_session


@pytest.fixture
def staff(staff_token: Callable[..., str]) -> Callable[[str], dict[str, str]]:
    """Authorization headers for a demo user, e.g. staff("anna.caseworker")."""

    def headers(username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {staff_token(username)}"}

    return headers
