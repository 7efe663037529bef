"""Field types and request parts every aggregate's schemas share.

A household's contact details arrive both in a landlord's notice
(`notices.schemas.NoticeSubmission`) and in a case staff open themselves
(`cases.schemas.StaffCaseCreate`); they are defined here, once, so neither
aggregate imports the other for them. Errors never echo the input
(`hide_input_in_errors`, and the personal number field redacts its own input).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bostad_common.personnummer import PersonalNumberField
from bostad_common.validation import SafeMultilineText, SafeText

ShortText = Annotated[
    SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Note = Annotated[SafeMultilineText, StringConstraints(strip_whitespace=True, max_length=4000)]
# Why something was done or changed (a correction, an undo, a cancelled booking): said
# in a few words at least, kept in the case's history.
Reason = Annotated[
    SafeMultilineText, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)
]
StaffId = Annotated[
    SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
DistrictCode = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[a-z0-9_-]+$"),
]
Phone = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=3, max_length=30, pattern=r"^\+?[0-9 ()-]+$"
    ),
]
PostalCode = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{3} ?[0-9]{2}$")
]


class StaffBody(BaseModel):
    """A staff request body: unknown fields are an error, never silently dropped."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="forbid", str_max_length=4000)


class LenientPart(BaseModel):
    """A part of a body that also comes from landlord systems: unknown fields are ignored."""

    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore", str_max_length=2000)


class Tenant(LenientPart):
    personal_number: PersonalNumberField
    name: ShortText
    phone: Phone | None = None


class Address(LenientPart):
    street: ShortText
    postal_code: PostalCode
    city: Annotated[
        SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ]
    apartment_number: (
        Annotated[SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
        | None
    ) = None

    @field_validator("postal_code")
    @classmethod
    def _compact(cls, value: str) -> str:
        return value.replace(" ", "")


class Household(LenientPart):
    children: Annotated[int, Field(ge=0, le=20)] | None = None


# ------------------------------------------------------------------ read parts


class TenantRead(BaseModel):
    """The tenant as staff see it (personal data: only behind eviction:case.read)."""

    personal_number: str
    name: str
    phone: str | None


class AddressRead(BaseModel):
    street: str
    postal_code: str
    city: str
    apartment_number: str | None
