"""Staff tokens: the development issuer and `TokenVerifier` against it."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import stat
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from litestar.testing import AsyncTestClient

from bostad_common.auth.jwt_verify import AuthenticationFailed, TokenVerifier, looks_like_jwt
from bostad_common.settings import Settings, get_settings
from bostad_devkit import dev_issuer
from bostad_devkit.broker_process import free_port
from bostad_devkit.dev_issuer import (
    DEMO_USERS,
    create_issuer_app,
    issue_token,
    jwks,
    key_id,
    key_path,
)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(var_dir=tmp_path_factory.mktemp("var"), environment="test")


@pytest.fixture(scope="module")
def verifier(settings: Settings) -> TokenVerifier:
    return TokenVerifier.from_jwks(
        jwks(settings), issuer=settings.oidc_issuer, audience=settings.oidc_audience
    )


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_for(settings: Settings, **overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "iss": settings.oidc_issuer,
        "aud": settings.oidc_audience,
        "sub": "anna.caseworker",
        "iat": now,
        "nbf": now,
        "exp": now + timedelta(hours=1),
        "roles": ["caseworker"],
        "districts": ["bromma"],
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def sign(settings: Settings, claims: dict[str, object]) -> str:
    return jwt.encode(
        claims,
        dev_issuer.signing_key(settings),
        algorithm="RS256",
        headers={"kid": key_id(settings)},
    )


async def rejected(verifier: TokenVerifier, token: str) -> str:
    with pytest.raises(AuthenticationFailed) as info:
        await verifier.verify(token)
    assert token not in str(info.value)
    return info.value.reason


# ------------------------------------------------------------------ issuer


def test_signing_key_is_private_and_stable(settings: Settings) -> None:
    first = jwks(settings)  # generates the key on first use
    path = key_path(settings)
    assert path == settings.var_dir / "dev-issuer" / "signing-key.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert first == jwks(settings)
    (key,) = first["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert "d" not in key  # public part only
    public = jwt.algorithms.RSAAlgorithm.from_jwk(key)
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048


def test_demo_users_cover_the_roles_and_both_districts() -> None:
    in_bromma = {r for u in DEMO_USERS.values() if "bromma" in u.districts for r in u.roles}
    assert {
        "caseworker",
        "housing_officer",
        "coordinator",
        "unit_manager",
        "housing_support",
        "fee_officer",
        "planner",
        "auditor",
        "admin",
    } <= in_bromma
    skarholmen_only = [u for u in DEMO_USERS.values() if u.districts == ("skarholmen",)]
    assert {r for u in skarholmen_only for r in u.roles} >= {"caseworker", "unit_manager"}
    assert any(set(u.districts) == {"bromma", "skarholmen"} for u in DEMO_USERS.values())


async def test_issued_token_verifies_to_a_staff_principal(
    settings: Settings, verifier: TokenVerifier
) -> None:
    token = issue_token("anna.caseworker", settings=settings)
    assert looks_like_jwt(token)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256" and header["kid"] == key_id(settings)
    principal = await verifier.verify(token)
    assert principal.subject == "anna.caseworker"
    assert principal.kind == "staff"
    assert principal.roles == {"caseworker"}
    assert principal.districts == {"bromma"}
    assert principal.display_name == "Anna Andersson"
    claims = jwt.decode(token, options={"verify_signature": False})
    assert {"iss", "aud", "sub", "exp", "iat", "nbf", "roles", "districts", "name"} <= set(claims)

    both = await verifier.verify(issue_token("eva.two.districts", settings=settings))
    assert both.districts == {"bromma", "skarholmen"}


# -------------------------------------------------------------- rejections


async def test_expired_token(settings: Settings, verifier: TokenVerifier) -> None:
    token = issue_token(
        "anna.caseworker",
        now=datetime.now(UTC) - timedelta(hours=2),
        expires_in=3600,
        settings=settings,
    )
    assert await rejected(verifier, token) == "token expired"


async def test_token_not_yet_valid(settings: Settings, verifier: TokenVerifier) -> None:
    token = issue_token(
        "anna.caseworker", now=datetime.now(UTC) + timedelta(hours=1), settings=settings
    )
    assert await rejected(verifier, token) in {"token not yet valid", "invalid iat"}


async def test_wrong_audience(settings: Settings, verifier: TokenVerifier) -> None:
    token = issue_token("anna.caseworker", audience="another-api", settings=settings)
    assert await rejected(verifier, token) == "invalid audience"


async def test_wrong_issuer(settings: Settings, verifier: TokenVerifier) -> None:
    other = Settings(var_dir=settings.var_dir, oidc_issuer="https://evil.example/issuer")
    token = issue_token("anna.caseworker", settings=other)  # same key, other iss
    assert await rejected(verifier, token) == "invalid issuer"


async def test_forged_signature_with_another_key_and_the_same_kid(
    settings: Settings, verifier: TokenVerifier
) -> None:
    attacker = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(
        claims_for(settings, roles=["caseworker", "unit_manager"]),
        attacker,
        algorithm="RS256",
        headers={"kid": key_id(settings)},
    )
    assert await rejected(verifier, token) == "invalid signature"


async def test_alg_none_is_refused(settings: Settings, verifier: TokenVerifier) -> None:
    token = jwt.encode(
        claims_for(settings), None, algorithm="none", headers={"kid": key_id(settings)}
    )
    assert await rejected(verifier, token) == "unsupported algorithm"


async def test_hs256_signed_with_the_public_key_is_refused(
    settings: Settings, verifier: TokenVerifier
) -> None:
    public_pem = (
        dev_issuer.signing_key(settings)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": key_id(settings)}
    payload = {
        k: int(v.timestamp()) if isinstance(v, datetime) else v
        for k, v in claims_for(settings).items()
    }
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    token = f"{signing_input}.{b64(signature)}"
    assert await rejected(verifier, token) == "unsupported algorithm"


async def test_es256_header_on_an_rsa_key_is_refused(
    settings: Settings, verifier: TokenVerifier
) -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    token = jwt.encode(
        claims_for(settings), ec_key, algorithm="ES256", headers={"kid": key_id(settings)}
    )
    assert await rejected(verifier, token) == "algorithm does not match the key"


async def test_es256_tokens_verify_with_an_ec_jwks(settings: Settings) -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(ec_key.public_key()))
    jwk["kid"] = "ec-1"
    verifier = TokenVerifier.from_jwks(
        {"keys": [jwk]}, issuer=settings.oidc_issuer, audience=settings.oidc_audience
    )
    token = jwt.encode(claims_for(settings), ec_key, algorithm="ES256", headers={"kid": "ec-1"})
    assert (await verifier.verify(token)).subject == "anna.caseworker"


async def test_required_claims_and_their_shapes(
    settings: Settings, verifier: TokenVerifier
) -> None:
    assert await rejected(verifier, sign(settings, claims_for(settings, exp=None))) == (
        "missing claim exp"
    )
    assert await rejected(verifier, sign(settings, claims_for(settings, sub=None))) == (
        "missing claim sub"
    )
    assert await rejected(verifier, sign(settings, claims_for(settings, districts=None))) == (
        "missing claim districts"
    )
    assert await rejected(verifier, sign(settings, claims_for(settings, roles="admin"))) == (
        "invalid claim roles"
    )
    assert await rejected(
        verifier, sign(settings, claims_for(settings, districts=["Bromma; DROP"]))
    ) == ("invalid claim districts")


async def test_unknown_roles_and_system_are_dropped(
    settings: Settings, verifier: TokenVerifier
) -> None:
    token = sign(settings, claims_for(settings, roles=["caseworker", "system", "superuser"]))
    principal = await verifier.verify(token)
    assert principal.roles == {"caseworker"} and principal.kind == "staff"


async def test_garbage_and_unknown_kid(settings: Settings, verifier: TokenVerifier) -> None:
    assert await rejected(verifier, "not-a-jwt") == "malformed token"
    token = jwt.encode(
        claims_for(settings),
        dev_issuer.signing_key(settings),
        algorithm="RS256",
        headers={"kid": "somebody-else"},
    )
    assert await rejected(verifier, token) == "unknown signing key"


# ------------------------------------------------------- JWKS over HTTP


class RunningServer:
    def __init__(self, app: object, port: int) -> None:
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_config=None, lifespan="off", access_log=False
        )
        self.server = uvicorn.Server(config)
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> RunningServer:
        self.task = asyncio.create_task(self.server.serve())
        while not self.server.started:
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *_: object) -> None:
        self.server.should_exit = True
        assert self.task is not None
        await self.task


@pytest.fixture
async def http_issuer_settings(tmp_path: Path) -> AsyncIterator[Settings]:
    port = free_port()
    yield Settings(
        var_dir=tmp_path, oidc_issuer=f"http://127.0.0.1:{port}/dev-issuer", environment="test"
    )


async def test_issuer_started_after_the_service(http_issuer_settings: Settings) -> None:
    settings = http_issuer_settings
    clock = [1000.0]  # the negative cache's clock, moved by hand: no sleeping
    verifier = TokenVerifier(
        settings.oidc_issuer,
        settings.oidc_audience,
        settings.jwks_url,
        negative_cache_seconds=0.3,
        fetch_timeout_seconds=1,
        monotonic=lambda: clock[0],
    )
    token = issue_token("ulla.manager", settings=settings)
    assert await rejected(verifier, token) == "signing keys unavailable"
    port = int(settings.oidc_issuer.split(":")[2].split("/")[0])
    async with RunningServer(create_issuer_app(settings), port):
        # Inside the negative-cache window nothing is fetched.
        clock[0] += 0.29
        assert await rejected(verifier, token) == "signing keys unavailable"
        clock[0] += 0.06
        principal = await verifier.verify(token)
        assert principal.roles == {"unit_manager"}


async def test_key_rotation_refetches_on_unknown_kid(
    http_issuer_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    settings = http_issuer_settings
    rotated = Settings(
        var_dir=tmp_path_factory.mktemp("rotated"),
        oidc_issuer=settings.oidc_issuer,
        environment="test",
    )
    port = int(settings.oidc_issuer.split(":")[2].split("/")[0])
    verifier = TokenVerifier(
        settings.oidc_issuer, settings.oidc_audience, settings.jwks_url, negative_cache_seconds=0
    )
    async with RunningServer(create_issuer_app(settings), port):
        await verifier.verify(issue_token("anna.caseworker", settings=settings))
    async with RunningServer(create_issuer_app(rotated), port):
        new_token = issue_token("anna.caseworker", settings=rotated)
        assert key_id(rotated) != key_id(settings)
        assert (await verifier.verify(new_token)).subject == "anna.caseworker"


async def test_issuer_http_endpoints(settings: Settings) -> None:
    async with AsyncTestClient(app=create_issuer_app(settings)) as client:
        discovery = (await client.get("/dev-issuer/.well-known/openid-configuration")).json()
        assert discovery["issuer"] == settings.oidc_issuer
        assert discovery["jwks_uri"] == settings.jwks_url
        assert (await client.get("/dev-issuer/jwks.json")).json() == jwks(settings)
        response = await client.post("/dev-issuer/token", json={"username": "stina.support"})
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        verifier = TokenVerifier.from_jwks(
            jwks(settings), issuer=settings.oidc_issuer, audience=settings.oidc_audience
        )
        principal = await verifier.verify(response.json()["access_token"])
        assert principal.roles == {"housing_support"}
        unknown = await client.post("/dev-issuer/token", json={"username": "nobody"})
        assert unknown.status_code == 404


async def test_issuer_refuses_tokens_in_production(settings: Settings) -> None:
    production = Settings(var_dir=settings.var_dir, environment="production")
    async with AsyncTestClient(app=create_issuer_app(production)) as client:
        response = await client.post("/dev-issuer/token", json={"username": "anna.caseworker"})
        assert response.status_code == 403


# ---------------------------------------------------------------------- CLI


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("BOSTAD_VAR_DIR", str(settings.var_dir))
    monkeypatch.setenv("BOSTAD_ENVIRONMENT", "development")
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


def test_cli_token_prints_only_the_token(
    cli_env: Settings, verifier: TokenVerifier, capsys: pytest.CaptureFixture[str]
) -> None:
    assert dev_issuer.main(["token", "sven.skarholmen"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert jwt.decode(out.strip(), options={"verify_signature": False})["districts"] == [
        "skarholmen"
    ]


def test_cli_list_and_unknown_user(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert dev_issuer.main(["token", "--list"]) == 0
    listing = capsys.readouterr().out
    for user in DEMO_USERS.values():
        assert user.username in listing
    assert "unit_manager" in listing and "skarholmen" in listing
    assert dev_issuer.main(["token", "no.such.user"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "unknown demo user" in captured.err


def test_cli_refuses_in_production(
    cli_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BOSTAD_ENVIRONMENT", "production")
    get_settings.cache_clear()
    assert dev_issuer.main(["token", "anna.caseworker"]) == 2
    assert capsys.readouterr().out == ""


def test_python_dash_m_entry_point(settings: Settings) -> None:
    env = {**os.environ, "BOSTAD_VAR_DIR": str(settings.var_dir), "BOSTAD_ENVIRONMENT": "test"}
    result = subprocess.run(
        [sys.executable, "-m", "bostad_devkit.dev_issuer", "token", "agnes.auditor"],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    header = jwt.get_unverified_header(lines[0])
    assert header["kid"] == key_id(settings)  # same key file as in-process
