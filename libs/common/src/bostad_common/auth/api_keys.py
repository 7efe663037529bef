"""API keys: how a service lets an external system (not a person) call it.

Every `Authorization: Bearer` value that is not shaped like a JWT is an API key.
The platform's middleware throttles failed keys and rate-limits each caller; what
a key *means* is the service's business, so a service plugs in an
`ApiKeyAuthenticator` through its `ServiceDefinition.api_key_authenticator`
factory (eviction-prevention: landlord credentials, `landlords/auth.py`).

The authenticator answers the principal a key belongs to, or None for a wrong,
revoked or malformed key. It must never answer a staff or system principal: those
come only from verified tokens and from the platform itself; the middleware
refuses them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from bostad_common.auth.principal import Principal

if TYPE_CHECKING:
    from bostad_common.service import ServiceContext

__all__ = ["ApiKeyAuthenticator", "ApiKeyAuthenticatorFactory", "accepts_api_key_principal"]


class ApiKeyAuthenticator(Protocol):
    async def __call__(self, credential: str) -> Principal | None:
        """The principal `credential` belongs to, or None."""
        ...


ApiKeyAuthenticatorFactory = Callable[["ServiceContext"], ApiKeyAuthenticator]
"""Builds a service's authenticator once its context (database engine, settings) exists."""


def accepts_api_key_principal(principal: Principal | None) -> bool:
    """True for a principal an API key may stand for: an external system, never staff or SYSTEM."""
    return principal is not None and principal.kind not in ("staff", "system")
