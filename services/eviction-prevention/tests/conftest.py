"""Fixtures: the real app against real PostgreSQL, Redis and the Kafka-protocol broker.

Staff tokens come from the development issuer (its key in a temporary var
dir); the service verifies them against that issuer's JWKS, published to a
local HTTP server so no issuer process is needed.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, unit_of_work
from bostad_common.db_types import utcnow
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_devkit.broker_process import free_port
from bostad_devkit.dev_issuer import issue_token, jwks
from eviction_prevention.app import DEFINITION
from eviction_prevention.landlords import service as landlords


@pytest.fixture(scope="session")
def var_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("eviction-var")


@pytest.fixture(scope="session")
def jwks_url(var_dir: Path) -> Iterator[str]:
    """The development issuer's public keys, served over HTTP on a free local port."""
    document = json.dumps(jwks(Settings(var_dir=var_dir))).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(document)))
            self.end_headers()
            self.wfile.write(document)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    finally:
        server.shutdown()


def _settings(
    postgres_url: str, kafka_bootstrap: str, redis_url: str, var_dir: Path, jwks_url: str
) -> Settings:
    return Settings(
        environment="test",
        database_url=postgres_url,
        kafka_bootstrap=kafka_bootstrap,
        redis_url=redis_url,
        var_dir=var_dir,
        oidc_jwks_url=jwks_url,
        relay_interval_seconds=0.2,
        consumer_max_attempts=2,
        # The demo users are the staff directory's people (outreach books only
        # active housing support); test_staff_directory_copy.py changes it.
        seed_demo_directory=True,
    )


@pytest.fixture
def settings(postgres_url: str, redis_url: str, var_dir: Path, jwks_url: str) -> Settings:
    """HTTP tests: real PostgreSQL and Redis; the broker address leads nowhere.

    The service starts without its broker (it retries in the background), so
    these tests skip the consumer-group joins and leaves that make a start and
    stop against the real broker take seconds. What reaches Kafka is checked
    in the outbox here, and end to end in test_kafka.py with `kafka_settings`.
    """
    return _settings(postgres_url, f"127.0.0.1:{free_port()}", redis_url, var_dir, jwks_url)


@pytest.fixture
def kafka_settings(
    postgres_url: str, kafka_topics: str, redis_url: str, var_dir: Path, jwks_url: str
) -> Settings:
    return _settings(postgres_url, kafka_topics, redis_url, var_dir, jwks_url)


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
    """Sessions on the test's own event loop.

    The app (requests and lifespan) runs on the test client's portal loop, so
    its engine cannot be used from the test; this engine reaches the same
    database (already migrated by the app's start-up).
    """
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
def staff(settings: Settings) -> Callable[[str], dict[str, str]]:
    """Authorization headers for a demo user, e.g. staff("anna.caseworker")."""

    def headers(username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(username, settings=settings)}"}

    return headers


@pytest.fixture
def system_session(sessions: async_sessionmaker[AsyncSession]) -> Callable[[], Any]:
    """A unit of work bound to SYSTEM, for arranging and inspecting the database."""

    @asynccontextmanager
    async def open_session() -> AsyncIterator[AsyncSession]:
        async with unit_of_work(sessions) as session:
            bind_principal(session, SYSTEM)
            yield session

    return open_session


@pytest.fixture
def register_landlord(system_session) -> Callable[..., Awaitable[tuple[str, dict[str, str]]]]:
    """Register a landlord; returns (landlord_id, Authorization headers)."""

    async def register(
        name: str = "HSB Test", districts: tuple[str, ...] = ("bromma",)
    ) -> tuple[str, dict[str, str]]:
        async with system_session() as session:
            landlord, credential = await landlords.register_landlord(
                session, name=name, district_codes=list(districts), now=utcnow()
            )
        return landlord.id, {"Authorization": f"Bearer {credential}"}

    return register
