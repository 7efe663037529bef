"""Who performs a use case, and the access-log entry for touching a household's data.

Every read or change of a household's data goes through `log_household_access`,
so the access log names the caller, the pseudonymised person (the lease party's
personal number, never the number itself), what was done to which record, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.access_log import Action, pseudonymise, record_access
from bostad_common.auth.principal import SYSTEM, Principal

PURPOSE_ALLOCATION = "allocation"
PURPOSE_IVO_REPORTING = "ivo reporting"


@dataclass(frozen=True)
class Actor:
    principal: Principal
    pseudonym_key: SecretStr

    @property
    def name(self) -> str:
        """How the actor is recorded on rows it writes (a user id, no personal data)."""
        return self.principal.subject

    @classmethod
    def system(cls, pseudonym_key: SecretStr) -> Actor:
        return cls(SYSTEM, pseudonym_key)


async def log_household_access(
    session: AsyncSession,
    actor: Actor,
    *,
    personal_number: str,
    action: Action,
    resource: str,
    district: str,
    purpose: str = PURPOSE_ALLOCATION,
) -> None:
    await record_access(
        session,
        actor.principal,
        person_ref=pseudonymise(personal_number, actor.pseudonym_key),
        action=action,
        resource=resource,
        purpose=purpose,
        district=district,
    )
