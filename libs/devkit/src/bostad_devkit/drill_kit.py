"""Fault-drill helpers shared by the resilience and fault-drill tests.

Eviction prevention served over real HTTP, a restartable broker, a test database
taken away, landlords posting notices with several requests in flight, and the
test's own reads of the database and the events topic (see tests/test_resilience.py
and tests/test_fault_drills.py for what they prove).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiokafka.client
import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory
from bostad_common.events.topics import EVICTION_EVENTS, LANDLORD_NOTICES
from bostad_common.kafka_admin import ensure_topics
from bostad_common.messaging import OutboxMessage
from bostad_common.personnummer import PersonalNumber
from bostad_common.service import create_app
from bostad_common.settings import Settings
from bostad_common.workdays import now_stockholm
from bostad_devkit import testing
from bostad_devkit.broker_process import free_port, start_broker

CASE_OPENED = "se.bostad.CaseOpened"


# --- infrastructure under the test's control ------------------------------------------


class OwnBroker:
    """A Tansu broker for one test, restartable on the same port (the session's is never
    stopped).

    A restart is seen by the service the way a production Kafka restart is: the broker
    is back only once its topics exist. Tansu (memory-only) comes back empty, and a
    client that writes to it before `ensure_topics` gets acknowledgements for writes
    Tansu later shadows (two records acknowledged at one offset, one never readable)
    — a defect of the embedded broker, not something a service can repair. So while
    the broker is down and until its topics are recreated, the service's Kafka clients
    (on the app's event loop) cannot connect; the test's own clients can.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.port = free_port()
        self.process: Any = None
        self._gate_closed = False
        self._test_loop = asyncio.get_running_loop()
        connect = aiokafka.client.create_conn

        async def gated_connect(host: str, port: int, *args: Any, **kwargs: Any) -> Any:
            if (
                self._gate_closed
                and port == self.port
                and asyncio.get_running_loop() is not self._test_loop
            ):
                raise ConnectionRefusedError(f"broker at port {port} is not back yet")
            return await connect(host, port, *args, **kwargs)

        monkeypatch.setattr(aiokafka.client, "create_conn", gated_connect)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.process = await asyncio.to_thread(start_broker, self.port)
        await ensure_topics(self.bootstrap)
        self._gate_closed = False

    async def stop(self) -> None:
        """Gone at once, as in a crash (SIGKILL): no goodbye to any client."""
        self._gate_closed = True
        if self.process is not None:
            self.process.kill()
            await asyncio.to_thread(self.process.wait)
            self.process = None


@pytest.fixture
async def own_broker(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[OwnBroker]:
    broker = OwnBroker(monkeypatch)
    await broker.start()
    try:
        yield broker
    finally:
        await broker.stop()


def settings_for(postgres_url: str, bootstrap: str, redis_url: str, issuer: Settings) -> Settings:
    return Settings(
        environment="test",
        database_url=postgres_url,
        kafka_bootstrap=bootstrap,
        redis_url=redis_url,
        var_dir=issuer.var_dir,
        oidc_issuer=issuer.oidc_issuer,
        relay_interval_seconds=0.1,
        landlord_requests_per_minute=100_000,  # several requests in flight, all the time
    )


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """Eviction prevention over real HTTP (uvicorn in a thread, its own event loop), so
    requests are in flight while the broker or database goes away."""
    from eviction_prevention.app import DEFINITION

    port = free_port()
    server = await asyncio.to_thread(
        testing.serve_in_thread, create_app(DEFINITION, settings=settings), port
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        await asyncio.to_thread(server.stop)


async def database_refuses_connections(database_url: str, refuse: bool) -> None:
    """Take one test database away (connections refused, backends killed), or give it back.

    The PostgreSQL server is shared by the whole machine and keeps running.
    """
    name = database_url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(testing.admin_url().replace("+asyncpg", "", 1))
    try:
        await conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(not refuse).lower()}')
        if refuse:
            await conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = $1 AND pid <> pg_backend_pid()",
                name,
            )
    finally:
        await conn.close()


class Db:
    """The test's own view of the service's database (the app runs on another loop)."""

    def __init__(self, url: str) -> None:
        self.engine: AsyncEngine = make_engine(url)
        self.sessions: async_sessionmaker[AsyncSession] = make_session_factory(self.engine)

    async def notice_counts(self) -> Counter[str]:
        """external_id → how many notices carry it."""
        from eviction_prevention.notices.models import Notice

        async with self.sessions() as session:
            bind_principal(session, SYSTEM)
            rows = (await session.execute(select(Notice.external_id))).scalars().all()
        return Counter(rows)

    async def notices_without_case(self) -> int:
        from eviction_prevention.notices.models import Notice

        async with self.sessions() as session:
            bind_principal(session, SYSTEM)
            return int(
                await session.scalar(
                    select(func.count()).select_from(Notice).where(Notice.case_id.is_(None))  # type: ignore[union-attr]
                )
                or 0
            )

    async def pending(self) -> int:
        async with self.sessions() as session:
            return int(
                await session.scalar(
                    select(func.count())
                    .select_from(OutboxMessage)
                    .where(OutboxMessage.published_at.is_(None))  # type: ignore[union-attr]
                )
                or 0
            )

    async def case_opened_rows(self) -> dict[str, OutboxMessage]:
        """notice_id → its CaseOpened outbox row."""
        async with self.sessions() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
        found = {}
        for row in rows:
            event = json.loads(row.value)
            if event["type"] == CASE_OPENED:
                found[event["data"]["notice_id"]] = row
        return found

    async def notice_ids(self) -> dict[str, str]:
        """external_id → notice id."""
        from eviction_prevention.notices.models import Notice

        async with self.sessions() as session:
            bind_principal(session, SYSTEM)
            rows = (await session.execute(select(Notice.external_id, Notice.id))).all()
        return dict(rows)  # type: ignore[arg-type]

    async def close(self) -> None:
        await self.engine.dispose()


async def case_opened_on_broker(bootstrap: str, timeout: float = 10.0) -> Counter[str]:
    """notice_id → how many CaseOpened events for it are on the broker's events topic."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    found: Counter[str] = Counter()
    try:
        await consumer.topics()
        partitions = [
            TopicPartition(EVICTION_EVENTS.name, p)
            for p in sorted(consumer.partitions_for_topic(EVICTION_EVENTS.name) or ())
        ]
        if not partitions:
            return found
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        deadline = time.monotonic() + timeout
        # Tansu's end offset is its last batch's first offset + 1; reading up to it still
        # reads that whole batch (a fetch returns whole batches), so nothing is missed.
        while behind := [tp for tp in partitions if await consumer.position(tp) < end[tp]]:
            assert time.monotonic() < deadline, "could not read the events topic to its end"
            batch = await consumer.getmany(*behind, timeout_ms=500)
            for records in batch.values():
                for record in records:
                    event = json.loads(record.value)
                    if event["type"] == CASE_OPENED:
                        found[event["data"]["notice_id"]] += 1
    finally:
        await consumer.stop()
    return found


async def eventually(
    check: Callable[[], Awaitable[Any]],
    timeout: float,
    what: str,
    pause: float = 0.2,
) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        error: Exception | None = None
        try:
            result = await check()
        except Exception as exc:  # e.g. the database is still coming back
            result, error = None, exc
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s: {what} (last error: {error!r})")
        await asyncio.sleep(pause)


async def readiness(client: httpx.AsyncClient, ok: bool, timeout: float) -> dict[str, Any]:
    """Poll /health/ready until it answers 200 (`ok`) or 503; returns its checks."""

    async def check() -> dict[str, Any] | None:
        response = await client.get("/health/ready")
        if response.status_code == (200 if ok else 503):
            return response.json()["checks"]
        return None

    return await eventually(check, timeout, f"/health/ready {'200' if ok else '503'}")


# --- notices ------------------------------------------------------------------------


def personal_number(i: int) -> str:
    """A valid test number per household (one case per notice), check digit computed."""
    stem = f"1970{1 + i % 12:02d}{1 + (i // 12) % 28:02d}-{100 + i // 336:03d}"
    for check in range(10):
        try:
            return PersonalNumber.parse(stem + str(check)).canonical
        except ValueError:
            continue
    raise AssertionError("no check digit fits")


def notice(external_id: str, household: int) -> dict[str, Any]:
    return {
        "external_id": external_id,
        "district": "bromma",
        "kind": "disturbance",
        "tenant": {"personal_number": personal_number(household), "name": "Test Testsson"},
        "address": {"street": "Provgatan 1", "postal_code": "16731", "city": "Bromma"},
        "household": {"children": 1},
        "served_at": (now_stockholm().date() - timedelta(days=1)).isoformat(),
        "eviction_date": None,
        "message": None,
    }


async def register_landlord(client: httpx.AsyncClient, admin_token: str) -> dict[str, str]:
    response = await client.post(
        "/api/v1/admin/landlords",
        json={"name": "Resilience Bostäder AB", "districts": ["bromma"]},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    assert response.status_code == 201, response.text
    return response.json()


@dataclass
class Attempt:
    external_id: str
    household: int
    status: int | None  # None: no HTTP answer at all
    notice_id: str | None


@dataclass
class Poster:
    """A landlord system posting new notices over HTTP, several requests in flight."""

    client: httpx.AsyncClient
    credential: str
    prefix: str
    attempts: list[Attempt] = field(default_factory=list)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _next: int = 0

    async def post(self, external_id: str, household: int) -> Attempt:
        try:
            response = await self.client.post(
                "/api/v1/notices",
                json=notice(external_id, household),
                headers={"Authorization": f"Bearer {self.credential}"},
            )
            status: int | None = response.status_code
            notice_id = response.json().get("notice_id") if status in (200, 202) else None
        except httpx.HTTPError:
            status, notice_id = None, None
        return Attempt(external_id, household, status, notice_id)

    async def run(self, workers: int = 3, interval: float = 0.05) -> None:
        async def worker() -> None:
            while not self._stop.is_set():
                household = self._next
                self._next += 1
                self.attempts.append(await self.post(f"{self.prefix}-{household}", household))
                await asyncio.sleep(interval)

        await asyncio.gather(*(worker() for _ in range(workers)))

    async def stop(self, task: asyncio.Task[None]) -> None:
        self._stop.set()
        await asyncio.wait_for(task, 40)

    def accepted(self) -> list[Attempt]:
        return [a for a in self.attempts if a.status == 202]

    async def more_accepted(self, count: int, timeout: float) -> None:
        target = len(self.accepted()) + count

        async def enough() -> bool:
            return len(self.accepted()) >= target

        await eventually(enough, timeout, f"{target} notices accepted", pause=0.05)


async def is_zero(value: Awaitable[int]) -> bool:
    return await value == 0


async def produce_notices(bootstrap: str, landlord_id: str, ids: list[tuple[str, int]]) -> None:
    """One acknowledged message at a time: Tansu reports a partition's end offset as its
    last batch's first offset + 1, so batches would make end offsets useless to the test."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False)
    await producer.start()
    try:
        for external_id, household in ids:
            value = {**notice(external_id, household), "landlord_id": landlord_id}
            await producer.send_and_wait(
                LANDLORD_NOTICES.name,
                json.dumps(value).encode(),
                key=f"{landlord_id}:{external_id}".encode(),
            )
    finally:
        await producer.stop()


async def settled(db: Db) -> Counter[str]:
    """The notices once their number has stopped changing for a second."""
    last = await db.notice_counts()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        now = await db.notice_counts()
        if now == last:
            return now
        last = now
    raise AssertionError("the notices kept changing")


async def consumer_caught_up(bootstrap: str, expected: int) -> bool:
    """The intake's consumer group has committed offsets past all `expected` messages."""
    from eviction_prevention.notices.handlers import GROUP_ID

    # Same group, no subscription: reads the group's offsets without joining it.
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=GROUP_ID, enable_auto_commit=False
    )
    await consumer.start()
    try:
        partitions = [
            TopicPartition(LANDLORD_NOTICES.name, p)
            for p in consumer.partitions_for_topic(LANDLORD_NOTICES.name) or ()
        ]
        end = await consumer.end_offsets(partitions)
        committed = {tp: await consumer.committed(tp) for tp in partitions if end[tp]}
    finally:
        await consumer.stop()
    if sum(end.values()) != expected:
        return False
    return all(offset is not None and offset >= end[tp] for tp, offset in committed.items())
