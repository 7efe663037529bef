"""Verification of staff bearer tokens (OIDC access tokens, JWT).

`TokenVerifier.verify(token)` returns a staff `Principal` or raises
`AuthenticationFailed` with a short reason that never contains the token.

What is enforced:
* signature with a key from the issuer's JWKS, algorithms RS256 and ES256 only
  (`none`, HS* and everything else are refused before any key is looked at; the
  token's `alg` must also match the key's type, so an RSA public key can never be
  used as an HMAC secret);
* `exp`, `nbf` (when present), `iat`, `iss` and `aud`, with a small clock leeway;
* required claims `sub`, `exp`, `iat`, `iss`, `aud`, `roles`, `districts`; roles are
  kept only if the matrix knows them (a token cannot make anyone `system`).

Keys are fetched lazily, on the first token, not at start-up, so a service may
start before its issuer. A token with an unknown `kid` triggers one refetch (key
rotation); failures and unknown kids are remembered for a few seconds (negative
cache), so a flood of bad tokens or a down issuer cannot turn every request into
an outgoing HTTP call. Cached keys are refreshed after `key_lifespan` seconds and,
if the issuer is down at that moment, the old keys stay in use (stale-if-error).

`PyJWKClient` is synchronous (urllib); it runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import anyio.to_thread
import jwt
from jwt import PyJWK, PyJWKClient, PyJWKSet
from jwt.exceptions import (
    ExpiredSignatureError,
    ImmatureSignatureError,
    InvalidAudienceError,
    InvalidIssuedAtError,
    InvalidIssuerError,
    InvalidSignatureError,
    MissingRequiredClaimError,
    PyJWKClientError,
    PyJWKError,
    PyJWKSetError,
    PyJWTError,
)

from bostad_common.auth.permissions import ALL_ROLES
from bostad_common.auth.principal import Principal

__all__ = ["ALLOWED_ALGORITHMS", "AuthenticationFailed", "TokenVerifier", "looks_like_jwt"]

ALLOWED_ALGORITHMS: Final = ("RS256", "ES256")
_MAX_TOKEN_LENGTH: Final = 16 * 1024
_DISTRICT: Final = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_REQUIRED_CLAIMS: Final = ["sub", "exp", "iat", "iss", "aud"]


class AuthenticationFailed(Exception):
    """The token is not acceptable. `reason` is short and safe to return to the client."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def looks_like_jwt(token: str) -> bool:
    """True if `token` has the shape of a JWS (three parts, a JSON header with `alg`)."""
    if token.count(".") != 2 or len(token) > _MAX_TOKEN_LENGTH:
        return False
    try:
        header = jwt.get_unverified_header(token)
    except PyJWTError:
        return False
    return isinstance(header.get("alg"), str)


def _usable(key: PyJWK) -> bool:
    return key.algorithm_name in ALLOWED_ALGORITHMS and key.public_key_use in ("sig", None)


def _keys_by_kid(jwk_set: PyJWKSet) -> dict[str, PyJWK]:
    return {key.key_id: key for key in jwk_set.keys if key.key_id and _usable(key)}


