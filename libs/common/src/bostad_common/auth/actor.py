"""Who performs a use case, and the access-log entry for touching a person's data.

Every service's controllers get an `Actor` (the verified principal plus the key
that pseudonymises personal numbers); consumers and background jobs use
`Actor.system(...)`. Every read or change of a person's data goes through
`log_person_access`, so the access log names the caller, the pseudonymised
person, what was done to which record, and why — never the personal number.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.access_log import Action, pseudonymise, record_access
from bostad_common.auth.middleware import principal_of
from bostad_common.auth.principal import SYSTEM, Principal


@dataclass(frozen=True)
class Actor:
    principal: Principal
    pseudonym_key: SecretStr

    @property
    def name(self) -> str:
        """How the actor is recorded on rows it writes (a user or landlord id, no personal data)."""
        if self.principal.kind == "landlord":
            return f"landlord:{self.principal.landlord_id}"
        return self.principal.subject

    @classmethod
    def system(cls, pseudonym_key: SecretStr) -> Actor:
        return cls(SYSTEM, pseudonym_key)

    def person_ref(self, personal_number: str) -> str:
        """The person's pseudonym in the access log and in events."""
        return pseudonymise(personal_number, self.pseudonym_key)


async def provide_actor(request: Request) -> Actor:
    """For Litestar DI: `dependencies={"actor": Provide(provide_actor)}`."""
    return Actor(principal_of(request), request.app.state.ctx.settings.pseudonym_key)


async def log_person_access(
    session: AsyncSession,
    actor: Actor,
    *,
    personal_number: str,
    action: Action,
    resource: str,
    district: str,
    purpose: str,
) -> None:
    """Append the access-log entry for reading or changing one person's data."""
    await record_access(
        session,
        actor.principal,
        person_ref=actor.person_ref(personal_number),
        action=action,
        resource=resource,
        purpose=purpose,
        district=district,
    )
