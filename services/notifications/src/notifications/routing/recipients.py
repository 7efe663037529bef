"""Recipients of a notification: a group of staff, one staff member, or a letter's addressee.

The rules address staff by *function*: "the caseworkers of Bromma" is
`StaffGroup("bromma", "caseworker")`; a unit (the children-and-youth unit) is a
group code held through the `units` claim. The service then expands a group to
the active people the staff directory knows in it (`StaffUser`), so each person
is told once; a group nobody in the directory holds stays a group (its
functional mailbox and the in-app inbox of whoever holds the role).

A recipient never carries a name or an address; the letter addressee's details
stay in the event payload and go only into the stored letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from bostad_common.auth.permissions import ALL_ROLES
from bostad_common.events.vocabulary import STAFF_UNITS, StaffUnit

# Group codes: every role of the permission matrix and every unit
# (`vocabulary.StaffUnit`); both come from their one list, never copied here.
CASEWORKER: Final = "caseworker"
HOUSING_OFFICER: Final = "housing_officer"
COORDINATOR: Final = "coordinator"
UNIT_MANAGER: Final = "unit_manager"
HOUSING_SUPPORT: Final = "housing_support"
LEGAL_COUNSEL: Final = "legal_counsel"
FEE_OFFICER: Final = "fee_officer"
PLANNER: Final = "planner"
# Barn- och ungdomsenheten: assesses the children's needs when a household with
# children risks eviction (seed 004, "Barn och unga enheternas ansvar").
CHILDREN_AND_YOUTH_UNIT: Final[StaffUnit] = "children_and_youth_unit"
# Enheten för ekonomiskt bistånd: household economy and rent debt (seed 004).
FINANCIAL_ASSISTANCE_UNIT: Final[StaffUnit] = "financial_assistance_unit"

STAFF_GROUPS: Final = frozenset(ALL_ROLES) | frozenset(STAFF_UNITS)
assert {
    CASEWORKER,
    HOUSING_OFFICER,
    COORDINATOR,
    UNIT_MANAGER,
    HOUSING_SUPPORT,
    LEGAL_COUNSEL,
    FEE_OFFICER,
    PLANNER,
    CHILDREN_AND_YOUTH_UNIT,
    FINANCIAL_ASSISTANCE_UNIT,
} <= STAFF_GROUPS


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
