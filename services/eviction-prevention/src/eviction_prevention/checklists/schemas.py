"""Request body and read model of a case's checklist (`/api/v1/cases/{case_id}/checklist`)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from bostad_common.events.vocabulary import StaffUnit
from eviction_prevention.checklists.catalogue import UNIT_LABELS_SV
from eviction_prevention.checklists.models import ChecklistItem
from eviction_prevention.schemas import Note, Reason, StaffBody


class ChecklistDone(StaffBody):
    note: Note | None = None


class ChecklistReason(StaffBody):
    """Why an item does not apply, or why a tick is undone."""

    reason: Reason


class ChecklistItemRead(BaseModel):
    code: str
    label: str
    unit: StaffUnit
    unit_label: str
    mandatory: bool
    done: bool
    done_at: datetime | None
    done_by: str | None
    note: str | None
    not_applicable: bool
    not_applicable_reason: str | None

    @classmethod
    def of(cls, item: ChecklistItem) -> ChecklistItemRead:
        return cls(
            code=item.code,
            label=item.label,
            unit=item.unit,  # type: ignore[arg-type]
            unit_label=UNIT_LABELS_SV[item.unit],  # type: ignore[index]
            mandatory=item.mandatory,
            done=item.done_at is not None,
            done_at=item.done_at,
            done_by=item.done_by,
            note=item.note,
            not_applicable=item.not_applicable_at is not None,
            not_applicable_reason=item.not_applicable_reason,
        )
