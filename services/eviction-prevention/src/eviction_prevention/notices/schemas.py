"""The landlord notice payload (CONTRACTS.md, "Landlord notices") and its answers.

The same model reads the HTTP body and the Kafka value; Kafka's extra
top-level `landlord_id` is read by the consumer, and an HTTP body's is
ignored (the landlord comes from the credential, never from the body).
Errors never echo the input (`hide_input_in_errors`, and the personal number
field redacts its own input).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from bostad_common.events.eviction import NoticeChannel
from bostad_common.events.vocabulary import NoticeKind
from bostad_common.money import Money, MoneyField
from bostad_common.validation import PlausibleDate, SafeMultilineText
from eviction_prevention.notices.models import Notice
from eviction_prevention.schemas import (
    Address,
    AddressRead,
    DistrictCode,
    Household,
    LenientPart,
    Tenant,
    TenantRead,
)

ExternalId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._:/-]+$"
    ),
]
NoticeProcessingStatus = Literal["received", "case_opened", "closed"]


class Debt(LenientPart):
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


class NoticeSubmission(LenientPart):
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


class LandlordNoticeMessage(NoticeSubmission):
    """A notice on Kafka (`landlord.notices.v1`, CONTRACTS.md): the HTTP body plus the
    landlord's id; the key is `<landlord_id>:<external_id>`.

    Documents the topic's contract (the consumer reads `landlord_id` itself and
    validates the rest as a `NoticeSubmission`).
    """

    landlord_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]


class NoticeAccepted(BaseModel):
    """The body of 202 (new) and 200 (same external_id again)."""

    notice_id: str
    status: Literal["received"] = "received"


class NoticeStatus(BaseModel):
    """What a landlord may see about its notice: the processing status, nothing else."""

    notice_id: str
    external_id: str
    status: NoticeProcessingStatus


class HouseholdRead(BaseModel):
    children: int | None


class DebtRead(BaseModel):
    amount: str  # "12345.00": kronor with two decimals, as the landlord sent it
    currency: Literal["SEK"]
    months_unpaid: int | None


class NoticeRead(BaseModel):
    """A notice as staff see it (personal data included: only behind eviction:case.read)."""

    notice_id: str
    status: NoticeProcessingStatus
    landlord_id: str
    external_id: str
    district: str
    kind: NoticeKind
    channel: NoticeChannel
    case_id: str | None
    tenant: TenantRead
    address: AddressRead
    household: HouseholdRead
    debt: DebtRead | None
    served_at: date | None
    eviction_date: date | None
    message: str | None
    received_at: datetime

    @classmethod
    def of(cls, notice: Notice, status: str) -> NoticeRead:
        return cls(
            notice_id=notice.id,
            status=status,  # type: ignore[arg-type]
            landlord_id=notice.landlord_id,
            external_id=notice.external_id,
            district=notice.district,
            kind=notice.kind,  # type: ignore[arg-type]
            channel=notice.channel,  # type: ignore[arg-type]
            case_id=notice.case_id,
            tenant=TenantRead(
                personal_number=notice.personal_number,
                name=notice.tenant_name,
                phone=notice.tenant_phone,
            ),
            address=AddressRead(
                street=notice.street,
                postal_code=notice.postal_code,
                city=notice.city,
                apartment_number=notice.apartment_number,
            ),
            household=HouseholdRead(children=notice.children),
            debt=(
                None
                if notice.debt_ore is None
                else DebtRead(
                    amount=Money(notice.debt_ore).to_string(),
                    currency="SEK",
                    months_unpaid=notice.debt_months_unpaid,
                )
            ),
            served_at=notice.served_at,
            eviction_date=notice.eviction_date,
            message=notice.message,
            received_at=notice.received_at,
        )
