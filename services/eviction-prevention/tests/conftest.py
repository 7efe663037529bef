"""Eviction prevention under test: the shared fixtures of `bostad_devkit.pytest_plugin`
(real PostgreSQL, Redis, the session's development issuer; the real broker with
`kafka_settings`), and landlords.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bostad_common.db_types import utcnow
from bostad_common.service import ServiceDefinition
from eviction_prevention.app import DEFINITION
from eviction_prevention.landlords import service as landlords


@pytest.fixture(scope="session")
def service_definition() -> ServiceDefinition:
    return DEFINITION


@pytest.fixture
def register_landlord(system_session) -> Callable[..., Awaitable[tuple[str, dict[str, str]]]]:
    """Register a landlord; returns (landlord_id, Authorization headers)."""

    async def register(
        name: str = "HSB Test", districts: tuple[str, ...] = ("bromma",)
    ) -> tuple[str, dict[str, str]]:
        async with system_session() as session:
            landlord, credential = await landlords.register_landlord(
                session, name=name, district_codes=list(districts), now=utcnow()
            )
        return landlord.id, {"Authorization": f"Bearer {credential}"}

    return register
