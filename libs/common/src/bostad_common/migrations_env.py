"""The body of every service's Alembic `env.py`.

`db.migrate()` hands Alembic an open connection (config.attributes["connection"]);
the `alembic` command line works too, with the URL from `BOSTAD_DATABASE_URL`.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import MetaData
from sqlalchemy.engine import Connection


def _run(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_env(metadata: MetaData, service_name: str) -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection, metadata)
        return

    from bostad_common.db import make_engine
    from bostad_common.settings import get_settings

    url = context.config.get_main_option("sqlalchemy.url") or get_settings().database_url_for(
        service_name
    )

    async def _online() -> None:
        engine = make_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(_run, metadata)
        await engine.dispose()

    asyncio.run(_online())
