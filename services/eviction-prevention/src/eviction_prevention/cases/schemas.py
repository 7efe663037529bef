"""Request bodies and read models of the staff case API (`/api/v1/cases`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from bostad_common.events.vocabulary import IntakeChannel, NoticeKind, Track
from bostad_common.personnummer import PersonalNumber, PersonalNumberField
from bostad_common.validation import PlausibleDate
from eviction_prevention.cases import rules
from eviction_prevention.cases.models import Case
from eviction_prevention.schemas import (
    Address,
    AddressRead,
    DistrictCode,
    Household,
    StaffBody,
    Tenant,
    TenantRead,
)

CaseStatus = Literal["open", "closed"]


class CaseSearch(StaffBody):
    """Search by personal number: a POST body, so the number never appears in a URL."""

    personal_number: PersonalNumberField


class StaffCaseCreate(StaffBody):
    """A case staff open themselves: an application (ansökan) or a report (anmälan)."""

    intake_type: rules.StaffIntakeChannel
    district: DistrictCode
    notice_kind: NoticeKind
    tenant: Tenant
    address: Address
    household: Household = Field(default_factory=Household)
    served_at: PlausibleDate | None = None
    eviction_date: PlausibleDate | None = None


class CaseOpenedOrJoined(BaseModel):
    """`opened` is false when the household already had an open case, which was joined."""

    case_id: str
    opened: bool


class DeadlineRead(BaseModel):
    name: rules.DeadlineName
    due_at: datetime
    legal: bool
    overdue: bool

    @classmethod
    def all_of(cls, deadlines: list[rules.Deadline], now: datetime) -> list[DeadlineRead]:
        return [
            cls(name=d.name, due_at=d.due_at, legal=d.legal, overdue=d.is_overdue(now))
            for d in deadlines
        ]


class NextDeadlineRead(BaseModel):
    name: rules.DeadlineName
    due_at: datetime

    @classmethod
    def of(cls, deadline: rules.Deadline | None) -> NextDeadlineRead | None:
        return None if deadline is None else cls(name=deadline.name, due_at=deadline.due_at)


class CaseSummary(BaseModel):
    """A case in a list: who (name, masked personal number), why, and its dates."""

    case_id: str
    district: str
    status: CaseStatus
    intake_type: IntakeChannel
    notice_kind: NoticeKind
    notice_kind_label: str  # Treserva's Swedish name of the orsakskod
    track: Track
    children: int | None
    children_unknown: bool
    tenant_name: str
    personal_number_masked: str
    redemption_deadline: date | None
    eviction_date: date | None
    opened_at: datetime

    @classmethod
    def fields_of(cls, case: Case) -> dict[str, object]:
        """The summary's fields, for read models that extend it."""
        return {
            "case_id": case.id,
            "district": case.district,
            "status": case.status,
            "intake_type": case.intake_type,
            "notice_kind": case.notice_kind,
            "notice_kind_label": rules.NOTICE_KIND_LABELS_SV[case.notice_kind],  # type: ignore[index]
            "track": case.track,
            "children": case.children,
            "children_unknown": case.children_unknown,
            "tenant_name": case.tenant_name,
            "personal_number_masked": PersonalNumber.parse(case.personal_number).masked,
            "redemption_deadline": case.redemption_deadline,
            "eviction_date": case.eviction_date,
            "opened_at": case.opened_at,
        }

    @classmethod
    def of(cls, case: Case) -> CaseSummary:
        return cls.model_validate(cls.fields_of(case))


def tenant_of(case: Case) -> TenantRead:
    return TenantRead(
        personal_number=case.personal_number, name=case.tenant_name, phone=case.tenant_phone
    )


def address_of(case: Case) -> AddressRead:
    return AddressRead(
        street=case.street,
        postal_code=case.postal_code,
        city=case.city,
        apartment_number=case.apartment_number,
    )
