"""Database engine, sessions and start-up migrations for one service.

Each service owns one database (PostgreSQL in production, an SQLite file in the
embedded default) and its own Alembic migrations; `migrate()` runs them at
start-up so a fresh database and an old one both end at head.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import sqlalchemy.ext.asyncio as sa_asyncio
from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, event, make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def private_sqlite_file(path: Path) -> Path:
    """Create (or tighten) an SQLite database file readable by its owner only.

    The embedded default's databases hold personal numbers (issue #8: they were
    created readable by everyone). SQLite gives its -wal and -shm files the
    database file's mode. The directory is the caller's (`Settings.var_dir` is
    made 0700); a directory named in a URL is never changed.
    """
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)
    return path


def _sqlite_path(url: str) -> Path | None:
    database = make_url(url).database
    return None if not database or database == ":memory:" else Path(database)


def make_engine(url: str) -> AsyncEngine:
    # Looked up at call time so OpenTelemetry's wrapper (telemetry.instrument_sqlalchemy)
    # sees every engine.
    create_async_engine = sa_asyncio.create_async_engine
    if is_sqlite(url):
        if (path := _sqlite_path(url)) is not None:
            private_sqlite_file(path)
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            # WAL lets the relay read while a request writes; foreign keys are off by default.
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def unit_of_work(
    sessions: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One use case, one transaction: commit on success, roll back on any error."""
    async with sessions() as session, session.begin():
        yield session


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


def alembic_config(migrations_dir: Path, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url)
    return config


async def migrate(engine: AsyncEngine, migrations_dir: Path) -> None:
    """Upgrade the service's database to head using the engine's own connection."""
    url = engine.url.render_as_string(hide_password=False)
    config = alembic_config(migrations_dir, url)

    def _upgrade(sync_conn) -> None:  # type: ignore[no-untyped-def]
        config.attributes["connection"] = sync_conn
        command.upgrade(config, "head")

    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)


def service_metadata(package: str) -> MetaData:
    """The tables one service owns: its own models plus the platform tables.

    SQLModel keeps every table of every imported module on one global metadata;
    in a process that imports several services (the test suite) that metadata
    describes no single database. Alembic and schema checks use this instead.
    """
    import sys

    from sqlmodel import SQLModel

    owners = (package + ".", "bostad_common.")
    # Shared tables a service chooses to keep (e.g. the staff directory) are marked
    # `__opt_in_table__` and belong to a service only if its `models` module imports them.
    models = sys.modules.get(f"{package}.models")
    chosen = {id(value) for value in vars(models).values()} if models else set()
    metadata = MetaData()
    for mapper in SQLModel._sa_registry.mappers:
        table = mapper.local_table
        cls = mapper.class_
        module = cls.__module__ + "."
        if getattr(cls, "__opt_in_table__", False) and id(cls) not in chosen:
            continue
        if module.startswith(owners) and table.name not in metadata.tables:
            table.to_metadata(metadata)
    return metadata
