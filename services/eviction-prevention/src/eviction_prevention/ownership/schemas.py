"""Request and read models of case ownership (`/cases/{id}/responsible-caseworker`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from bostad_common.validation import SafeMultilineText
from eviction_prevention.ownership.models import CaseOwnershipChange
from eviction_prevention.schemas import StaffBody, StaffId


class AssignCaseworker(StaffBody):
    """`caseworker` null releases the case to the team's unassigned cases."""

    caseworker: StaffId | None
    reason: (
        Annotated[SafeMultilineText, StringConstraints(strip_whitespace=True, max_length=2000)]
        | None
    ) = None


class OwnershipChangeRead(BaseModel):
    change_id: str
    previous_caseworker: str | None
    caseworker: str | None
    reason: str | None
    changed_by: str
    changed_at: datetime

    @classmethod
    def of(cls, change: CaseOwnershipChange) -> OwnershipChangeRead:
        return cls(
            change_id=change.id,
            previous_caseworker=change.previous_caseworker,
            caseworker=change.caseworker,
            reason=change.reason,
            changed_by=change.changed_by,
            changed_at=change.changed_at,
        )


class OwnershipRead(BaseModel):
    responsible_caseworker: str | None
    history: list[OwnershipChangeRead]
