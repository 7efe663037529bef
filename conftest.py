"""Suite-wide fixtures: the real broker, PostgreSQL and Redis (see bostad_common.testing)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from bostad_common import testing
from bostad_common.broker_process import free_port, start_broker, stop_process
from bostad_common.kafka_admin import ensure_topics


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A running Kafka-protocol broker with every platform topic created."""
    external = os.environ.get("BOSTAD_TEST_KAFKA")
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


@pytest.fixture
async def postgres_url(request: pytest.FixtureRequest) -> AsyncIterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    url = await testing.create_database(request.node.name[:20])
    try:
        yield url
    finally:
        await testing.drop_database(url)


@pytest.fixture(scope="session")
def redis_url() -> str:
    return testing.redis_url()
