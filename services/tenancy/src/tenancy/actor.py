"""Who performs a use case, and the access-log entry for touching a tenant's data.

Every read or change of a tenant's lease, invoices, ledger or payments goes
through `log_tenant_access`: the log names the caller, the pseudonymised
tenant, what was done to which record and why, never the personal number.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.access_log import pseudonymise, record_access
from bostad_common.auth.principal import SYSTEM, Principal

PURPOSE_RENT_ACCOUNTING = "rent accounting"
PURPOSE_TENANCY = "tenancy administration"


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


async def log_tenant_access(
    session: AsyncSession,
    actor: Actor,
    *,
    personal_number: str,
    action: str,
    resource: str,
    district: str,
    purpose: str = PURPOSE_TENANCY,
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