class TokenVerifier:
    def __init__(
        self,
        issuer: str,
        audience: str,
        jwks_url: str,
        *,
        leeway_seconds: int = 30,
        fetch_timeout_seconds: float = 5.0,
        negative_cache_seconds: float = 5.0,
        key_lifespan_seconds: float = 3600.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks_url = jwks_url
        self.leeway = leeway_seconds
        self.negative_cache_seconds = negative_cache_seconds
        self.key_lifespan_seconds = key_lifespan_seconds
        # The clock of the negative caches, injectable so their windows can be
        # tested without sleeping (a loaded machine stretches any real window).
        self._monotonic = monotonic
        self._client: PyJWKClient | None = (
            PyJWKClient(jwks_url, cache_jwk_set=False, timeout=fetch_timeout_seconds)
            if jwks_url
            else None
        )
        self._keys: dict[str, PyJWK] = {}
        self._keys_fetched_at: float | None = None
        self._fetch_blocked_until = 0.0
        self._unknown_kids: dict[str, float] = {}
        self._lock: asyncio.Lock | None = None

    @classmethod
    def from_jwks(
        cls, jwks: Mapping[str, Any], *, issuer: str, audience: str, leeway_seconds: int = 30
    ) -> TokenVerifier:
        """A verifier with fixed keys (embedded default, tests); never fetches."""
        verifier = cls(issuer, audience, "", leeway_seconds=leeway_seconds)
        try:
            verifier._keys = _keys_by_kid(PyJWKSet.from_dict(dict(jwks)))
        except (PyJWKError, PyJWKSetError) as exc:
            raise ValueError("the JWKS holds no usable signing key") from exc
        if not verifier._keys:
            raise ValueError("the JWKS holds no RS256/ES256 signing key with a kid")
        return verifier

    # ------------------------------------------------------------------ keys

    async def _refresh(self, now: float) -> bool:
        """Fetch the JWKS once; True if it succeeded. Failures block fetching briefly."""
        assert self._client is not None
        client = self._client
        try:
            jwk_set = await anyio.to_thread.run_sync(lambda: client.get_jwk_set(refresh=True))
        except (PyJWKClientError, PyJWKError, PyJWKSetError, OSError, ValueError):
            self._fetch_blocked_until = now + self.negative_cache_seconds
            return False
        self._keys = _keys_by_kid(jwk_set)
        self._keys_fetched_at = now
        self._unknown_kids.clear()
        return True

    async def _key_for(self, kid: str) -> PyJWK:
        now = self._monotonic()
        stale = (
            self._keys_fetched_at is not None
            and now - self._keys_fetched_at > self.key_lifespan_seconds
        )
        key = self._keys.get(kid)
        if key is not None and not stale:
            return key
        if self._client is None:
            raise AuthenticationFailed("unknown signing key")
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            # Another request may have refreshed while we waited.
            now = self._monotonic()
            key = self._keys.get(kid)
            fresh = (
                self._keys_fetched_at is not None
                and now - self._keys_fetched_at <= self.key_lifespan_seconds
            )
            if key is not None and fresh:
                return key
            if key is None and self._unknown_kids.get(kid, 0.0) > now:
                raise AuthenticationFailed("unknown signing key")
            if now < self._fetch_blocked_until:
                if key is not None:  # stale-if-error
                    return key
                raise AuthenticationFailed("signing keys unavailable")
            if not await self._refresh(now):
                if key is not None:  # issuer down at refresh time: keep the old key
                    return key
                raise AuthenticationFailed("signing keys unavailable")
            key = self._keys.get(kid)
            if key is None:
                if len(self._unknown_kids) > 1024:
                    self._unknown_kids.clear()
                self._unknown_kids[kid] = now + self.negative_cache_seconds
                raise AuthenticationFailed("unknown signing key")
            return key

    # ---------------------------------------------------------------- verify

    async def verify(self, token: str) -> Principal:
        if not isinstance(token, str) or not token:
            raise AuthenticationFailed("missing token")
        if len(token) > _MAX_TOKEN_LENGTH:
            raise AuthenticationFailed("token too large")
        try:
            header = jwt.get_unverified_header(token)
        except PyJWTError:
            raise AuthenticationFailed("malformed token") from None
        alg = header.get("alg")
        if alg not in ALLOWED_ALGORITHMS:
            raise AuthenticationFailed("unsupported algorithm")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthenticationFailed("token has no key id")
        key = await self._key_for(kid)
        if key.algorithm_name != alg:
            raise AuthenticationFailed("algorithm does not match the key")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={
                    "require": _REQUIRED_CLAIMS,
                    "verify_signature": True,
                    "verify_exp": True,
                    "verify_nbf": True,
                    "verify_iat": True,
                    "verify_aud": True,
                    "verify_iss": True,
                },
            )
        except ExpiredSignatureError:
            raise AuthenticationFailed("token expired") from None
        except ImmatureSignatureError:
            raise AuthenticationFailed("token not yet valid") from None
        except InvalidAudienceError:
            raise AuthenticationFailed("invalid audience") from None
        except InvalidIssuerError:
            raise AuthenticationFailed("invalid issuer") from None
        except InvalidSignatureError:
            raise AuthenticationFailed("invalid signature") from None
        except MissingRequiredClaimError as exc:
            raise AuthenticationFailed(f"missing claim {exc.claim}") from None
        except InvalidIssuedAtError:
            raise AuthenticationFailed("invalid iat") from None
        except PyJWTError:
            raise AuthenticationFailed("invalid token") from None
        return self._principal(claims)

    @staticmethod
    def _principal(claims: Mapping[str, Any]) -> Principal:
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject or len(subject) > 255:
            raise AuthenticationFailed("invalid claim sub")
        roles = _string_list(claims, "roles")
        districts = _string_list(claims, "districts")
        if not all(_DISTRICT.match(d) for d in districts):
            raise AuthenticationFailed("invalid claim districts")
        name = claims.get("name", "")
        units = _string_list(claims, "units") if "units" in claims else []
        email = claims.get("email", "")
        return Principal(
            subject=subject,
            kind="staff",
            roles=frozenset(r for r in roles if r in ALL_ROLES),
            districts=frozenset(districts),
            display_name=name if isinstance(name, str) else "",
            units=frozenset(units),
            email=email if isinstance(email, str) and len(email) <= 254 else "",
        )


def _string_list(claims: Mapping[str, Any], name: str) -> list[str]:
    if name not in claims:
        raise AuthenticationFailed(f"missing claim {name}")
    value = claims[name]
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | Mapping):
        raise AuthenticationFailed(f"invalid claim {name}")
    items = list(value)
    if not all(isinstance(item, str) for item in items) or len(items) > 100:
        raise AuthenticationFailed(f"invalid claim {name}")
    return items
