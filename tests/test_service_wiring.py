"""Every service starts against real PostgreSQL and the real broker, migrates its
database, answers health checks and publishes its OpenAPI and AsyncAPI documents."""

from __future__ import annotations

import asyncio
import importlib

import pytest
from litestar.testing import AsyncTestClient

from bostad_common.service import create_app
from bostad_common.services import SERVICE_PACKAGES
from bostad_common.settings import Settings

SERVICES = SERVICE_PACKAGES  # bostad_common.services: the one list of services

pytestmark = pytest.mark.integration


async def _wait_ready(client: AsyncTestClient, timeout: float = 30.0) -> dict:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        response = await client.get("/health/ready")
        if response.status_code == 200 or asyncio.get_running_loop().time() > deadline:
            return {"status_code": response.status_code, **response.json()}
        await asyncio.sleep(0.3)


@pytest.mark.parametrize("package", SERVICES)
async def test_service_starts_migrates_and_is_ready(
    package: str, postgres_url: str, kafka_topics: str, redis_url: str, tmp_path
) -> None:
    definition = importlib.import_module(f"{package}.app").DEFINITION
    settings = Settings(
        database_url=postgres_url,
        kafka_bootstrap=kafka_topics,
        redis_url=redis_url,
        var_dir=tmp_path,
        environment="test",
    )
    app = create_app(definition, settings=settings)
    async with AsyncTestClient(app) as client:
        assert (await client.get("/health/live")).status_code == 200
        ready = await _wait_ready(client)
        assert ready["status_code"] == 200, ready
        assert ready["checks"] == {"database": "ok", "broker": "ok"}

        openapi = await client.get("/schema/openapi.json")
        assert openapi.status_code == 200
        assert openapi.json()["info"]["title"].startswith("Bostadsplattformen")

        asyncapi = await client.get("/asyncapi.json")
        assert asyncapi.status_code == 200
        assert asyncapi.json()["asyncapi"].startswith("3.")

        # Security headers on every response, even health checks.
        assert openapi.headers["x-content-type-options"] == "nosniff"


async def test_not_ready_when_the_broker_is_unreachable(postgres_url: str, tmp_path) -> None:
    from bostad_devkit.broker_process import free_port

    definition = importlib.import_module("intake.app").DEFINITION
    settings = Settings(
        database_url=postgres_url,
        kafka_bootstrap=f"127.0.0.1:{free_port()}",
        var_dir=tmp_path,
        environment="test",
    )
    async with AsyncTestClient(create_app(definition, settings=settings)) as client:
        response = await client.get("/health/ready")
        assert response.status_code == 503
        assert response.json()["checks"]["broker"] == "unavailable"
        assert response.json()["checks"]["database"] == "ok"


async def test_notice_contract_documents_personal_number_and_amount_as_strings(
    postgres_url: str, tmp_path
) -> None:
    from eviction_prevention.app import DEFINITION

    settings = Settings(database_url=postgres_url, kafka_bootstrap="127.0.0.1:1", var_dir=tmp_path)
    async with AsyncTestClient(create_app(DEFINITION, settings=settings)) as client:
        schemas = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]

    # The contract's own parts (CONTRACTS.md): the tenant and the debt of a notice.
    personal_number = schemas["Tenant"]["properties"]["personal_number"]
    assert personal_number["type"] == "string" and personal_number["examples"]
    amount = schemas["Debt"]["properties"]["amount"]
    assert amount["type"] == "string"
