"""Test helpers: real PostgreSQL databases, the real broker, real Redis.

The suite takes its servers from the environment, the same way CI does
(`bostad_devkit.settings`).
"""

from __future__ import annotations

import contextlib
import secrets
import string
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import uvicorn
from sqlalchemy import Connection

from bostad_devkit.settings import devkit_settings


def admin_url() -> str:
    return devkit_settings().test_postgres


def redis_url() -> str:
    return devkit_settings().test_redis


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_database(prefix: str) -> str:
    """Create a fresh, uniquely named database; returns its SQLAlchemy URL."""
    # Letters only: the name appears in every SQL span, and a hex suffix that
    # happened to be ten decimal digits could pass for a coordination number and
    # trip the suite's personal-number scan.
    suffix = "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
    name = f"t_{prefix.replace('-', '_')}_{suffix}"
    conn = await asyncpg.connect(_asyncpg_dsn(admin_url()))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
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
