"""Test helpers: real PostgreSQL databases, the real broker, real Redis.

The suite takes its servers from the environment, the same way CI does
(`bostad_devkit.settings`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import secrets
import string
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import uvicorn
from sqlalchemy import Connection, select

from bostad_common.messaging import OutboxMessage
from bostad_common.workdays import now_stockholm
from bostad_devkit.settings import devkit_settings

T = TypeVar("T")


def admin_url() -> str:
    return devkit_settings().test_postgres


def redis_url() -> str:
    return devkit_settings().test_redis


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_database(prefix: str, *, template: str | None = None) -> str:
    """Create a fresh, uniquely named database; returns its SQLAlchemy URL.

    With `template` (another database's URL) the new database is a copy of it
    (PostgreSQL's `CREATE DATABASE … TEMPLATE`; nobody may be connected to it).
    """
    # Letters only: the name appears in every SQL span, and a hex suffix that
    # happened to be ten decimal digits could pass for a coordination number and
    # trip the suite's personal-number scan.
    suffix = "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
    name = f"t_{prefix.replace('-', '_')}_{suffix}"
    copy_of = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    conn = await asyncpg.connect(_asyncpg_dsn(admin_url()))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"{copy_of}')
    finally:
        await conn.close()
    base = admin_url().rsplit("/", 1)[0]
    return f"{base}/{name}"


async def drop_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(_asyncpg_dsn(admin_url()))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


class TestDatabases:
    """The suite's PostgreSQL databases: empty ones, and copies of a template per service
    migrated to head once per session.

    A copy of a migrated template costs about what an empty database does; running a
    service's migrations on each test's empty database cost another 0.2-0.5 s. A
    template is made on first use with the service's own `migrate()` (what its start-up
    runs, and then finds nothing to do on the copy).

    `CREATE DATABASE` spends most of its 0.2-0.4 s waiting for PostgreSQL to write the
    copy, so the next database of each kind is made ahead, and dropping is left behind,
    on an event loop of their own in a thread: that waiting overlaps the tests. Every
    database is new and used by one test only; `close()` drops what is left.
    """

    __test__ = False  # not a test class, whatever its name

    def __init__(self) -> None:
        self._templates: dict[Path, str] = {}
        self._template_lock = asyncio.Lock()
        self._ahead: dict[str, concurrent.futures.Future[str]] = {}
        self._drops: list[concurrent.futures.Future[None]] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="test-databases", daemon=True
        )
        self._thread.start()

    async def empty(self) -> str:
        """A new empty database; hand it to `release()` afterwards."""
        return await self._take("empty", None)

    async def migrated(self, definition: Any) -> str:
        """A new database at the head of `definition`'s migrations; `release()` it afterwards."""
        template = await self._template(definition)
        return await self._take(definition.name, template)

    def release(self, url: str) -> None:
        """Drop the database in the background (connections to it are ended)."""
        self._drops = [drop for drop in self._drops if not drop.done()]
        self._drops.append(self._in_background(drop_database(url)))

    async def close(self) -> None:
        for ahead in self._ahead.values():
            with contextlib.suppress(Exception):
                self.release(await asyncio.wrap_future(ahead))
        self._ahead.clear()
        for url in self._templates.values():
            self.release(url)
        self._templates.clear()
        await asyncio.gather(*(asyncio.wrap_future(drop) for drop in self._drops))
        self._loop.call_soon_threadsafe(self._loop.stop)
        await asyncio.to_thread(self._thread.join)
        self._loop.close()

    def _in_background(self, work: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    async def _take(self, kind: str, template: str | None) -> str:
        prefix = kind.replace("-", "_")[:20]
        ahead = self._ahead.pop(kind, None)
        if ahead is None:
            ahead = self._in_background(create_database(prefix, template=template))
        url = await asyncio.wrap_future(ahead)
        self._ahead[kind] = self._in_background(create_database(prefix, template=template))
        return url

    async def _template(self, definition: Any) -> str:
        from bostad_common.db import make_engine, migrate

        async with self._template_lock:
            if definition.migrations_dir not in self._templates:
                url = await create_database(f"tpl_{definition.name}")
                engine = make_engine(url)
                try:
                    await migrate(engine, definition.migrations_dir)
                except BaseException:
                    await engine.dispose()
                    await drop_database(url)
                    raise
                await engine.dispose()
                self._templates[definition.migrations_dir] = url
            return self._templates[definition.migrations_dir]


class ThreadedServer:
    def __init__(self, server: uvicorn.Server, thread: threading.Thread) -> None:
        self.server = server
        self.thread = thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def serve_in_thread(app: Any, port: int) -> ThreadedServer:
    """Serve an ASGI app on 127.0.0.1:port from a daemon thread until `stop()`."""
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise TimeoutError("test HTTP server did not start")
        time.sleep(0.05)
    return ThreadedServer(server, thread)


@contextlib.contextmanager
def sqlite_migrations(migrations_dir: Path, path: Path) -> Iterator[SqliteMigrations]:
    """One transaction on the SQLite file `path`, with `upgrade(revision)` for a service's
    migrations: arrange an old schema, put rows in, then upgrade on the same connection."""
    from alembic import command
    from sqlalchemy import create_engine

    from bostad_common.db import alembic_config

    url = f"sqlite:///{path}"
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            config = alembic_config(migrations_dir, url)
            config.attributes["connection"] = conn
            yield SqliteMigrations(conn, lambda revision: command.upgrade(config, revision))
    finally:
        engine.dispose()


@dataclass(frozen=True)
class SqliteMigrations:
    connection: Connection
    upgrade: Callable[[str], None]


# --------------------------------------------- what every service's tests share


def today() -> date:
    """Today in Stockholm, the day the platform's rules count in."""
    return now_stockholm().date()


async def outbox_events(system_session: Any, event_type: str | None = None) -> list[dict[str, Any]]:
    """The CloudEvents a service has written to its outbox, oldest first (optionally one type)."""
    async with system_session() as session:
        rows = (
            await session.execute(select(OutboxMessage).order_by(OutboxMessage.created_at))
        ).scalars()
        events = [json.loads(row.value) for row in rows]
    if event_type is not None:
        events = [e for e in events if e["type"] == f"se.bostad.{event_type}"]
    return events


async def wait_for(
    condition: Callable[[], Awaitable[Any]],
    timeout: float = 30.0,  # noqa: ASYNC109 - a polling deadline, as the tests call it
    *,
    interval: float = 0.1,
) -> Any:
    """Poll until `condition()` is truthy and return its value; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await condition()
        if value:
            return value
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)
