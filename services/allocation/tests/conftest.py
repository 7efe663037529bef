"""Fixtures: the real app against real PostgreSQL, Redis and (for Kafka tests) the real broker.

Tokens come from the session's development issuer (root conftest's
`staff_token`); the service verifies them over HTTP like a real provider's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from allocation.app import DEFINITION
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, unit_of_work
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_devkit.broker_process import free_port


@pytest.fixture
def settings(service_settings: Settings) -> Settings:
    """HTTP tests: the broker address leads nowhere (outbox rows are checked instead)."""
    return service_settings.model_copy(
        update={"kafka_bootstrap": f"127.0.0.1:{free_port()}", "consumer_max_attempts": 2}
    )


@pytest.fixture
def kafka_settings(service_settings: Settings) -> Settings:
    return service_settings.model_copy(update={"consumer_max_attempts": 2})


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
def local_ctx(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> Any:
    """What background tasks and start-up hooks need of a ServiceContext, on the test's loop."""
    return SimpleNamespace(settings=settings, sessions=sessions)


@pytest.fixture
def staff(staff_token: Callable[..., str]) -> Callable[[str], dict[str, str]]:
    def headers(username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {staff_token(username)}"}

    return headers


@pytest.fixture
def system_session(sessions: async_sessionmaker[AsyncSession]) -> Callable[[], Any]:
    @asynccontextmanager
    async def open_session() -> AsyncIterator[AsyncSession]:
        async with unit_of_work(sessions) as session:
            bind_principal(session, SYSTEM)
            yield session

    return open_session
