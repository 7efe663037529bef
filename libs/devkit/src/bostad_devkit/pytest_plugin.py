"""Suite-wide fixtures: the real broker, PostgreSQL and Redis, the development issuer and
the personal-number scan of every test's logs and spans.

Shared through the development package, not through `sys.path`: a service's tests
import helpers from `bostad_devkit` and get these fixtures from its plugin.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, unit_of_work
from bostad_common.kafka_admin import ensure_topics
from bostad_common.service import ServiceDefinition, create_app
from bostad_common.settings import Settings
from bostad_devkit import testing
from bostad_devkit.broker_process import free_port, start_broker, stop_process
from bostad_devkit.dev_issuer import create_issuer_app, issue_token
from bostad_devkit.settings import devkit_settings


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A running Kafka-protocol broker with every platform topic created."""
    external = devkit_settings().test_kafka
    if external:
        yield external
        return
    port = free_port()
    process = start_broker(port)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
async def kafka_topics(kafka_bootstrap: str) -> str:
    await ensure_topics(kafka_bootstrap)
    return kafka_bootstrap


@pytest.fixture(scope="session")
async def test_databases() -> AsyncIterator[testing.TestDatabases]:
    """Every test's PostgreSQL database comes from here (see `TestDatabases`)."""
    databases = testing.TestDatabases()
    try:
        yield databases
    finally:
        await databases.close()


@pytest.fixture
async def postgres_url(test_databases: testing.TestDatabases) -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    url = await test_databases.empty()
    try:
        yield url
    finally:
        test_databases.release(url)


@pytest.fixture
async def service_database_url(
    service_definition: ServiceDefinition, test_databases: testing.TestDatabases
) -> AsyncIterator[str]:
    """A fresh PostgreSQL database already at the head of the service's migrations
    (a copy of the session's template), dropped afterwards. `postgres_url` is an empty one."""
    url = await test_databases.migrated(service_definition)
    try:
        yield url
    finally:
        test_databases.release(url)


@pytest.fixture(scope="session")
def redis_url() -> str:
    return testing.redis_url()


@pytest.fixture(scope="session")
def dev_issuer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """The development OIDC issuer served over real HTTP for the whole session.

    Returns settings naming it (issuer URL, audience, var dir with its key), so
    services built from `service_settings` verify tokens exactly as in `./bostad up`.
    """
    var_dir = tmp_path_factory.mktemp("issuer-var")
    port = free_port()
    settings = Settings(var_dir=var_dir, oidc_issuer=f"http://127.0.0.1:{port}/dev-issuer")
    server = testing.serve_in_thread(create_issuer_app(settings), port)
    try:
        yield settings
    finally:
        server.stop()


@pytest.fixture
def service_settings(
    postgres_url: str, kafka_topics: str, redis_url: str, dev_issuer: Settings
) -> Settings:
    """Settings for one service under test: fresh database, real broker, Redis, issuer."""
    return suite_settings(postgres_url, kafka_topics, redis_url, dev_issuer)


def suite_settings(
    database_url: str, kafka_bootstrap: str, redis_url: str, issuer: Settings
) -> Settings:
    """A service's settings in the suite: its database, the broker, Redis, the session's issuer."""
    return Settings(
        environment="test",
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        redis_url=redis_url,
        var_dir=issuer.var_dir,
        oidc_issuer=issuer.oidc_issuer,
        relay_interval_seconds=0.1,
    )


@pytest.fixture(scope="session")
def staff_token(dev_issuer: Settings):  # type: ignore[no-untyped-def]
    """`staff_token("anna.caseworker")` → a bearer token from the session's issuer."""

    def issue(username: str, **kwargs: object) -> str:
        return issue_token(username, settings=dev_issuer, **kwargs)  # type: ignore[arg-type]

    return issue


# --- One service under test: the fixtures every service's tests share ------------------
#
# A service's tests/conftest.py names the service, and gets `settings`, `kafka_settings`,
# `app`, `client`, `sessions`, `system_session`, `local_ctx` and `staff`:
#
#     @pytest.fixture(scope="session")
#     def service_definition() -> ServiceDefinition:
#         return DEFINITION


@pytest.fixture
def settings(service_database_url: str, redis_url: str, dev_issuer: Settings) -> Settings:
    """HTTP tests: the service's own fresh database, Redis, the session's issuer; the
    broker address leads nowhere.

    The service starts without its broker (it retries in the background), so these
    tests skip consumer-group joins; what would reach Kafka is read from the outbox,
    and end to end with `kafka_settings`.
    """
    return Settings(
        environment="test",
        database_url=service_database_url,
        kafka_bootstrap=f"127.0.0.1:{free_port()}",
        redis_url=redis_url,
        var_dir=dev_issuer.var_dir,
        oidc_issuer=dev_issuer.oidc_issuer,
        relay_interval_seconds=0.2,
        consumer_max_attempts=2,
        # The demo users are the staff directory's people where a service keeps a
        # copy (eviction-prevention books outreach only for active housing support).
        seed_demo_directory=True,
    )


