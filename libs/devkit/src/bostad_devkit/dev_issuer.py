"""The local development OIDC issuer of the embedded default.

It signs staff tokens for the demo users with an RSA-2048 key that is generated
once into `<var_dir>/dev-issuer/signing-key.pem` (mode 0600) and publishes the
public key as a JWKS, so services verify these tokens exactly as they verify a
real identity provider's (`TokenVerifier` against `<issuer>/jwks.json`).

    python -m bostad_devkit.dev_issuer token anna.caseworker   # prints one token
    python -m bostad_devkit.dev_issuer token --list            # demo users
    python -m bostad_devkit.dev_issuer serve                   # HTTP issuer

`token` signs locally with the key file, so it works whether or not `serve` runs;
both use the same key. Nothing here is for production: the demo users are
fictional and `token`/`POST /token` refuse when `BOSTAD_ENVIRONMENT=production`.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from bostad_common.settings import Settings, get_settings

if TYPE_CHECKING:
    from litestar import Litestar

__all__ = [
    "DEMO_USERS",
    "DemoUser",
    "ProductionRefused",
    "UnknownUser",
    "create_issuer_app",
    "issue_token",
    "jwks",
    "key_id",
    "key_path",
    "main",
    "signing_key",
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    name: str
    roles: tuple[str, ...]
    districts: tuple[str, ...]
    units: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        """A demo address under `.example` (RFC 2606): never a real mailbox."""
        return f"{self.username}@bostad.example"


def _users(*users: DemoUser) -> dict[str, DemoUser]:
    return {user.username: user for user in users}


# Fictional people; no personal numbers anywhere. Usernames say role and district.
DEMO_USERS: Final[dict[str, DemoUser]] = _users(
    DemoUser("anna.caseworker", "Anna Andersson", ("caseworker",), ("bromma",), ("adult_unit",)),
    DemoUser(
        "bo.children",
        "Bo Berglund",
        ("caseworker",),
        ("bromma",),
        ("children_and_youth_unit",),
    ),
    DemoUser(
        "elin.financial",
        "Elin Ekström",
        ("caseworker",),
        ("bromma",),
        ("financial_assistance_unit",),
    ),
    DemoUser("hugo.housing", "Hugo Holm", ("housing_officer",), ("bromma",)),
    DemoUser("cecilia.coordinator", "Cecilia Carlsson", ("coordinator",), ("bromma",)),
    DemoUser("ulla.manager", "Ulla Ek", ("unit_manager",), ("bromma",)),
    # Allocation rounds need several unit managers per district (seed 000).
    DemoUser("ivar.manager", "Ivar Isaksson", ("unit_manager",), ("bromma",), ("adult_unit",)),
    DemoUser(
        "greta.manager", "Greta Gran", ("unit_manager",), ("bromma",), ("children_and_youth_unit",)
    ),
    DemoUser(
        "hedda.manager",
        "Hedda Hall",
        ("unit_manager",),
        ("bromma",),
        ("financial_assistance_unit",),
    ),
    DemoUser("olof.operations", "Olof Ohlsson", ("operations_manager",), ("bromma",)),
    DemoUser("frida.fees", "Frida Fors", ("fee_officer",), ("bromma",)),
    DemoUser("petra.planner", "Petra Palm", ("planner",), ("bromma",)),
    DemoUser("lars.legal", "Lars Lind", ("legal_counsel",), ("bromma",)),
    DemoUser("stina.support", "Stina Strand", ("housing_support",), ("bromma",)),
    # Outreach goes out two by two (seed 002): two housing-support staff per district.
    DemoUser("kim.support", "Kim Kask", ("housing_support",), ("bromma",)),
    DemoUser("agnes.auditor", "Agnes Alm", ("auditor",), ("bromma",)),
    DemoUser("adam.admin", "Adam Berg", ("admin",), ("bromma",)),
    DemoUser("sven.skarholmen", "Sven Sund", ("caseworker",), ("skarholmen",)),
    DemoUser("tove.skarholmen.support", "Tove Torn", ("housing_support",), ("skarholmen",)),
    DemoUser("ture.skarholmen.support", "Ture Tall", ("housing_support",), ("skarholmen",)),
    DemoUser("maja.skarholmen.manager", "Maja Mark", ("unit_manager",), ("skarholmen",)),
    # Intake's routine needs a housing officer and a coordinator in each demo district.
    DemoUser("harald.skarholmen.housing", "Harald Hed", ("housing_officer",), ("skarholmen",)),
    DemoUser("sara.skarholmen.coordinator", "Sara Sjö", ("coordinator",), ("skarholmen",)),
    DemoUser("nils.skarholmen.manager", "Nils Norén", ("unit_manager",), ("skarholmen",)),
    DemoUser("karin.skarholmen.housing", "Karin Kvist", ("housing_officer",), ("skarholmen",)),
    DemoUser("leo.skarholmen.coordinator", "Leo Lund", ("coordinator",), ("skarholmen",)),
    DemoUser("otto.skarholmen.operations", "Otto Orre", ("operations_manager",), ("skarholmen",)),
    DemoUser(
        "eva.two.districts", "Eva Ek Berg", ("caseworker", "coordinator"), ("bromma", "skarholmen")
    ),
)

KEY_FILE_NAME: Final = "signing-key.pem"
_key_lock = threading.Lock()
_key_cache: dict[Path, rsa.RSAPrivateKey] = {}


class UnknownUser(LookupError):
    """No demo user by that name."""


class ProductionRefused(RuntimeError):
    """The development issuer does not issue tokens when BOSTAD_ENVIRONMENT=production."""


def key_path(settings: Settings | None = None) -> Path:
    settings = settings or get_settings()
    return settings.var_dir / "dev-issuer" / KEY_FILE_NAME


def _generate_key_file(path: Path) -> None:
    """Write a new key so that concurrent starters agree on one key (first link wins)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    tmp = path.with_name(f".{KEY_FILE_NAME}.{uuid.uuid4().hex}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # atomic; fails if another process got there first
    finally:
        tmp.unlink(missing_ok=True)


def signing_key(settings: Settings | None = None) -> rsa.RSAPrivateKey:
    path = key_path(settings)
    with _key_lock:
        cached = _key_cache.get(path)
        if cached is not None:
            return cached
        if not path.exists():
            _generate_key_file(path)
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError(f"{path} does not hold an RSA private key")
        _key_cache[path] = key
        return key


def _public_jwk(key: rsa.RSAPrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    # kid = RFC 7638 thumbprint: stable for the key, changes when the key file is replaced.
    thumbprint_input = json.dumps(
        {"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}, separators=(",", ":"), sort_keys=True
    )
    digest = hashlib.sha256(thumbprint_input.encode()).digest()
    kid = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": jwk["n"], "e": jwk["e"]}


def key_id(settings: Settings | None = None) -> str:
    return str(_public_jwk(signing_key(settings))["kid"])


def jwks(settings: Settings | None = None) -> dict[str, Any]:
    """The public signing key(s) as a JSON Web Key Set."""
    return {"keys": [_public_jwk(signing_key(settings))]}


def issue_token(
    username: str,
    *,
    expires_in: int = 8 * 3600,
    audience: str | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> str:
    """An RS256 access token for a demo user (raises UnknownUser)."""
    settings = settings or get_settings()
    user = DEMO_USERS.get(username)
    if user is None:
        raise UnknownUser(username)
    issued = (now or datetime.now(UTC)).replace(microsecond=0)
    claims = {
        "iss": settings.oidc_issuer,
        "aud": audience or settings.oidc_audience,
        "sub": user.username,
        "iat": issued,
        "nbf": issued,
        "exp": issued + timedelta(seconds=expires_in),
        "jti": uuid.uuid4().hex,
        "name": user.name,
        "roles": list(user.roles),
        "districts": list(user.districts),
        "units": list(user.units),
        "email": user.email,
    }
    key = signing_key(settings)
    return jwt.encode(
        claims, key, algorithm="RS256", headers={"kid": _public_jwk(key)["kid"], "typ": "JWT"}
    )


def _refuse_in_production(settings: Settings) -> None:
    if settings.environment == "production":
        raise ProductionRefused("the development issuer does not issue tokens in production")


def issuer_path(settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    return urlsplit(settings.oidc_issuer).path.rstrip("/")


def openid_configuration(settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or get_settings()
    issuer = settings.oidc_issuer.rstrip("/")
    return {
        "issuer": settings.oidc_issuer,
        "jwks_uri": f"{issuer}/jwks.json",
        "token_endpoint": f"{issuer}/token",
        "response_types_supported": ["token"],
        "grant_types_supported": ["urn:bostad:dev-username"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "claims_supported": ["sub", "name", "email", "roles", "districts", "units"],
    }


def create_issuer_app(settings: Settings | None = None) -> Litestar:
    """The issuer over HTTP: discovery document, JWKS and (dev only) a token endpoint."""
    from litestar import Litestar, MediaType, Response, get, post
    from litestar.exceptions import HTTPException, NotFoundException, PermissionDeniedException
    from litestar.params import JSONBody

    settings = settings or get_settings()
    base = issuer_path(settings)
    signing_key(settings)  # create the key at start-up, not on the first request

    @get(f"{base}/.well-known/openid-configuration", media_type=MediaType.JSON)
    async def discovery() -> dict[str, Any]:
        return openid_configuration(settings)

    @get(f"{base}/jwks.json", media_type=MediaType.JSON)
    async def keys() -> Response[dict[str, Any]]:
        return Response(jwks(settings), headers={"Cache-Control": "public, max-age=300"})

    @post(f"{base}/token", media_type=MediaType.JSON, status_code=200)
    async def token(data: JSONBody[dict[str, Any]]) -> Response[dict[str, Any]]:
        if settings.environment == "production":
            raise PermissionDeniedException("token issuing is disabled in production")
        username = data.get("username")
        if not isinstance(username, str):
            raise HTTPException(status_code=400, detail="username is required")
        if username not in DEMO_USERS:
            raise NotFoundException("unknown demo user")
        expires_in = 8 * 3600
        return Response(
            {
                "access_token": issue_token(username, settings=settings),
                "token_type": "Bearer",
                "expires_in": expires_in,
            },
            headers={"Cache-Control": "no-store"},
        )

    @get(f"{base}/health", media_type=MediaType.JSON)
    async def health() -> dict[str, str]:
        return {"status": "live"}

    return Litestar(
        route_handlers=[discovery, keys, token, health],
        openapi_config=None,
        # Litestar is imported here (not at module level) so `token` starts fast; the
        # handlers' postponed annotations need these names to resolve.
        signature_namespace={"Any": Any, "JSONBody": JSONBody, "Response": Response},
    )


def _print_users(out: Any) -> None:
    width = max(len(name) for name in DEMO_USERS)
    out.write(f"{'username':<{width}}  {'roles':<28}  districts\n")
    for user in DEMO_USERS.values():
        out.write(
            f"{user.username:<{width}}  {','.join(user.roles):<28}  {','.join(user.districts)}\n"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bostad_devkit.dev_issuer",
        description="Local development OIDC issuer (embedded default only).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    token_cmd = sub.add_parser("token", help="print a bearer token for a demo user")
    token_cmd.add_argument("username", nargs="?")
    token_cmd.add_argument("--list", action="store_true", help="list the demo users")
    token_cmd.add_argument("--expires-in", type=int, default=8 * 3600, help="seconds")
    serve_cmd = sub.add_parser("serve", help="serve discovery, JWKS and the token endpoint")
    serve_cmd.add_argument("--host", help="bind address (default: the issuer URL's host)")
    serve_cmd.add_argument("--port", type=int, help="port (default: the issuer URL's port)")
    sub.add_parser("jwks", help="print the public JWKS")
    args = parser.parse_args(argv)
    settings = get_settings()

    if args.command == "token":
        if args.list:
            _print_users(sys.stdout)
            return 0
        if not args.username:
            sys.stderr.write("usage: token USER | token --list\n")
            return 2
        try:
            _refuse_in_production(settings)
            token = issue_token(args.username, expires_in=args.expires_in, settings=settings)
        except UnknownUser:
            sys.stderr.write(
                f"unknown demo user {args.username!r}; `token --list` shows the demo users\n"
            )
            return 2
        except ProductionRefused as exc:
            sys.stderr.write(f"{exc}\n")
            return 2
        sys.stdout.write(token + "\n")
        return 0

    if args.command == "jwks":
        sys.stdout.write(json.dumps(jwks(settings)) + "\n")
        return 0

    # serve
    import uvicorn

    parts = urlsplit(settings.oidc_issuer)
    host = args.host or parts.hostname or "127.0.0.1"
    port = args.port or parts.port or (443 if parts.scheme == "https" else 80)
    uvicorn.run(
        create_issuer_app(settings), host=host, port=port, log_config=None, access_log=False
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
