"""Request bodies and read models of the staff case API (`/api/v1/cases`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from bostad_common.events.vocabulary import IntakeChannel, NoticeKind, Track
from bostad_common.money import MoneyField
from bostad_common.personnummer import PersonalNumber, PersonalNumberField
from bostad_common.validation import PlausibleDate, SafeText
from bostad_common.workdays import now_stockholm
from eviction_prevention.cases import rules
from eviction_prevention.cases.models import Case
from eviction_prevention.schemas import (
    Address,
    AddressRead,
    DistrictCode,
    Household,
    Note,
    StaffBody,
    Tenant,
    TenantRead,
)

CaseStatus = Literal["open", "closed"]
DeadlineName = rules.DeadlineName
ThreeWeekDeadlineKind = rules.ThreeWeekDeadlineKind


class CaseSearch(StaffBody):
    """Search by personal number, name or address: a POST body, so none of them appears
    in a URL. The purpose goes into the access log with every case found."""

    personal_number: PersonalNumberField | None = None
    name: (
        Annotated[SafeText, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
        | None
    ) = None
    street: (
        Annotated[SafeText, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]
        | None
    ) = None
    purpose: Annotated[
        SafeText, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)
    ] = "case handling"
    include_closed: bool = True

    @model_validator(mode="after")
    def _something_to_search_for(self) -> CaseSearch:
        if self.personal_number is None and self.name is None and self.street is None:
            raise ValueError("give a personal_number, a name or a street")
        return self


class CasePage(BaseModel):
    """One page of a filtered list, with the total count of matching cases."""

    total: int
    offset: int
    limit: int
    items: list[CaseSummary]


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


class ServedDateRecord(StaffBody):
    """The served date a notice left out, as the caseworker learnt it."""

    kind: ThreeWeekDeadlineKind = "unpaid_rent"
    served_at: PlausibleDate


class CommitmentRecord(StaffBody):
    """Skriftlig förbindelse: the committee's written commitment to pay the rent debt."""

    committed_on: PlausibleDate
    amount: MoneyField | None = None
    note: Note | None = None


class KnownBeforeRecord(StaffBody):
    """Whether the household was already known to social services (seed 001)."""

    known: bool


class KnownBeforeRead(BaseModel):
    known_to_social_services: bool | None


class DeadlinesRead(BaseModel):
    """Where the case's three-week deadlines stand after a change."""

    redemption_deadline: date | None
    redemption_status: rules.DeadlineStatus
    disconnection_deadline: date | None
    disconnection_status: rules.DeadlineStatus


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
    # Every notice kind that joined the case, first first.
    notice_kinds: list[NoticeKind]
    notice_kind_labels: list[str]
    track: Track
    children: int | None
    children_unknown: bool
    known_to_social_services: bool | None
    tenant_name: str
    personal_number_masked: str
    served_at: date | None
    redemption_deadline: date | None
    redemption_status: rules.DeadlineStatus
    disconnection_deadline: date | None
    disconnection_status: rules.DeadlineStatus
    commitment_on: date | None
    eviction_date: date | None
    opened_at: datetime
    responsible_caseworker: str | None

    @classmethod
    def fields_of(cls, case: Case, today: date | None = None) -> dict[str, object]:
        """The summary's fields, for read models that extend it."""
        return {
            **deadline_fields(case, today or now_stockholm().date()),
            "case_id": case.id,
            "district": case.district,
            "status": case.status,
            "intake_type": case.intake_type,
            "notice_kind": case.notice_kind,
            "notice_kind_label": rules.NOTICE_KIND_LABELS_SV[case.notice_kind],  # type: ignore[index]
            "notice_kinds": case.notice_kinds or [case.notice_kind],
            "notice_kind_labels": [
                rules.NOTICE_KIND_LABELS_SV[kind]  # type: ignore[index]
                for kind in (case.notice_kinds or [case.notice_kind])
            ],
            "track": case.track,
            "children": case.children,
            "children_unknown": case.children_unknown,
            "known_to_social_services": case.known_to_social_services,
            "tenant_name": case.tenant_name,
            "personal_number_masked": PersonalNumber.parse(case.personal_number).masked,
            "served_at": case.served_at,
            "commitment_on": case.commitment_on,
            "eviction_date": case.eviction_date,
            "opened_at": case.opened_at,
            "responsible_caseworker": case.responsible_caseworker,
        }

    @classmethod
    def of(cls, case: Case) -> CaseSummary:
        return cls.model_validate(cls.fields_of(case))


def deadline_fields(case: Case, today: date) -> dict[str, object]:
    kept = rules.home_kept_by_commitment(case.commitment_on, case.redemption_deadline)
    return {
        "redemption_deadline": case.redemption_deadline,
        "redemption_status": rules.deadline_status(
            applies=case.rent_notified_on is not None,
            deadline=case.redemption_deadline,
            today=today,
            kept_by_commitment=kept,
        ),
        "disconnection_deadline": case.disconnection_deadline,
        "disconnection_status": rules.deadline_status(
            applies=case.electricity_notified_on is not None,
            deadline=case.disconnection_deadline,
            today=today,
        ),
    }


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


CasePage.model_rebuild()