@pytest.fixture
def kafka_settings(settings: Settings, kafka_topics: str) -> Settings:
    """`settings` with the session's real broker."""
    return settings.model_copy(
        update={"kafka_bootstrap": kafka_topics, "relay_interval_seconds": 0.1}
    )


@pytest.fixture
def app(service_definition: ServiceDefinition, settings: Settings) -> Litestar:
    return create_app(service_definition, settings=settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app) as client:
        yield client


@pytest.fixture
async def sessions(
    client: AsyncTestClient[Litestar], service_database_url: str
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on the test's own event loop.

    The app (requests and lifespan) runs on the test client's portal loop, so its
    engine cannot be used from the test; this engine reaches the same database.
    """
    engine = make_engine(service_database_url)
    try:
        yield make_session_factory(engine)
    finally:
        await engine.dispose()


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
def local_ctx(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> Any:
    """What background tasks and start-up hooks need of a ServiceContext, on the test's loop."""
    return SimpleNamespace(settings=settings, sessions=sessions)


@pytest.fixture
def staff(staff_token: Callable[..., str]) -> Callable[[str], dict[str, str]]:
    """Authorization headers for a demo user, e.g. staff("anna.caseworker")."""

    def headers(username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {staff_token(username)}"}

    return headers


# --- No personal data in logs or spans, for every test --------------------------------

from bostad_common.telemetry import configure_tracing  # noqa: E402
from bostad_devkit.leak_scan import TelemetryCapture  # noqa: E402

_CAPTURE = TelemetryCapture()


@pytest.fixture(scope="session")
def telemetry_capture() -> TelemetryCapture:
    """Every span and log record the suite's in-process services emit."""
    return _CAPTURE


# Fixtures that reach PostgreSQL, Redis or the broker. A test that uses one (directly
# or through another fixture) must say so with the `integration` marker, so that
# `pytest -m "not integration"` runs with none of them reachable.
INTEGRATION_FIXTURES = frozenset(
    {
        "postgres_url",
        "redis_url",
        "kafka_bootstrap",
        "kafka_topics",
        "service_settings",
        "test_databases",
        "service_database_url",
    }
)


def unmarked_integration_fixtures(item: pytest.Item) -> set[str]:
    """The integration fixtures `item` uses although it has no `integration` marker."""
    if item.get_closest_marker("integration") is not None:
        return set()
    return INTEGRATION_FIXTURES & set(getattr(item, "fixturenames", ()))


def pytest_runtest_setup(item: pytest.Item) -> None:
    missing = unmarked_integration_fixtures(item)
    if missing:
        pytest.fail(
            f"{item.nodeid} uses {', '.join(sorted(missing))} (PostgreSQL, Redis or the broker)"
            " but has no `integration` marker; add `pytestmark = pytest.mark.integration`",
            pytrace=False,
        )


# Consumer groups of the suite's services: Tansu makes a joining member wait about half
# the session timeout, and a restarted consumer wait for the previous member to time
# out (NOTES "Tansu consumer groups"). Every app, `python -m <service>` and `./bostad up`
# the suite starts reads these from the environment, so each join takes about a second
# instead of 5-20. Set before any settings are built; an explicit value is kept.
SESSION_TIMEOUT_MS = 1000
HEARTBEAT_INTERVAL_MS = 200
TEST_CONSUMER_GROUP_TIMING = {
    "BOSTAD_CONSUMER_SESSION_TIMEOUT_MS": str(SESSION_TIMEOUT_MS),
    "BOSTAD_CONSUMER_HEARTBEAT_INTERVAL_MS": str(HEARTBEAT_INTERVAL_MS),
}


def pytest_configure(config: pytest.Config) -> None:
    for name, value in TEST_CONSUMER_GROUP_TIMING.items():
        os.environ.setdefault(name, value)
    # One process-wide tracer provider for every app the suite builds in-process,
    # so the leak scan sees all their spans.
    _CAPTURE.install(configure_tracing("bostad-test-suite"))


@pytest.fixture(autouse=True)
def _fail_on_personal_data_in_telemetry() -> Iterator[None]:
    _CAPTURE.ensure_log_handler()
    _CAPTURE.mark()
    yield
    _CAPTURE.ensure_log_handler()
    leaks = _CAPTURE.leaks_since_mark()
    if leaks:
        origins = sorted({f"{leak.where}:{leak.origin}" for leak in leaks})
        pytest.fail(f"personal number emitted in telemetry from {origins}", pytrace=False)
