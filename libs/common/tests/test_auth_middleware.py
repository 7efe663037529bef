"""The auth middleware and guards on a tiny Litestar app (real HTTP stack, no mocks)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar, Request, get, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

from bostad_common.auth.http_security import (
    API_JSON_CSP,
    request_max_body_size,
    security_headers_hook,
)
from bostad_common.auth.jwt_verify import TokenVerifier
from bostad_common.auth.landlord_rate_limit import CredentialThrottle
from bostad_common.auth.middleware import (
    create_auth_middleware,
    principal_of,
    requires,
    staff_only,
)
from bostad_common.auth.principal import Principal
from bostad_common.http_errors import EXCEPTION_HANDLERS
from bostad_common.settings import Settings
from bostad_devkit.dev_issuer import issue_token, jwks

LANDLORD_CREDENTIAL = "llc_hsb_0123456789abcdef"


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        var_dir=tmp_path_factory.mktemp("var"), environment="test", max_request_body_bytes=1024
    )


async def landlord_authenticator(credential: str) -> Principal | None:
    if credential == LANDLORD_CREDENTIAL:
        return Principal(
            "landlord:hsb", "landlord", frozenset(), frozenset({"bromma"}), landlord_id="hsb"
        )
    return None


@get("/api/v1/cases", guards=[requires("eviction:case.read")])
async def list_cases(request: Request) -> dict[str, object]:
    principal = principal_of(request)
    return {"subject": principal.subject, "districts": sorted(principal.districts)}


@post("/api/v1/notices", guards=[requires("landlord:notice.submit")], status_code=202)
async def submit_notice(request: Request, data: JSONBody[dict[str, object]]) -> dict[str, object]:
    return {"landlord_id": principal_of(request).landlord_id}


@get("/api/v1/staff-area", guards=[staff_only])
async def staff_area() -> dict[str, str]:
    return {"ok": "yes"}


@get("/api/v1/things/health")
async def not_excluded() -> dict[str, str]:
    return {"reached": "yes"}


@get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "live"}


@get("/public/ping", exclude_from_auth=True)
async def opted_out() -> dict[str, str]:
    return {"pong": "yes"}


def make_app(settings: Settings, throttle: CredentialThrottle | None = None) -> Litestar:
    verifier = TokenVerifier.from_jwks(
        jwks(settings), issuer=settings.oidc_issuer, audience=settings.oidc_audience
    )
    return Litestar(
        route_handlers=[list_cases, submit_notice, staff_area, not_excluded, live, opted_out],
        middleware=[
            create_auth_middleware(
                settings,
                api_key_authenticator=landlord_authenticator,
                verifier=verifier,
                credential_throttle=throttle,
            )
        ],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        before_send=[security_headers_hook],
        request_max_body_size=request_max_body_size(settings),
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app=make_app(settings)) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_missing_credentials_answer_401_with_a_challenge(client: AsyncTestClient) -> None:
    response = await client.get("/api/v1/cases")
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["detail"] == "authentication required"


async def test_invalid_token_answers_401(client: AsyncTestClient, settings: Settings) -> None:
    token = issue_token("anna.caseworker", audience="elsewhere", settings=settings)
    response = await client.get("/api/v1/cases", headers=bearer(token))
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    assert response.json()["detail"] == "invalid audience"
    assert token not in response.text
    basic = await client.get("/api/v1/cases", headers={"Authorization": "Basic abc"})
    assert basic.status_code == 401


async def test_permitted_staff_gets_200_and_others_403(
    client: AsyncTestClient, settings: Settings
) -> None:
    ok = await client.get(
        "/api/v1/cases", headers=bearer(issue_token("stina.support", settings=settings))
    )
    assert ok.status_code == 200
    assert ok.json() == {"subject": "stina.support", "districts": ["bromma"]}
    denied = await client.get(
        "/api/v1/cases", headers=bearer(issue_token("agnes.auditor", settings=settings))
    )
    assert denied.status_code == 403
    # Staff may not act as landlords.
    staff_notice = await client.post(
        "/api/v1/notices",
        json={},
        headers=bearer(issue_token("anna.caseworker", settings=settings)),
    )
    assert staff_notice.status_code == 403


async def test_landlord_credentials(client: AsyncTestClient) -> None:
    accepted = await client.post("/api/v1/notices", json={}, headers=bearer(LANDLORD_CREDENTIAL))
    assert accepted.status_code == 202
    assert accepted.json() == {"landlord_id": "hsb"}
    # A landlord has only its pseudo-permissions.
    cases = await client.get("/api/v1/cases", headers=bearer(LANDLORD_CREDENTIAL))
    assert cases.status_code == 403
    staff_area = await client.get("/api/v1/staff-area", headers=bearer(LANDLORD_CREDENTIAL))
    assert staff_area.status_code == 403
    wrong = await client.post("/api/v1/notices", json={}, headers=bearer("llc_hsb_wrong"))
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "invalid credential"


async def test_failed_landlord_credentials_are_throttled(settings: Settings) -> None:
    throttle = CredentialThrottle(None, max_failures=3, window_seconds=60)
    async with AsyncTestClient(app=make_app(settings, throttle)) as client:
        for _ in range(3):
            response = await client.post("/api/v1/notices", json={}, headers=bearer("llc_bad_1"))
            assert response.status_code == 401
        blocked = await client.post("/api/v1/notices", json={}, headers=bearer("llc_bad_1"))
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) > 0
        # Another credential prefix from the same client is still served.
        other = await client.post("/api/v1/notices", json={}, headers=bearer(LANDLORD_CREDENTIAL))
        assert other.status_code == 202


async def test_a_valid_credential_is_served_whatever_others_failed(settings: Settings) -> None:
    """Issue #8: fifty wrong credentials from one address locked out every landlord there."""
    throttle = CredentialThrottle(None, max_failures=3, max_failures_per_address=5)
    same_prefix = LANDLORD_CREDENTIAL[:8] + "mistyped"
    async with AsyncTestClient(app=make_app(settings, throttle)) as client:
        for n in range(10):  # spends the address's budget and the valid prefix's
            guess = same_prefix if n % 2 else f"llc_{n:04d}_guess"
            await client.post("/api/v1/notices", json={}, headers=bearer(guess))
        refused = await client.post("/api/v1/notices", json={}, headers=bearer("llc_zzzz_x"))
        assert refused.status_code == 429
        ok = await client.post("/api/v1/notices", json={}, headers=bearer(LANDLORD_CREDENTIAL))
        assert ok.status_code == 202


