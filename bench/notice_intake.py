"""Notice intake: throughput over HTTP and latency to CaseOpened, against a baseline.

    uv run python bench/notice_intake.py [--notices 400] [--concurrency 16]

Runs the real eviction-prevention service as a subprocess (uvicorn, PostgreSQL,
Redis, the Tansu broker) and measures, in the same run:

  baseline  raw broker round trip: produce one message and consume it (p50/p99)
  intake    notices accepted per second over HTTP (202s / wall time)
  e2e       POST /api/v1/notices → CaseOpened consumed from the events topic (p50/p99)

and prints the e2e latencies as multiples of the raw round trip, so numbers from
different machines compare. Needs PostgreSQL and Redis as for the test suite;
starts its own broker unless BOSTAD_TEST_KAFKA is set.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bostad_common.events.topics import EVICTION_EVENTS
from bostad_common.kafka_admin import ensure_topics
from bostad_common.personnummer import PersonalNumber
from bostad_common.workdays import now_stockholm
from bostad_devkit import testing
from bostad_devkit.broker_process import free_port, start_broker, stop_process, wait_for_port

# Both consumers (baseline and CaseOpened watcher) long-poll for at most 10 ms. With
# aiokafka's default 500 ms, Tansu answered the watcher's fetch (six partitions) only
# when the wait ended: ~250 ms of the watcher's own in every e2e sample, measured with
# a bare producer and consumer (and none with 10 ms).
FETCH_MAX_WAIT_MS = 10
ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def synthetic_personal_number(i: int) -> str:
    """Valid test numbers (1950s birth dates, check digit computed), one per household."""
    month, day = 1 + i % 12, 1 + (i // 12) % 28
    for serial in range(1000):
        candidate = f"1955{month:02d}{day:02d}-{(i * 7 + serial) % 1000:03d}"
        for check in range(10):
            try:
                return PersonalNumber.parse(candidate + str(check)).canonical
            except ValueError:
                continue
    raise RuntimeError("no valid number")


def notice(i: int, run: str) -> dict:
    return {
        "external_id": f"BENCH-{run}-{i}",
        "district": "bromma",
        "kind": "unpaid_rent",
        "tenant": {"personal_number": synthetic_personal_number(i), "name": "Test Testsson"},
        "address": {"street": "Benchgatan 1", "postal_code": "16731", "city": "Bromma"},
        "household": {"children": i % 3},
        "debt": {"amount": "9000.00", "currency": "SEK", "months_unpaid": 2},
        "served_at": (now_stockholm().date() - timedelta(days=3)).isoformat(),
        "eviction_date": None,
        "message": None,
    }


async def broker_round_trip(bootstrap: str, samples: int) -> list[float]:
    topic = f"bench-baseline-{uuid.uuid4().hex[:8]}"
    await ensure_topics(bootstrap, names=[topic])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="latest",
        group_id=topic,
        fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
    )
    await producer.start()
    await consumer.start()
    try:
        while not consumer.assignment():
            await asyncio.sleep(0.1)
        await consumer.seek_to_end()
        timings = []
        for i in range(samples):
            started = time.perf_counter()
            await producer.send_and_wait(topic, str(i).encode())
            async for message in consumer:
                if message.value == str(i).encode():
                    break
            timings.append(time.perf_counter() - started)
        return timings
    finally:
        await consumer.stop()
        await producer.stop()


async def watch_case_opened(bootstrap: str, opened: dict[str, float], stop: asyncio.Event) -> None:
    consumer = AIOKafkaConsumer(
        EVICTION_EVENTS.name,
        bootstrap_servers=bootstrap,
        group_id=f"bench-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="latest",
        fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
    )
    await consumer.start()
    try:
        while not consumer.assignment():
            await asyncio.sleep(0.1)
        await consumer.seek_to_end()
        stop.set()  # signal: watching
        while True:
            batch = await consumer.getmany(timeout_ms=200)
            for messages in batch.values():
                for message in messages:
                    event = json.loads(message.value)
                    if event["type"] == "se.bostad.CaseOpened":
                        notice_id = event["data"].get("notice_id")
                        if notice_id and notice_id not in opened:
                            opened[notice_id] = time.perf_counter()
    finally:
        await consumer.stop()


def start_service(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "eviction_prevention"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


async def main(notices: int, concurrency: int) -> None:
    broker = None
    bootstrap = os.environ.get("BOSTAD_TEST_KAFKA")
    if not bootstrap:
        port = free_port()
        broker = start_broker(port)
        bootstrap = f"127.0.0.1:{port}"
    await ensure_topics(bootstrap)
    database = await testing.create_database("bench")
    http_port = free_port()
    env = {
        **os.environ,
        "BOSTAD_DATABASE_URL": database,
        "BOSTAD_KAFKA_BOOTSTRAP": bootstrap,
        "BOSTAD_REDIS_URL": testing.redis_url(),
        "BOSTAD_HTTP_PORT": str(http_port),
        "BOSTAD_LANDLORD_REQUESTS_PER_MINUTE": "1000000",
        "BOSTAD_RELAY_INTERVAL_SECONDS": "0.05",
        "BOSTAD_LOG_LEVEL": "WARNING",
    }
    service = None
    try:
        added = subprocess.run(
            [
                sys.executable,
                "-m",
                "eviction_prevention.cli",
                "landlord",
                "add",
                "Bench AB",
                "--districts",
                "bromma",
            ],
            env=env,
            capture_output=True,
            check=True,
        )
        credential = json.loads(added.stdout)["credential"]
        service = start_service(env)
        wait_for_port("127.0.0.1", http_port, timeout=60)

        baseline = await broker_round_trip(bootstrap, samples=200)

        opened: dict[str, float] = {}
        watching = asyncio.Event()
        watcher = asyncio.create_task(watch_case_opened(bootstrap, opened, watching))
        await asyncio.wait_for(watching.wait(), 30)

        run = uuid.uuid4().hex[:6]
        sent: dict[str, float] = {}
        accepted = 0
        semaphore = asyncio.Semaphore(concurrency)
        headers = {"Authorization": f"Bearer {credential}"}
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{http_port}", timeout=30
        ) as client:
            # Warm-up: connection pool, first JIT-ish paths, key fetches.
            for i in range(5):
                await client.post("/api/v1/notices", json=notice(10_000 + i, run), headers=headers)

            async def submit(i: int) -> None:
                nonlocal accepted
                async with semaphore:
                    started = time.perf_counter()
                    response = await client.post(
                        "/api/v1/notices", json=notice(i, run), headers=headers
                    )
                    if response.status_code == 202:
                        accepted += 1
                        sent[response.json()["notice_id"]] = started

            wall_started = time.perf_counter()
            await asyncio.gather(*(submit(i) for i in range(notices)))
            wall = time.perf_counter() - wall_started

        deadline = time.perf_counter() + 60
        while len([n for n in sent if n in opened]) < len(sent) and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        watcher.cancel()
        latencies = [opened[n] - sent[n] for n in sent if n in opened]

        base_p50, base_p99 = percentile(baseline, 0.5), percentile(baseline, 0.99)
        print(
            f"baseline broker round trip   p50 {base_p50 * 1000:8.2f} ms   p99 {base_p99 * 1000:8.2f} ms"
        )
        print(
            f"HTTP intake                  {accepted} of {notices} accepted in {wall:.2f} s"
            f" = {accepted / wall:8.1f} notices/s (concurrency {concurrency})"
        )
        if latencies:
            p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
            print(
                f"POST → CaseOpened            p50 {p50 * 1000:8.2f} ms   p99 {p99 * 1000:8.2f} ms"
                f"   ({len(latencies)} of {len(sent)} seen)"
            )
            print(
                f"ratio to broker round trip   p50 {p50 / base_p50:8.1f} x   p99 {p99 / base_p99:8.1f} x"
            )
            print(f"mean e2e {statistics.mean(latencies) * 1000:.2f} ms")
        else:
            print("no CaseOpened events seen")
    finally:
        if service is not None:
            stop_process(service, timeout=30)
        await testing.drop_database(database)
        if broker is not None:
            stop_process(broker)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(main(args.notices, args.concurrency))
