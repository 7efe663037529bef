"""A bounded schemathesis run against each service's OpenAPI document: never a 5xx.

Issue #8 asked that generated requests from the published documents find no
500 and no status code the document does not list. Every service runs for real
(uvicorn on a free port, PostgreSQL, the broker) and is called with a staff
token holding every staff role in `bromma`, so generated requests reach the
handlers instead of stopping at 401/403. Bounded: `FUZZ_EXAMPLES` generated
cases per operation, derandomised, no example database.

Every status code a service answers must be listed in its document (issue #8):
an integrator builds against the document, not against what happens to come back.
"""

from __future__ import annotations

import asyncio
import importlib
import os
from datetime import UTC, datetime, timedelta

import jwt
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from bostad_common.auth.permissions import ALL_ROLES
from bostad_common.service import create_app
from bostad_common.services import SERVICE_PACKAGES
from bostad_common.settings import Settings
from bostad_devkit.broker_process import free_port
from bostad_devkit.dev_issuer import key_id, signing_key
from bostad_devkit.testing import serve_in_thread

pytestmark = pytest.mark.integration

SERVICES = list(SERVICE_PACKAGES)
FUZZ_EXAMPLES = int(os.environ.get("BOSTAD_FUZZ_EXAMPLES", "8"))


def _all_staff_roles_token(issuer: Settings) -> str:
    now = datetime.now(UTC)
    claims = {
        "iss": issuer.oidc_issuer,
        "aud": issuer.oidc_audience,
        "sub": "fuzz.all-roles",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(hours=1),
        "roles": sorted(role for role in ALL_ROLES if role != "landlord"),
        "districts": ["bromma"],
        "name": "Fuzz",
    }
    return jwt.encode(
        claims, signing_key(issuer), algorithm="RS256", headers={"kid": key_id(issuer)}
    )


def _fuzz_operation(
    operation: schemathesis.APIOperation,
    base_url: str,
    headers: dict[str, str],
    server_errors: list[str],
    undocumented: set[str],
) -> None:
    documented = set(operation.definition.raw.get("responses", {}))
    where = f"{operation.method.upper()} {operation.path}"

    # Valid requests and requests that break the schema on purpose (wrong types,
    # missing fields, out-of-range values), as a careless client would send them.
    strategy = operation.as_strategy() | operation.as_strategy(GenerationMode.NEGATIVE)

    @given(case=strategy)
    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case: schemathesis.Case) -> None:
        response = case.call(base_url=base_url, headers=headers, timeout=30)
        if response.status_code >= 500:
            server_errors.append(f"{where} -> {response.status_code}")
        if str(response.status_code) not in documented and "default" not in documented:
            undocumented.add(f"{where} -> {response.status_code}")

    call()


def _fuzz(
    base_url: str, headers: dict[str, str], *, paths: set[str] | None = None
) -> tuple[list[str], set[str]]:
    schema = schemathesis.openapi.from_url(f"{base_url}/schema/openapi.json")
    server_errors: list[str] = []
    undocumented: set[str] = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        if paths is None or operation.path in paths:
            _fuzz_operation(operation, base_url, headers, server_errors, undocumented)
    return server_errors, undocumented


async def _landlord_headers(database_url: str) -> dict[str, str]:
    from bostad_common.db import make_engine, make_session_factory, unit_of_work
    from bostad_common.db_types import utcnow
    from eviction_prevention.landlords import service as landlords

    engine = make_engine(database_url)
    try:
        async with unit_of_work(make_session_factory(engine)) as session:
            _, credential = await landlords.register_landlord(
                session, name="Fuzz Fastigheter AB", district_codes=["bromma"], now=utcnow()
            )
    finally:
        await engine.dispose()
    return {"Authorization": f"Bearer {credential}"}


@pytest.mark.parametrize("package", SERVICES)
def test_generated_requests_never_answer_5xx(
    package: str, service_settings: Settings, dev_issuer: Settings
) -> None:
    definition = importlib.import_module(f"{package}.app").DEFINITION
    port = free_port()
    server = serve_in_thread(create_app(definition, settings=service_settings), port)
    try:
        base_url = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {_all_staff_roles_token(dev_issuer)}"}
        server_errors, undocumented = _fuzz(base_url, headers)
        if package == "eviction_prevention":
            # The landlord contract, with a credential that verifies.
            landlord = asyncio.run(_landlord_headers(service_settings.database_url))
            more_errors, more_undocumented = _fuzz(
                base_url, landlord, paths={"/api/v1/notices", "/api/v1/notices/{notice_id}"}
            )
            server_errors += more_errors
            undocumented |= more_undocumented
    finally:
        server.stop()
    if undocumented:
        print(f"{package}: status codes the document does not list:", *sorted(undocumented))
    assert server_errors == []
    assert undocumented == set()
