"""Request bodies and read models of a case's person data (`/cases/{id}/person...`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from eviction_prevention.person import rules
from eviction_prevention.person.models import PersonDataChange
from eviction_prevention.person.service import PendingDifference
from eviction_prevention.schemas import Address, Phone, Reason, ShortText, StaffBody


class NoticeDecision(StaffBody):
    """Accept a notice's differing tenant/address, or keep the case's, and say why."""

    notice_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    reason: Reason


class PersonCorrection(StaffBody):
    """The caseworker's correction of the case's person data; the reason is required."""

    name: ShortText | None = None
    phone: Phone | None = None
    address: Address | None = None
    reason: Reason

    def changes(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        if self.name is not None:
            found["tenant_name"] = self.name
        if self.phone is not None:
            found["tenant_phone"] = self.phone
        if self.address is not None:
            found.update(
                street=self.address.street,
                postal_code=self.address.postal_code,
                city=self.address.city,
                apartment_number=self.address.apartment_number,
            )
        return found


class FieldDifference(BaseModel):
    field: rules.PersonField
    case_value: str | None
    notice_value: str | None


class PersonDifferenceRead(BaseModel):
    """A notice whose tenant or address differ from the case's: for the caseworker to decide."""

    notice_id: str
    received_at: datetime
    differences: list[FieldDifference]

    @classmethod
    def of(cls, pending: PendingDifference) -> PersonDifferenceRead:
        return cls(
            notice_id=pending.notice.id,
            received_at=pending.notice.received_at,
            differences=[
                FieldDifference(field=name, case_value=ours, notice_value=theirs)  # type: ignore[arg-type]
                for name, (ours, theirs) in pending.fields.items()
            ],
        )


class PersonDataChangeRead(BaseModel):
    change_id: str
    decision: rules.Decision
    notice_id: str | None
    before: dict[str, str | None]
    after: dict[str, str | None]
    reason: str
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def of(cls, change: PersonDataChange) -> PersonDataChangeRead:
        return cls(
            change_id=change.id,
            decision=change.decision,  # type: ignore[arg-type]
            notice_id=change.notice_id,
            before=change.before,
            after=change.after,
            reason=change.reason,
            recorded_by=change.recorded_by,
            recorded_at=change.recorded_at,
        )


class PersonRead(BaseModel):
    """Open differences and the history of the case's person data."""

    differences: list[PersonDifferenceRead]
    history: list[PersonDataChangeRead]
