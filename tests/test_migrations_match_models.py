"""Each service's migrations build exactly its models' schema on PostgreSQL.

Catches a model changed without a migration (or the reverse) in any service,
including tests-only imports of other services into the same process.
"""

from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bostad_common.db import make_engine, migrate, service_metadata
from bostad_common.services import SERVICE_PACKAGES

pytestmark = pytest.mark.integration

SERVICES = SERVICE_PACKAGES  # bostad_common.services: the one list of services


@pytest.mark.parametrize("package", SERVICES)
async def test_migrations_match_models(package: str, postgres_url: str) -> None:
    importlib.import_module(f"{package}.models")
    definition = importlib.import_module(f"{package}.app").DEFINITION
    engine = make_engine(postgres_url)
    try:
        await migrate(engine, definition.migrations_dir)
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}),
                    service_metadata(package),
                )
            )
        assert diff == [], diff
        assert {"outbox", "processed_event", "access_log"} <= set(service_metadata(package).tables)
    finally:
        await engine.dispose()
