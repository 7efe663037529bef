"""Soak: landlords submitting while staff read and write, at a fixed offered load.

    uv run python bench/soak.py --minutes 3 --database sqlite      # the embedded default
    uv run python bench/soak.py --minutes 3 --database postgres    # PostgreSQL + Redis

Runs the real eviction-prevention service as a subprocess (uvicorn, its own Tansu
broker, the development issuer) and offers a fixed load for the given time, open
loop: each stream starts its requests on a fixed schedule whether or not earlier
ones have been answered, so a slow service shows up as latency, not as less load.

  landlords  three landlords submit new notices (and now and then resend one they
             already sent, which must answer 200 and store nothing new)
  reads      staff read the worklist and single cases
  writes     staff record contact attempts on cases (each with its own marker)

Afterwards it waits for the outbox to drain and checks, from the database and the
events topic: every acknowledged notice stored once with one case and one
CaseOpened on the broker (lost / duplicated), every acknowledged contact attempt
stored once. Prints requests, 5xx, other errors, lost, duplicated and p50/p99 per
stream; exits non-zero if any 5xx, lost or duplicate was seen. PostgreSQL and Redis
as for the test suite (BOSTAD_TEST_DATABASE_ADMIN_URL / BOSTAD_TEST_REDIS).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import text

from bostad_common.kafka_admin import ensure_topics
from bostad_common.settings import Settings
from bostad_common.workdays import now_stockholm
from bostad_devkit import testing
from bostad_devkit.broker_process import free_port, start_broker, stop_process, wait_for_port
from bostad_devkit.dev_issuer import create_issuer_app, issue_token
from bostad_devkit.drill_kit import Db, case_opened_on_broker, personal_number

SERVICE = "eviction-prevention"
MAX_IN_FLIGHT = 256  # past this the client itself is saturated: counted, not sent


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@dataclass
class Stream:
    name: str
    per_second: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int | str] = field(default_factory=Counter)
    not_sent: int = 0

    def line(self) -> str:
        total = sum(self.statuses.values())
        server = sum(n for s, n in self.statuses.items() if isinstance(s, int) and s >= 500)
        other = sum(n for s, n in self.statuses.items() if not isinstance(s, int) or 400 <= s < 500)
        return (
            f"{self.name:<10} {total:6d} requests  {server:3d} 5xx  {other:3d} other errors"
            f"  p50 {percentile(self.latencies, 0.5) * 1000:7.1f} ms"
            f"  p99 {percentile(self.latencies, 0.99) * 1000:7.1f} ms"
            f"  ({self.per_second:g}/s offered{f', {self.not_sent} not sent' if self.not_sent else ''})"
        )


async def offer(stream: Stream, seconds: float, request: Callable[[int], Awaitable[int]]) -> None:
    """Start `request(k)` at t0 + k / rate for `seconds`, whatever the answers take."""
    started = time.monotonic()
    in_flight: set[asyncio.Task[None]] = set()

    async def one(k: int) -> None:
        begun = time.perf_counter()
        try:
            status: int | str = await request(k)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        stream.latencies.append(time.perf_counter() - begun)
        stream.statuses[status] += 1

    k = 0
    while (due := started + k / stream.per_second) < started + seconds:
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        if len(in_flight) >= MAX_IN_FLIGHT:
            stream.not_sent += 1
        else:
            task = asyncio.create_task(one(k))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        k += 1
    await asyncio.gather(*in_flight)


def notice(external_id: str, household: int) -> dict[str, object]:
    return {
        "external_id": external_id,
        "district": "bromma",
        "kind": ("unpaid_rent", "disturbance", "unauthorised_sublet")[household % 3],
        "tenant": {"personal_number": personal_number(household), "name": "Test Testsson"},
        "address": {"street": "Soakgatan 1", "postal_code": "16731", "city": "Bromma"},
        "household": {"children": household % 3},
        "debt": {"amount": "9000.00", "currency": "SEK", "months_unpaid": 2},
        "served_at": (now_stockholm().date() - timedelta(days=2)).isoformat(),
        "eviction_date": None,
        "message": None,
    }


async def run_soak(minutes: float, database: str, rates: tuple[float, float, float]) -> int:
    work = Path(tempfile.mkdtemp(prefix="bostad-soak-"))
    issuer_port, http_port, broker_port = free_port(), free_port(), free_port()
    issuer = Settings(var_dir=work, oidc_issuer=f"http://127.0.0.1:{issuer_port}/dev-issuer")
    issuer_server = testing.serve_in_thread(create_issuer_app(issuer), issuer_port)
    broker = start_broker(broker_port)
    bootstrap = f"127.0.0.1:{broker_port}"
    await ensure_topics(bootstrap)
    database_url = await testing.create_database("soak") if database == "postgres" else ""
    env = {
        **os.environ,
        "BOSTAD_DATABASE_URL": database_url,
        "BOSTAD_VAR_DIR": str(work),
        "BOSTAD_KAFKA_BOOTSTRAP": bootstrap,
        # The embedded default keeps its counters in process; PostgreSQL runs beside Redis.
        "BOSTAD_REDIS_URL": testing.redis_url() if database == "postgres" else "",
        "BOSTAD_HTTP_PORT": str(http_port),
        "BOSTAD_OIDC_ISSUER": issuer.oidc_issuer,
        "BOSTAD_LANDLORD_REQUESTS_PER_MINUTE": "100000",
        "BOSTAD_LOG_LEVEL": "WARNING",
    }
    service = subprocess.Popen(
        [sys.executable, "-m", "eviction_prevention"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    db: Db | None = None
    try:
        wait_for_port("127.0.0.1", http_port, timeout=90)
        db = Db(Settings(var_dir=work, database_url=database_url).database_url_for(SERVICE))
        return await drive(db, http_port, bootstrap, issuer, minutes, database, rates)
    finally:
        stop_process(service, timeout=30)
        if db is not None:
            await db.close()
        if database_url:
            await testing.drop_database(database_url)
        stop_process(broker)
        issuer_server.stop()


async def drive(
    db: Db,
    http_port: int,
    bootstrap: str,
    issuer: Settings,
    minutes: float,
    database: str,
    rates: tuple[float, float, float],
) -> int:
    run = uuid.uuid4().hex[:6]
    staff = {"Authorization": f"Bearer {issue_token('anna.caseworker', settings=issuer)}"}
    admin = {"Authorization": f"Bearer {issue_token('adam.admin', settings=issuer)}"}
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{http_port}",
        timeout=30,
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
    ) as client:
        deadline = time.monotonic() + 60
        while (await client.get("/health/ready")).status_code != 200:
            if time.monotonic() > deadline:
                raise SystemExit("the service did not become ready")
            await asyncio.sleep(0.2)
        credentials = []
        for name in ("Soak Bostäder AB", "Prov Fastigheter AB", "Test Hyresvärd AB"):
            answer = await client.post(
                "/api/v1/admin/landlords",
                json={"name": name, "districts": ["bromma"]},
                headers=admin,
            )
            answer.raise_for_status()
            credentials.append({"Authorization": f"Bearer {answer.json()['credential']}"})

        accepted: dict[str, str] = {}  # external_id → notice_id
        resent: Counter[int] = Counter()
        case_ids: list[str] = []
        written: list[str] = []  # markers of acknowledged contact attempts

        async def submit(k: int) -> int:
            landlord = credentials[k % len(credentials)]
            if k % 20 == 19 and accepted:  # its landlord resends something already accepted
                external_id = random.choice(list(accepted))
                _, _, sender, household = external_id.split("-")
                response = await client.post(
                    "/api/v1/notices",
                    json=notice(external_id, int(household)),
                    headers=credentials[int(sender)],
                )
                resent[response.status_code] += 1
                return response.status_code
            external_id = f"SOAK-{run}-{k % len(credentials)}-{k}"
            response = await client.post(
                "/api/v1/notices", json=notice(external_id, k), headers=landlord
            )
            if response.status_code in (200, 202):
                accepted[external_id] = response.json()["notice_id"]
            return response.status_code

        async def read(k: int) -> int:
            if k % 2 == 0 or not case_ids:
                response = await client.get(
                    "/api/v1/cases/worklist", params={"limit": 50}, headers=staff
                )
                if response.status_code == 200:
                    fresh = [e["case_id"] for e in response.json() if e["case_id"] not in case_ids]
                    case_ids.extend(fresh)
                return response.status_code
            response = await client.get(f"/api/v1/cases/{random.choice(case_ids)}", headers=staff)
            return response.status_code

        async def write(k: int) -> int:
            if not case_ids:
                return 0  # nothing to write on yet: not counted as an error below
            marker = f"soak-{run}-{k}"
            response = await client.post(
                f"/api/v1/cases/{random.choice(case_ids)}/contact-attempts",
                json={"method": "phone", "result": "not_reached", "note": marker},
                headers=staff,
            )
            if response.status_code == 201:
                written.append(marker)
            return response.status_code

        landlords = Stream("landlords", rates[0])
        reads = Stream("reads", rates[1])
        writes = Stream("writes", rates[2])
        seconds = minutes * 60
        started = time.monotonic()
        await asyncio.gather(
            offer(landlords, seconds, submit),
            offer(reads, seconds, read),
            offer(writes, seconds, write),
        )
        elapsed = time.monotonic() - started
        writes.statuses.pop(0, None)

    drain_deadline = time.monotonic() + 120
    while await db.pending():
        if time.monotonic() > drain_deadline:
            break
        await asyncio.sleep(0.5)
    pending = await db.pending()
    stored = await db.notice_counts()
    ids = await db.notice_ids()
    on_broker = await case_opened_on_broker(bootstrap, timeout=60)
    async with db.sessions() as session:
        notes = Counter(
            (
                await session.execute(
                    text("SELECT note FROM contact_attempts WHERE note LIKE :p"),
                    {"p": f"soak-{run}-%"},
                )
            ).scalars()
        )
        # A case is opened per new household; one no notice points to was opened twice.
        cases_without_notice = (
            await session.execute(
                text(
                    "SELECT count(*) FROM cases WHERE id NOT IN"
                    " (SELECT case_id FROM notices WHERE case_id IS NOT NULL)"
                )
            )
        ).scalar_one()

    lost_notices = [e for e in accepted if stored[e] == 0]
    duplicated_notices = [e for e, n in stored.items() if n > 1]
    not_on_broker = [e for e in accepted if stored[e] and on_broker[ids[e]] == 0]
    lost_writes = [m for m in written if notes[m] == 0]
    duplicated_writes = [m for m, n in notes.items() if n > 1]
    unexpected_writes = [m for m in notes if m not in set(written)]
    lost = len(lost_notices) + len(not_on_broker) + len(lost_writes)
    duplicated = len(duplicated_notices) + cases_without_notice + len(duplicated_writes)
    streams = (landlords, reads, writes)
    server_errors = sum(
        n
        for s in streams
        for status, n in s.statuses.items()
        if isinstance(status, int) and status >= 500
    )
    everything = [x for s in streams for x in s.latencies]
    print(f"soak on {database}: {elapsed:.0f} s, offered {sum(rates):g} requests/s")
    for stream in streams:
        print("  " + stream.line())
    print(
        f"  {'all':<10} {sum(sum(s.statuses.values()) for s in streams):6d} requests"
        f"  {server_errors:3d} 5xx  p99 {percentile(everything, 0.99) * 1000:.1f} ms"
    )
    print(
        f"  notices accepted {len(accepted)}, resends {dict(resent)},"
        f" contact attempts acknowledged {len(written)} (stored without an answer:"
        f" {len(unexpected_writes)}), outbox left {pending}, CaseOpened duplicates on the"
        f" topic {sum(n - 1 for n in on_broker.values() if n > 1)}"
    )
    print(
        f"  lost {lost} (notices {len(lost_notices)}, CaseOpened {len(not_on_broker)},"
        f" writes {len(lost_writes)})  duplicated {duplicated} (notices"
        f" {len(duplicated_notices)}, cases {cases_without_notice}, writes {len(duplicated_writes)})"
    )
    healthy = server_errors == 0 and lost == 0 and duplicated == 0 and pending == 0
    return 0 if healthy and set(resent) <= {200} else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--notices-per-second", type=float, default=6.0)
    parser.add_argument("--reads-per-second", type=float, default=8.0)
    parser.add_argument("--writes-per-second", type=float, default=2.0)
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    rates = (args.notices_per_second, args.reads_per_second, args.writes_per_second)
    sys.exit(asyncio.run(run_soak(args.minutes, args.database, rates)))


if __name__ == "__main__":
    main()
