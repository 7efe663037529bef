"""Landlord credentials as this service's API keys (`bostad_common.auth.api_keys`).

The platform's auth middleware calls the authenticator for every non-JWT bearer
value; it throttles failed attempts (CredentialThrottle, in Redis when
configured) and rate-limits each landlord before and after this lookup.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import async_sessionmaker

from bostad_common.auth.api_keys import ApiKeyAuthenticator
from bostad_common.auth.principal import Principal
from bostad_common.service import ServiceContext
from eviction_prevention.landlords.service import authenticate


def landlord_authenticator_factory(ctx: ServiceContext) -> ApiKeyAuthenticator:
    # A single read needs no transaction: in autocommit there is no BEGIN before it
    # and no ROLLBACK after it, two round trips fewer on every landlord request.
    reads = async_sessionmaker(
        ctx.engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
    )

    async def authenticate_landlord(credential: str) -> Principal | None:
        async with reads() as session:
            return await authenticate(session, credential)

    return authenticate_landlord
