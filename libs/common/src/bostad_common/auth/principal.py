"""Who is acting: a staff user, a landlord system, or the platform itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

from bostad_common.auth.permissions import (
    LANDLORD_PERMISSIONS,
    SYSTEM_PERMISSIONS,
    permissions_for,
)
from bostad_common.events.vocabulary import STAFF_UNITS

__all__ = ["SYSTEM", "Principal", "PrincipalKind"]

PrincipalKind = Literal["staff", "landlord", "system"]


#: Units of individual and family care that share eviction-prevention work (seed 004).
UNITS: frozenset[str] = frozenset(STAFF_UNITS)


@dataclass(frozen=True)
class Principal:
    """The authenticated caller.

    * `staff`: a person from an OIDC token; `roles` are staff roles of the matrix and
      `districts` the districts the person works in.
    * `landlord`: a landlord system authenticated by its credential; `landlord_id` is set,
      `districts` are the districts it may submit notices for. It has only the
      `landlord:*` pseudo-permissions, whatever its `roles` say.
    * `system`: consumers and relays (`SYSTEM`); bypasses district filtering.

    `repr()` is safe to log: it holds no personal data (subject is a username or id).
    """

    subject: str
    kind: PrincipalKind
    roles: frozenset[str]
    districts: frozenset[str]
    landlord_id: str | None = None
    display_name: str = field(default="", compare=False)
    # The social-services units a staff member works in (seed 004 assigns
    # checklist items and notices by unit); optional `units` claim.
    units: frozenset[str] = frozenset()
    # The optional `email` claim: where the staff directory sends this person's e-mail.
    email: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.kind not in ("staff", "landlord", "system"):
            raise ValueError(f"unknown principal kind {self.kind!r}")
        if self.kind == "landlord" and not self.landlord_id:
            raise ValueError("a landlord principal needs landlord_id")
        # Accept any iterable from callers, store frozensets (hashable, immutable).
        object.__setattr__(self, "roles", frozenset(self.roles))
        object.__setattr__(self, "districts", frozenset(self.districts))
        object.__setattr__(self, "units", frozenset(self.units) & UNITS)

    @property
    def permissions(self) -> frozenset[str]:
        if self.kind == "landlord":
            return LANDLORD_PERMISSIONS
        if self.kind == "system":
            return SYSTEM_PERMISSIONS
        granted: frozenset[str] = frozenset()
        for role in self.roles:
            granted |= permissions_for(role)
        return granted

    def can(self, permission: str) -> bool:
        """True if the matrix grants `permission` to this principal (unknown → False)."""
        return permission in self.permissions

    @property
    def is_system(self) -> bool:
        return self.kind == "system"

    def in_district(self, district: str) -> bool:
        return self.kind == "system" or district in self.districts


SYSTEM: Final = Principal("system", "system", frozenset({"system"}), frozenset())
"""The platform itself: event consumers, outbox relays, scheduled jobs."""
