"""Fault drills: a service process killed, the broker paused, database connections cut
mid-transaction, Redis gone — and afterwards nothing accepted is lost, nothing applied
twice, and the service is ready again without a hand.

Eviction prevention is the service under drill: it takes landlord notices over HTTP
and from Kafka, writes cases and events in one transaction, and publishes through the
outbox — every kind of work a fault can cut in half. Each drill runs a landlord
posting notices over HTTP (several requests in flight) and, where the drill concerns
the consumer, a batch of notices on the Kafka topic. A request that got no 2xx is
resent, as a landlord's system does; the resend must find the notice stored once.

Helpers are shared with `tests/test_resilience.py` (`bostad_devkit.drill_kit`), which
drills a broker restart and a database that refuses connections for a while.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import pytest
import redis.asyncio

from bostad_common.settings import Settings
from bostad_devkit import testing
from bostad_devkit.broker_process import free_port, wait_for_port
from bostad_devkit.drill_kit import (
    CASE_OPENED,
    Attempt,
    Db,
    OwnBroker,
    Poster,
    case_opened_on_broker,
    eventually,
    is_zero,
    own_broker,
    produce_notices,
    readiness,
    register_landlord,
    serving,
    settings_for,
)

pytestmark = pytest.mark.integration

__all__ = ["own_broker"]  # the fixture, imported for pytest

KAFKA_NOTICES = 40


# --- what every drill checks afterwards ----------------------------------------------


async def resend_unacknowledged(poster: Poster) -> Counter[int | None]:
    """The landlord resends every notice that got no 2xx; returns the resends' statuses."""
    unanswered = [a for a in poster.attempts if a.status not in (200, 202)]
    limit = asyncio.Semaphore(4)

    async def resend(attempt: Attempt) -> int | None:
        async with limit:
            return (await poster.post(attempt.external_id, attempt.household)).status

    return Counter(await asyncio.gather(*(resend(a) for a in unanswered)))


async def case_opened_rows_per_notice(db: Db) -> Counter[str]:
    """notice_id → how many CaseOpened events its transactions committed to the outbox."""
    import json

    from sqlalchemy import select

    from bostad_common.messaging import OutboxMessage

    async with db.sessions() as session:
        values = (await session.execute(select(OutboxMessage.value))).scalars().all()
    found: Counter[str] = Counter()
    for value in values:
        event = json.loads(value)
        if event["type"] == CASE_OPENED:
            found[event["data"]["notice_id"]] += 1
    return found


async def all_kafka_notices_stored(db: Db) -> bool:
    counts = await db.notice_counts()
    return sum(1 for key in counts if key.startswith("KAFKA-")) >= KAFKA_NOTICES


async def assert_nothing_lost_nothing_twice(
    db: Db, poster: Poster, bootstrap: str, kafka_ids: list[str]
) -> Counter[str]:
    """Every notice sent (HTTP, resent until acknowledged, and Kafka) is stored once, has
    one case and committed one CaseOpened, and that event reached the broker."""
    await eventually(lambda: all_kafka_notices_stored(db), 60, "every Kafka notice stored")
    await eventually(lambda: is_zero(db.pending()), 30, "outbox drained")
    counts = await db.notice_counts()
    sent = {a.external_id for a in poster.attempts} | set(kafka_ids)
    assert set(counts) == sent, (sent - set(counts), set(counts) - sent)
    twice = {key: n for key, n in counts.items() if n != 1}
    assert not twice, f"stored more than once: {twice}"
    assert await db.notices_without_case() == 0
    ids = await db.notice_ids()
    opened = await case_opened_rows_per_notice(db)
    assert all(opened[ids[key]] == 1 for key in sent), "a case opened twice, or never"
    on_broker = await case_opened_on_broker(bootstrap)
    missing = [key for key in sent if on_broker[ids[key]] < 1]
    assert not missing, f"CaseOpened never reached the broker: {missing[:5]}"
    return on_broker


def kafka_batch(prefix: str = "KAFKA") -> list[tuple[str, int]]:
    return [(f"{prefix}-{i}", 5000 + i) for i in range(KAFKA_NOTICES)]


# --- 1. a service process killed with SIGKILL while events are in flight -------------


