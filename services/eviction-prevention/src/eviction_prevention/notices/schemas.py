"""The landlord notice payload (CONTRACTS.md, "Landlord notices") and its answers.

The same model reads the HTTP body and the Kafka value; Kafka's extra
top-level `landlord_id` is read by the consumer, and an HTTP body's is
ignored (the landlord comes from the credential, never from the body).
Errors never echo the input (`hide_input_in_errors`, and the personal number
field redacts its own input).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bostad_common.money import Money, MoneyField
from bostad_common.personnummer import PersonalNumberField
from bostad_common.validation import PlausibleDate, SafeMultilineText, SafeText

NoticeKind = Literal[
    "unpaid_rent", "disturbance", "unauthorised_sublet", "electricity_debt", "eviction_enforcement"
]

ShortText = Annotated[
    SafeText, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
ExternalId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:/-]+$"
    ),
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


class _Strict(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True, extra="ignore", str_max_length=2000)


class Tenant(_Strict):
    personal_number: PersonalNumberField
    name: ShortText
    phone: Phone | None = None


class Address(_Strict):
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


class Household(_Strict):
    children: Annotated[int, Field(ge=0, le=20)] | None = None


class Debt(_Strict):
    amount: MoneyField
    currency: Literal["SEK"] = "SEK"
    months_unpaid: Annotated[int, Field(ge=0, le=120)] | None = None

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, value: Money) -> Money:
        if value.is_negative:
            raise ValueError("amount must not be negative")
        if value.ore > 100_000_000_00:  # 100 MSEK: certainly a typo or a unit mix-up
            raise ValueError("amount is implausibly large")
        return value


class NoticeSubmission(_Strict):
    external_id: ExternalId
    district: DistrictCode
    kind: NoticeKind
    tenant: Tenant
    address: Address
    household: Household = Field(default_factory=Household)
    debt: Debt | None = None
    served_at: PlausibleDate | None = None
    eviction_date: PlausibleDate | None = None
    message: Annotated[SafeMultilineText, StringConstraints(max_length=2000)] | None = None


class NoticeAccepted(BaseModel):
    """The body of 202 (new) and 200 (same external_id again)."""

    notice_id: str
    status: Literal["received"] = "received"


class NoticeStatus(BaseModel):
    """What a landlord may see about its notice: the processing status, nothing else."""

    notice_id: str
    external_id: str
    status: Literal["received", "case_opened", "closed"]
