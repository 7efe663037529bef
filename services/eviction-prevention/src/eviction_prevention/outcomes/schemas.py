"""Request bodies and read models of interventions and closing a case."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from bostad_common.events.vocabulary import OutcomeCode
from eviction_prevention.cases.models import Case
from eviction_prevention.cases.schemas import CaseStatus
from eviction_prevention.outcomes.models import Intervention
from eviction_prevention.outcomes.rules import (
    INTERVENTION_LABELS_SV,
    ClosingReason,
    InterventionKind,
)
from eviction_prevention.schemas import Note, StaffBody


class InterventionCreate(StaffBody):
    kind: InterventionKind
    note: Note | None = None


class CloseCase(StaffBody):
    outcome: OutcomeCode
    closing_reason: ClosingReason | None = None
    children_affected: int | None = None
    reason_text: Note | None = None
    open_items_reason: Note | None = None


class InterventionRecorded(BaseModel):
    intervention_id: str
    kind: InterventionKind


class InterventionRead(BaseModel):
    intervention_id: str
    kind: InterventionKind
    label: str
    started_at: datetime
    recorded_by: str
    note: str | None

    @classmethod
    def of(cls, intervention: Intervention) -> InterventionRead:
        return cls(
            intervention_id=intervention.id,
            kind=intervention.kind,  # type: ignore[arg-type]
            label=INTERVENTION_LABELS_SV[intervention.kind],  # type: ignore[index]
            started_at=intervention.started_at,
            recorded_by=intervention.recorded_by,
            note=intervention.note,
        )


class CaseClosed(BaseModel):
    case_id: str
    status: CaseStatus
    outcome: OutcomeCode
    closing_reason: ClosingReason


class OutcomeRead(BaseModel):
    """How a closed case ended, and why."""

    outcome: OutcomeCode
    closing_reason: ClosingReason | None
    reason_text: str | None
    open_items_reason: str | None
    children_affected: int | None
    closed_at: datetime | None
    closed_by: str | None

    @classmethod
    def of(cls, case: Case) -> OutcomeRead | None:
        if case.status != "closed":
            return None
        return cls(
            outcome=case.outcome,  # type: ignore[arg-type]
            closing_reason=case.closing_reason,
            reason_text=case.outcome_reason_text,
            open_items_reason=case.open_items_reason,
            children_affected=case.children_affected,
            closed_at=case.closed_at,
            closed_by=case.closed_by,
        )