@contextlib.contextmanager
def service_process(env: dict[str, str]) -> Iterator[list[subprocess.Popen[bytes]]]:
    """`python -m eviction_prevention`, restartable; every process is killed at the end."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def start_service(env: dict[str, str], started: list[subprocess.Popen[bytes]]) -> None:
    started.append(
        subprocess.Popen(
            [sys.executable, "-m", "eviction_prevention"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    )
    wait_for_port("127.0.0.1", int(env["BOSTAD_HTTP_PORT"]), timeout=60)


async def test_service_killed_mid_stream_restarts_and_loses_nothing(
    own_broker: OwnBroker, postgres_url: str, redis_url: str, dev_issuer: Settings, staff_token: Any
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "BOSTAD_ENVIRONMENT": "test",
        "BOSTAD_DATABASE_URL": postgres_url,
        "BOSTAD_KAFKA_BOOTSTRAP": own_broker.bootstrap,
        "BOSTAD_REDIS_URL": redis_url,
        "BOSTAD_HTTP_PORT": str(port),
        "BOSTAD_VAR_DIR": str(dev_issuer.var_dir),
        "BOSTAD_OIDC_ISSUER": dev_issuer.oidc_issuer,
        "BOSTAD_RELAY_INTERVAL_SECONDS": "0.1",
        "BOSTAD_LANDLORD_REQUESTS_PER_MINUTE": "100000",
        "BOSTAD_LOG_LEVEL": "WARNING",
    }
    db = Db(postgres_url)
    with service_process(env) as started:
        try:
            start_service(env, started)
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                await readiness(client, ok=True, timeout=30)
                landlord = await register_landlord(client, staff_token("adam.admin"))
                poster = Poster(client, landlord["credential"], "HTTP")
                posting = asyncio.create_task(poster.run())
                batch = kafka_batch()
                await produce_notices(own_broker.bootstrap, landlord["landlord_id"], batch)
                await poster.more_accepted(5, timeout=20)

                async def consumer_mid_batch() -> bool:
                    stored = await db.notice_counts()
                    return any(key.startswith("KAFKA-") for key in stored)

                await eventually(consumer_mid_batch, 30, "the Kafka intake under way", 0.05)
                os.killpg(started[-1].pid, signal.SIGKILL)  # no shutdown, no drain
                started[-1].wait()

                start_service(env, started)  # the same command, no repair in between
                await readiness(client, ok=True, timeout=60)
                await poster.more_accepted(5, timeout=30)
                await poster.stop(posting)
                resent = await resend_unacknowledged(poster)
                assert set(resent) <= {200, 202}, resent
                on_broker = await assert_nothing_lost_nothing_twice(
                    db, poster, own_broker.bootstrap, [key for key, _ in batch]
                )
                print(
                    f"SIGKILL: {len(poster.accepted())} accepted over HTTP, resent {dict(resent)},"
                    f" {KAFKA_NOTICES} on Kafka; duplicates on the topic:"
                    f" {sum(n - 1 for n in on_broker.values())}"
                )
        finally:
            await db.close()


# --- 2. the broker paused mid-stream (SIGSTOP) and brought back (SIGCONT) -------------


async def test_broker_paused_mid_stream_and_resumed(
    own_broker: OwnBroker, postgres_url: str, redis_url: str, dev_issuer: Settings, staff_token: Any
) -> None:
    settings = settings_for(postgres_url, own_broker.bootstrap, redis_url, dev_issuer)
    db = Db(postgres_url)
    try:
        async with serving(settings) as client:
            await readiness(client, ok=True, timeout=30)
            landlord = await register_landlord(client, staff_token("adam.admin"))
            batch = kafka_batch()
            await produce_notices(own_broker.bootstrap, landlord["landlord_id"], batch)
            poster = Poster(client, landlord["credential"], "HTTP")
            posting = asyncio.create_task(poster.run())
            await poster.more_accepted(5, timeout=20)

            os.kill(own_broker.process.pid, signal.SIGSTOP)
            try:
                # Landlords are still answered: the events wait in the outbox.
                await poster.more_accepted(10, timeout=20)
                assert await db.pending() > 0, "events committed meanwhile wait in the outbox"
            finally:
                os.kill(own_broker.process.pid, signal.SIGCONT)

            await poster.more_accepted(5, timeout=30)
            await poster.stop(posting)
            await readiness(client, ok=True, timeout=30)
            statuses = Counter(a.status for a in poster.attempts)
            assert set(statuses) == {202}, statuses  # a paused broker is invisible to landlords
            on_broker = await assert_nothing_lost_nothing_twice(
                db, poster, own_broker.bootstrap, [key for key, _ in batch]
            )
            print(
                f"broker paused: {len(poster.accepted())} accepted;"
                f" duplicates on the topic: {sum(n - 1 for n in on_broker.values())}"
            )
    finally:
        await db.close()


# --- 3. database connections dropped mid-transaction ---------------------------------


async def terminate_backends(database_url: str) -> int:
    """pg_terminate_backend on every connection to one test database (it stays open to
    new connections): whatever transaction each was in is cut off."""
    name = database_url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(testing.admin_url().replace("+asyncpg", "", 1))
    try:
        return len(
            await conn.fetch(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                name,
            )
        )
    finally:
        await conn.close()


async def test_connections_dropped_mid_transaction(
    own_broker: OwnBroker, postgres_url: str, redis_url: str, dev_issuer: Settings, staff_token: Any
) -> None:
    settings = settings_for(postgres_url, own_broker.bootstrap, redis_url, dev_issuer)
    db = Db(postgres_url)
    try:
        async with serving(settings) as client:
            await readiness(client, ok=True, timeout=30)
            landlord = await register_landlord(client, staff_token("adam.admin"))
            poster = Poster(client, landlord["credential"], "HTTP")
            posting = asyncio.create_task(poster.run(workers=4, interval=0.01))
            batch = kafka_batch()
            await produce_notices(own_broker.bootstrap, landlord["landlord_id"], batch)
            terminated = 0
            for _ in range(5):
                await poster.more_accepted(3, timeout=30)
                terminated += await terminate_backends(postgres_url)
            await poster.more_accepted(3, timeout=30)
            await poster.stop(posting)
            await readiness(client, ok=True, timeout=30)

            refused = Counter(a.status for a in poster.attempts if a.status not in (200, 202))
            assert all(s is not None and s >= 500 for s in refused), refused
            resent = await resend_unacknowledged(poster)
            assert set(resent) <= {200, 202}, resent
            await assert_nothing_lost_nothing_twice(
                db, poster, own_broker.bootstrap, [key for key, _ in batch]
            )
            assert terminated >= 5, "the drill never cut a connection"
            print(
                f"connections cut: {terminated} backends terminated,"
                f" {len(poster.accepted())} accepted, refused {dict(refused)},"
                f" resent {dict(resent)}"
            )
    finally:
        await db.close()


# --- 4. Redis gone for a while ----------------------------------------------------------


class OwnRedis:
    """A Redis for one test on a free port, stopped and started at will (no persistence)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for_port("127.0.0.1", self.port, timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None

    async def keys(self) -> list[bytes]:
        client = redis.asyncio.Redis.from_url(self.url)
        try:
            return await client.keys("*")
        finally:
            await client.aclose()


@pytest.fixture
def own_redis() -> Iterator[OwnRedis]:
    server = OwnRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def test_redis_gone_for_a_while(
    own_broker: OwnBroker,
    own_redis: OwnRedis,
    postgres_url: str,
    dev_issuer: Settings,
    staff_token: Any,
) -> None:
    settings = settings_for(postgres_url, own_broker.bootstrap, own_redis.url, dev_issuer)
    db = Db(postgres_url)
    try:
        async with serving(settings) as client:
            await readiness(client, ok=True, timeout=30)
            landlord = await register_landlord(client, staff_token("adam.admin"))
            poster = Poster(client, landlord["credential"], "HTTP")
            posting = asyncio.create_task(poster.run())
            await poster.more_accepted(5, timeout=20)
            assert await own_redis.keys(), "the landlord's request rate is counted in Redis"

            own_redis.stop()
            gone_from = len(poster.attempts)
            await poster.more_accepted(8, timeout=30)
            wrong = await client.post(
                "/api/v1/notices",
                json={},
                headers={"Authorization": "Bearer bpl_not-a-credential"},
            )
            during = Counter(a.status for a in poster.attempts[gone_from:])
            await readiness(client, ok=True, timeout=5)  # the throttle store is not a dependency

            own_redis.start()  # empty: the counters start again
            await poster.more_accepted(5, timeout=30)
            await poster.stop(posting)
            await eventually(own_redis.keys, 10, "counting in Redis again")

            assert wrong.status_code == 401, wrong.text  # a bad credential is still refused
            assert set(during) == {202}, during
            statuses = Counter(a.status for a in poster.attempts)
            assert set(statuses) == {202}, statuses
            await eventually(lambda: is_zero(db.pending()), 30, "outbox drained")
            counts = await db.notice_counts()
            assert set(counts) == {a.external_id for a in poster.attempts}
            assert all(n == 1 for n in counts.values())
            print(f"Redis gone: {sum(during.values())} requests while away, all {dict(during)}")
    finally:
        await db.close()
