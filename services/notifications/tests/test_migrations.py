"""The migrations build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bostad_common.db import alembic_config, make_engine, migrate, service_metadata
from notifications import models  # noqa: F401 - every table on the metadata
from notifications.app import DEFINITION


async def assert_schema_matches_models(url: str) -> None:
    engine = make_engine(url)
    try:
        await migrate(engine, DEFINITION.migrations_dir)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}),
                    service_metadata("notifications"),
                )
            )
        assert diff == []
        # The access log refuses changes (append-only trigger from bostad_common).
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO access_log (seq, at, actor, actor_roles, action, resource,"
                    " purpose, prev_hash, hash) VALUES (1, CURRENT_TIMESTAMP, 'a', '', 'read',"
                    " 'r', 'p', 'x', 'y')"
                )
            )
        with pytest.raises(DBAPIError):
            async with engine.begin() as conn:
                await conn.execute(text("DELETE FROM access_log"))

        # Down and up again.
        def down_and_up(sync) -> None:  # type: ignore[no-untyped-def]
            config = alembic_config(DEFINITION.migrations_dir, url)
            config.attributes["connection"] = sync
            command.downgrade(config, "base")
            command.upgrade(config, "head")

        async with engine.begin() as conn:
            await conn.run_sync(down_and_up)
    finally:
        await engine.dispose()


async def test_sqlite(tmp_path: Path) -> None:
    await assert_schema_matches_models(f"sqlite+aiosqlite:///{tmp_path / 'n.db'}")


@pytest.mark.integration
async def test_postgresql(postgres_url: str) -> None:
    await assert_schema_matches_models(postgres_url)
