"""Which failures count as an outage (retry later) rather than a bad message (DLQ).

A Kafka notice consumed while the database is down must not end in the
dead-letter topic, where it would wait for a person to replay it.
"""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bostad_common.db import make_engine
from bostad_common.messaging.consumer import is_infrastructure_outage
from bostad_devkit import testing

pytestmark = pytest.mark.integration


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(testing.admin_url().replace("+asyncpg", ""))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def test_a_database_refusing_connections_is_an_outage(postgres_url: str) -> None:
    name = postgres_url.rsplit("/", 1)[1]
    await _admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    engine = make_engine(postgres_url)
    try:
        with pytest.raises(Exception) as raised:
            async with engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        assert is_infrastructure_outage(raised.value), type(raised.value)
    finally:
        await engine.dispose()
        await _admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


async def test_a_killed_connection_is_an_outage(postgres_url: str) -> None:
    name = postgres_url.rsplit("/", 1)[1]
    engine = make_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            await _admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
            )
            with pytest.raises(Exception) as raised:
                await conn.execute(text("SELECT 1"))
        assert is_infrastructure_outage(raised.value), type(raised.value)
    finally:
        await engine.dispose()


def test_bad_data_is_not_an_outage() -> None:
    assert not is_infrastructure_outage(ValueError("bad amount"))
    assert not is_infrastructure_outage(IntegrityError("INSERT", {}, Exception("duplicate")))
