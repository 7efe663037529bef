"""The district's details as the admin API and the CLI take and show them."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from bostad_common.validation import SafeText
from eviction_prevention.districts.models import District
from eviction_prevention.schemas import Phone, PostalCode, ShortText, StaffBody

Bankgiro = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{3,4}-[0-9]{4}$")
]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]
LegalReference = Annotated[
    SafeText, StringConstraints(strip_whitespace=True, min_length=3, max_length=300)
]
DistrictCodeText = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
]


class DistrictDetails(StaffBody):
    """What a municipality sets up for a district; the code is in the path (or CLI)."""

    name: ShortText
    bankgiro: Bankgiro | None = None
    office_name: ShortText | None = None
    office_street: ShortText | None = None
    office_postal_code: PostalCode | None = None
    office_city: ShortText | None = None
    office_phone: Phone | None = None
    office_email: Email | None = None
    legal_references: Annotated[list[LegalReference], Field(max_length=20)] = Field(
        default_factory=list
    )

    @field_validator("office_postal_code")
    @classmethod
    def _compact(cls, value: str | None) -> str | None:
        return value.replace(" ", "") if value else value


class DistrictCreate(DistrictDetails):
    code: DistrictCodeText


class DistrictRead(BaseModel):
    code: str
    name: str
    active: bool
    bankgiro: str | None
    office_name: str | None
    office_street: str | None
    office_postal_code: str | None
    office_city: str | None
    office_phone: str | None
    office_email: str | None
    legal_references: list[str]

    @classmethod
    def of(cls, district: District) -> DistrictRead:
        return cls.model_validate(district, from_attributes=True)
