"""Litestar integration: who is calling (middleware) and may they (guards).

    app = Litestar(
        route_handlers=[...],
        middleware=[create_auth_middleware(settings, api_key_authenticator=...)],
    )

    @get("/api/v1/cases/{case_id:uuid}", guards=[requires("eviction:case.read")])
    async def get_case(request: Request, ...) -> ...:
        principal = principal_of(request)

Every `Authorization: Bearer` value that has the shape of a JWT is verified as a
staff OIDC token; anything else is an API key and goes to the service's
`api_key_authenticator` (`bostad_common.auth.api_keys`; eviction-prevention's
landlord credentials), behind a failed-attempt throttle and a per-caller rate limit.
Missing or bad credentials answer 401 with `WWW-Authenticate: Bearer` (the body
is the platform's usual JSON error body with a short reason); a valid caller
lacking a permission gets 403 from the guard.

Excluded paths are matched as *prefixes anchored at the start* (`/health` skips
`/health` and `/health/...`, not `/api/v1/x/health`); Litestar's own `exclude`
patterns are unanchored regexes, which is too easy to get wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import (
    NotAuthorizedException,
    PermissionDeniedException,
    TooManyRequestsException,
)
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import DefineMiddleware
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)
from litestar.types import ASGIApp

from bostad_common.auth.api_keys import ApiKeyAuthenticator, accepts_api_key_principal
from bostad_common.auth.jwt_verify import AuthenticationFailed, TokenVerifier, looks_like_jwt
from bostad_common.auth.landlord_rate_limit import (
    CredentialThrottle,
    TooManyAttempts,
    TooManyRequests,
)
from bostad_common.auth.permissions import require_known_permission
from bostad_common.auth.principal import Principal
from bostad_common.settings import Settings

__all__ = [
    "create_auth_middleware",
    "principal_of",
    "provide_principal",
    "requires",
    "staff_only",
]

Guard = Callable[[ASGIConnection, BaseRouteHandler], None]

REALM = "bostadsplattformen"
DEFAULT_EXCLUDE = ["/health", "/schema"]


def _challenge(error: str | None = None) -> dict[str, str]:
    value = f'Bearer realm="{REALM}"'
    if error:
        value += f', error="{error}"'
    return {"WWW-Authenticate": value}


def _unauthorized(detail: str, *, error: str | None = "invalid_token") -> NotAuthorizedException:
    return NotAuthorizedException(detail=detail, headers=_challenge(error))


def _anchored(paths: Sequence[str]) -> list[str]:
    patterns = []
    for path in paths:
        if path.startswith("^"):
            patterns.append(path)  # already a regex the caller anchored
        else:
            patterns.append(f"^{re.escape(path.rstrip('/'))}(?:/|$)")
    return patterns


def _client_ip(connection: ASGIConnection) -> str:
    # The socket's peer; the server replaces it with X-Forwarded-For only for
    # proxies named in BOSTAD_TRUSTED_PROXIES (see service.uvicorn_options).
    client = connection.client
    return client.host if client else "unknown"


class BostadAuthenticationMiddleware(AbstractAuthenticationMiddleware):
    def __init__(
        self,
        app: ASGIApp,
        *,
        verifier: TokenVerifier,
        api_key_authenticator: ApiKeyAuthenticator | None,
        credential_throttle: CredentialThrottle | None,
        landlord_rate_limit_per_minute: int,
        exclude: list[str],
    ) -> None:
        super().__init__(app, exclude=exclude or None)
        self.verifier = verifier
        self.api_key_authenticator = api_key_authenticator
        self.credential_throttle = credential_throttle
        self.landlord_rate_limit_per_minute = landlord_rate_limit_per_minute

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        header = connection.headers.get("authorization")
        if not header:
            raise _unauthorized("authentication required", error=None)
        scheme, _, credential = header.partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            raise _unauthorized("bearer token required", error="invalid_request")
        if looks_like_jwt(credential):
            try:
                principal = await self.verifier.verify(credential)
            except AuthenticationFailed as exc:
                raise _unauthorized(exc.reason) from None
            return AuthenticationResult(user=principal, auth=None)
        if self.api_key_authenticator is None:
            raise _unauthorized("invalid token")
        principal = await self._authenticate_api_key(connection, credential)
        return AuthenticationResult(user=principal, auth=None)

    async def _authenticate_api_key(self, connection: ASGIConnection, credential: str) -> Principal:
        assert self.api_key_authenticator is not None
        # Verified first: a valid key is never refused for others' failures (issue #8);
        # it has its own budget, the per-caller request rate below.
        principal = await self.api_key_authenticator(credential)
        if principal is None or not accepts_api_key_principal(principal):
            if self.credential_throttle:
                try:
                    await self.credential_throttle.refuse_failure(
                        credential[:8], _client_ip(connection)
                    )
                except TooManyAttempts as exc:
                    raise TooManyRequestsException(
                        detail="too many failed attempts",
                        headers={"Retry-After": str(exc.retry_after)},
                    ) from None
            raise _unauthorized("invalid credential")
        if self.credential_throttle and self.landlord_rate_limit_per_minute > 0:
            try:
                # Per caller, not per key: rotating keys must not reset the limit.
                await self.credential_throttle.hit(
                    principal.subject, self.landlord_rate_limit_per_minute
                )
            except TooManyRequests as exc:
                raise TooManyRequestsException(
                    detail="rate limit exceeded", headers={"Retry-After": str(exc.retry_after)}
                ) from None
        return principal


def create_auth_middleware(
    settings: Settings,
    *,
    api_key_authenticator: ApiKeyAuthenticator | None = None,
    exclude: list[str] | None = None,
    verifier: TokenVerifier | None = None,
    credential_throttle: CredentialThrottle | None = None,
    landlord_rate_limit_per_minute: int = 600,
) -> DefineMiddleware:
    """The authentication middleware for a service.

    `exclude` defaults to `["/health", "/schema"]` (anchored prefixes); handlers can also
    opt out with `exclude_from_auth=True`. `verifier` defaults to one for
    `settings.oidc_issuer/oidc_audience/jwks_url`. When an `api_key_authenticator` is
    given, failed API keys are throttled (10 per 5 minutes per key prefix, 50 per
    client address; a key that verifies is never refused for them) and each caller
    is rate-limited per minute — in Redis when `settings.redis_url` is set,
    in-process otherwise.
    """
    verifier = verifier or TokenVerifier(
        settings.oidc_issuer, settings.oidc_audience, settings.jwks_url
    )
    if api_key_authenticator is not None:
        credential_throttle = credential_throttle or CredentialThrottle(settings.redis_url or None)
    return DefineMiddleware(
        BostadAuthenticationMiddleware,
        verifier=verifier,
        api_key_authenticator=api_key_authenticator,
        credential_throttle=credential_throttle,
        landlord_rate_limit_per_minute=landlord_rate_limit_per_minute,
        exclude=_anchored(DEFAULT_EXCLUDE if exclude is None else exclude),
    )


# ----------------------------------------------------------------------- guards


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """The authenticated principal of a request; 401 if there is none."""
    user = connection.scope.get("user")
    if not isinstance(user, Principal):
        raise _unauthorized("authentication required", error=None)
    return user


async def provide_principal(request: Any) -> Principal:
    """For Litestar DI: `dependencies={"principal": Provide(provide_principal)}`."""
    return principal_of(request)


def requires(permission: str) -> Guard:
    """A guard: 403 unless the principal's roles grant `permission` (checked at import)."""
    require_known_permission(permission)

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        if not principal_of(connection).can(permission):
            raise PermissionDeniedException(detail="not permitted")

    guard.__name__ = f"requires_{permission.replace(':', '_').replace('.', '_')}"
    guard.__qualname__ = guard.__name__
    return guard


def requires_any(*permissions: str) -> Guard:
    """A guard: 403 unless the principal has at least one of `permissions` (checked at import)."""
    for permission in permissions:
        require_known_permission(permission)

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        principal = principal_of(connection)
        if not any(principal.can(p) for p in permissions):
            raise PermissionDeniedException(detail="not permitted")

    return guard


def staff_only(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """A guard: 403 for landlord (and system) principals."""
    if principal_of(connection).kind != "staff":
        raise PermissionDeniedException(detail="not permitted")
