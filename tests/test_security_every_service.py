"""Every service refuses callers the right way, and logs the reads it allows.

Runs each of the five services against real PostgreSQL, the real broker and the
development issuer over HTTP, and tries the access-log API every service has:
no token, expired, wrong audience, forged signature, `alg: none`, a role without
the permission — and an auditor, whose read is itself recorded.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from litestar.testing import AsyncTestClient

from bostad_common.service import create_app
from bostad_common.services import SERVICE_PACKAGES
from bostad_common.settings import Settings
from bostad_devkit.dev_issuer import key_id
from bostad_devkit.pytest_plugin import suite_settings
from bostad_devkit.testing import TestDatabases

pytestmark = pytest.mark.integration

SERVICES = SERVICE_PACKAGES  # bostad_common.services: the one list of services
ACCESS_LOG = "/api/v1/audit/access-log"


def _claims(issuer: Settings, **overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "iss": issuer.oidc_issuer,
        "aud": issuer.oidc_audience,
        "sub": "agnes.auditor",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(hours=1),
        "roles": ["auditor"],
        "districts": ["bromma"],
        "name": "Agnes",
    }
    claims.update(overrides)
    return claims


def _forged(issuer: Settings, **overrides: object) -> str:
    """Signed by a key the issuer never published, under the issuer's key id."""
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(
        _claims(issuer, **overrides), other_key, algorithm="RS256", headers={"kid": key_id(issuer)}
    )


def _unsigned(issuer: Settings) -> str:
    return jwt.encode(_claims(issuer), None, algorithm="none")


@pytest.fixture(scope="module", params=SERVICES)
async def client(  # type: ignore[no-untyped-def]
    request: pytest.FixtureRequest,
    test_databases: TestDatabases,
    kafka_topics: str,
    redis_url: str,
    dev_issuer: Settings,
):
    """One running service for all of this module's tests of it.

    Starting a service against the real broker costs a consumer-group join or more;
    these tests change nothing but the access log, which they only add to, and
    nothing here counts on what another test read (each auditor check looks for its
    own entries, and the demo auditor works in bromma only).
    """
    definition = importlib.import_module(f"{request.param}.app").DEFINITION
    database_url = await test_databases.migrated(definition)
    settings = suite_settings(database_url, kafka_topics, redis_url, dev_issuer)
    try:
        async with AsyncTestClient(create_app(definition, settings=settings)) as client:
            yield client
    finally:
        test_databases.release(database_url)


async def test_no_token_is_401_with_bearer_challenge(client: AsyncTestClient) -> None:
    response = await client.get(ACCESS_LOG)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda issuer, token: token("agnes.auditor", expires_in=-120), id="expired"),
        pytest.param(
            lambda issuer, token: token("agnes.auditor", audience="another-system"),
            id="wrong-audience",
        ),
        pytest.param(lambda issuer, token: _forged(issuer), id="forged-signature"),
        pytest.param(lambda issuer, token: _unsigned(issuer), id="alg-none"),
        pytest.param(lambda issuer, token: "not-a-token", id="garbage"),
    ],
)
async def test_bad_tokens_are_401(
    client: AsyncTestClient, dev_issuer: Settings, staff_token, make_token
) -> None:  # type: ignore[no-untyped-def]
    token = make_token(dev_issuer, staff_token)
    response = await client.get(ACCESS_LOG, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert token not in response.text


async def test_role_without_permission_is_403(client: AsyncTestClient, staff_token) -> None:  # type: ignore[no-untyped-def]
    token = staff_token("anna.caseworker")
    response = await client.get(ACCESS_LOG, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


async def test_auditor_reads_and_the_read_is_logged(client: AsyncTestClient, staff_token) -> None:  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {staff_token('agnes.auditor')}"}
    first = await client.get(ACCESS_LOG, headers=headers)
    assert first.status_code == 200
    second = await client.get(ACCESS_LOG, headers=headers)
    assert second.status_code == 200
    body = second.json()
    entries = body["entries"] if isinstance(body, dict) else body
    assert any(
        entry["actor"] == "agnes.auditor" and entry["resource"].startswith("access_log")
        for entry in entries
    ), entries
    verify = await client.get(f"{ACCESS_LOG}/verify", headers=headers)
    assert verify.status_code == 200
    assert verify.json()["ok"] is True


async def test_security_headers_on_api_responses(client: AsyncTestClient, staff_token) -> None:  # type: ignore[no-untyped-def]
    response = await client.get(
        ACCESS_LOG, headers={"Authorization": f"Bearer {staff_token('agnes.auditor')}"}
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "no-store" in response.headers["cache-control"]


async def test_oversized_body_is_refused(client: AsyncTestClient, staff_token) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        f"{ACCESS_LOG}/person-ref",
        headers={"Authorization": f"Bearer {staff_token('agnes.auditor')}"},
        content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
    )
    assert response.status_code == 413


def _issued(issuer: Settings, **overrides: object) -> str:
    """Signed by the development issuer's own key: a valid token for any claims."""
    from bostad_devkit.dev_issuer import signing_key

    return jwt.encode(
        _claims(issuer, **overrides),
        signing_key(issuer),
        algorithm="RS256",
        headers={"kid": key_id(issuer)},
    )


async def test_an_auditor_sees_only_their_districts_lookups(
    client: AsyncTestClient, dev_issuer: Settings
) -> None:
    """Issue #8: auditors' own entries carried no district, so every auditor saw them."""
    bromma = {"Authorization": f"Bearer {_issued(dev_issuer)}"}
    other = {
        "Authorization": "Bearer "
        + _issued(dev_issuer, sub="oskar.auditor", districts=["skarholmen"])
    }
    looked_up = await client.post(
        f"{ACCESS_LOG}/person-ref", json={"personal_number": "19121212-1212"}, headers=bromma
    )
    assert looked_up.status_code == 200
    assert (await client.get(ACCESS_LOG, headers=bromma)).status_code == 200
    seen_by_other = (await client.get(ACCESS_LOG, headers=other)).json()
    assert [e["actor"] for e in seen_by_other if e["actor"] != "oskar.auditor"] == []
    own = (await client.get(ACCESS_LOG, headers=bromma)).json()
    assert {e["district"] for e in own if e["actor"] == "agnes.auditor"} == {"bromma"}
    assert looked_up.json()["person_ref"] in {e["person_ref"] for e in own}
