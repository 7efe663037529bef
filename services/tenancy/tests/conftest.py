"""Tenancy under test: the shared fixtures of `bostad_devkit.pytest_plugin` (real
PostgreSQL, Redis, the session's development issuer; the real broker with
`kafka_settings`), and leases made the way the service makes them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from bostad_common.service import ServiceDefinition, create_app
from bostad_common.settings import Settings
from tenancy.app import DEFINITION


@pytest.fixture(scope="session")
def service_definition() -> ServiceDefinition:
    return DEFINITION


@pytest.fixture
def app(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Litestar:
    # The tests run the dunning ladder on their own dates, not today's.
    monkeypatch.setenv("BOSTAD_DUNNING_CHECK_INTERVAL_SECONDS", "0")
    return create_app(DEFINITION, settings=settings)


@pytest.fixture
def new_lease(system_session: Callable[[], Any]) -> Callable[..., Awaitable[str]]:
    """A sublease awaiting signature, made by the TenancyToBeSigned handler; returns its id."""
    from bostad_devkit.tenancy_kit import as_event, tenancy_to_be_signed
    from tenancy.leases.handlers import handle_tenancy_to_be_signed
    from tenancy.leases.models import Lease

    async def create(**kwargs: Any) -> str:
        payload = tenancy_to_be_signed(**kwargs)
        async with system_session() as session:
            await handle_tenancy_to_be_signed(session, as_event(payload), payload)
        async with system_session() as session:
            from sqlalchemy import select

            lease = (
                await session.execute(select(Lease).where(Lease.offer_id == payload.offer_id))
            ).scalar_one()
            return lease.id

    return create


@pytest.fixture
def signed_lease(
    client: AsyncTestClient, staff: Callable[[str], dict[str, str]], new_lease: Any
) -> Callable[..., Awaitable[str]]:
    """An active sublease, signed over HTTP by the bromma housing officer (or `officer`)."""

    async def create(officer: str = "hugo.housing", **kwargs: Any) -> str:
        lease_id = await new_lease(**kwargs)
        start = kwargs.get("move_in")
        signed_on = start.isoformat() if start else "2027-01-01"
        response = await client.post(
            f"/api/v1/leases/{lease_id}/signature",
            json={"signed_on": signed_on, "keys_handed_over_on": signed_on,
                  "caseworker": "anna.caseworker"},
            headers=staff(officer),
        )  # fmt: skip
        assert response.status_code == 200, response.text
        return lease_id

    return create