async def test_landlord_request_rate_limit(settings: Settings) -> None:
    verifier = TokenVerifier.from_jwks(
        jwks(settings), issuer=settings.oidc_issuer, audience=settings.oidc_audience
    )
    app = Litestar(
        route_handlers=[submit_notice],
        middleware=[
            create_auth_middleware(
                settings,
                api_key_authenticator=landlord_authenticator,
                verifier=verifier,
                landlord_rate_limit_per_minute=2,
            )
        ],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
    )
    async with AsyncTestClient(app=app) as client:
        statuses = [
            (
                await client.post("/api/v1/notices", json={}, headers=bearer(LANDLORD_CREDENTIAL))
            ).status_code
            for _ in range(3)
        ]
    # Two in this minute, the third refused (or all three allowed across a minute boundary).
    assert statuses in ([202, 202, 429], [202, 202, 202])


async def test_excluded_paths_are_anchored(client: AsyncTestClient) -> None:
    assert (await client.get("/health/live")).status_code == 200
    assert (await client.get("/public/ping")).status_code == 200
    # "/health" in the middle of an API path does not skip authentication.
    assert (await client.get("/api/v1/things/health")).status_code == 401


async def test_security_headers(client: AsyncTestClient, settings: Settings) -> None:
    response = await client.get(
        "/api/v1/cases", headers=bearer(issue_token("anna.caseworker", settings=settings))
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"] == API_JSON_CSP
    unauthorized = await client.get("/api/v1/cases")
    assert unauthorized.headers["cache-control"] == "no-store"
    assert unauthorized.headers["x-content-type-options"] == "nosniff"
    health = await client.get("/health/live")
    assert health.headers["x-frame-options"] == "DENY"
    assert "no-store" not in health.headers.get("cache-control", "")


async def test_request_body_size_limit(client: AsyncTestClient) -> None:
    response = await client.post(
        "/api/v1/notices",
        content=b'{"x": "' + b"a" * 4096 + b'"}',
        headers={**bearer(LANDLORD_CREDENTIAL), "Content-Type": "application/json"},
    )
    assert response.status_code == 413


def test_guards_refuse_unknown_permissions_at_definition() -> None:
    with pytest.raises(ValueError, match="unknown permission"):
        requires("eviction:case.reed")


async def test_an_api_key_never_stands_for_staff_or_system(settings: Settings) -> None:
    """A service's API-key authenticator that answers a staff principal is refused (401)."""
    verifier = TokenVerifier.from_jwks(
        jwks(settings), issuer=settings.oidc_issuer, audience=settings.oidc_audience
    )

    async def careless_authenticator(credential: str) -> Principal | None:
        return Principal("anna", "staff", frozenset({"caseworker"}), frozenset({"bromma"}))

    app = Litestar(
        route_handlers=[list_cases],
        middleware=[
            create_auth_middleware(
                settings, api_key_authenticator=careless_authenticator, verifier=verifier
            )
        ],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
    )
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/api/v1/cases", headers=bearer(LANDLORD_CREDENTIAL))
    assert response.status_code == 401
