"""Recipients of a notification: a group of staff, one staff member, or a letter's addressee.

Staff are addressed by *function*, not by person: "the caseworkers of Bromma"
is `StaffGroup("bromma", "caseworker")`. A unit that is not a platform role
(the children-and-youth unit) is a group code of its own, held by its staff as a
role claim. Only assignments that name people (outreach: the two housing-support
staff) use `StaffUser`.

A recipient never carries a name or an address; the letter addressee's details
stay in the event payload and go only into the stored letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bostad_common.events.vocabulary import StaffUnit

# Group codes. The first six are platform roles (DOMAIN.md); the last is a unit.
CASEWORKER: Final = "caseworker"
HOUSING_OFFICER: Final = "housing_officer"
COORDINATOR: Final = "coordinator"
UNIT_MANAGER: Final = "unit_manager"
HOUSING_SUPPORT: Final = "housing_support"
LEGAL_COUNSEL: Final = "legal_counsel"
# Barn- och ungdomsenheten: assesses the children's needs when a household with
# children risks eviction (seed 004, "Barn och unga enheternas ansvar").
CHILDREN_AND_YOUTH_UNIT: Final[StaffUnit] = "children_and_youth_unit"

STAFF_GROUPS: Final = frozenset(
    {
        CASEWORKER,
        HOUSING_OFFICER,
        COORDINATOR,
        UNIT_MANAGER,
        HOUSING_SUPPORT,
        LEGAL_COUNSEL,
        CHILDREN_AND_YOUTH_UNIT,
    }
)


@dataclass(frozen=True, order=True)
class StaffGroup:
    """Everyone holding `role` in `district`."""

    district: str
    role: str

    @property
    def key(self) -> str:
        return f"role:{self.role}"


@dataclass(frozen=True, order=True)
class StaffUser:
    """One member of staff, by user id (never by name)."""

    district: str
    user_id: str

    @property
    def key(self) -> str:
        return f"user:{self.user_id}"


@dataclass(frozen=True, order=True)
class LetterAddressee:
    """The person a letter is addressed to; their name and address are in the payload."""

    district: str

    @property
    def key(self) -> str:
        return "addressee"


Recipient = StaffGroup | StaffUser | LetterAddressee
