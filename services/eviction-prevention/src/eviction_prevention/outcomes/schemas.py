"""Request bodies and read models of interventions and closing a case."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from bostad_common.events.vocabulary import OutcomeCode
from eviction_prevention.cases.models import Case
from eviction_prevention.cases.schemas import CaseStatus
from eviction_prevention.outcomes.models import Intervention
from eviction_prevention.outcomes.rules import (
    INTERVENTION_LABELS_SV,
    ClosingReason,
    InterventionKind,
    InterventionStatus,
    NoContactDecision,
)
from eviction_prevention.schemas import Note, StaffBody


class InterventionCreate(StaffBody):
    kind: InterventionKind
    status: Literal["offered", "started"] = "started"
    note: Note | None = None


class InterventionChange(StaffBody):
    status: Literal["declined", "started", "ended"]
    note: Note | None = None


class CloseCase(StaffBody):
    outcome: OutcomeCode
    no_contact_decision: NoContactDecision | None = None
    closing_reason: ClosingReason | None = None
    children_affected: int | None = None
    reason_text: Note | None = None
    open_items_reason: Note | None = None


class InterventionRecorded(BaseModel):
    intervention_id: str
    kind: InterventionKind
    status: InterventionStatus


class InterventionRead(BaseModel):
    intervention_id: str
    kind: InterventionKind
    label: str
    status: InterventionStatus
    started_at: datetime
    recorded_by: str
    status_changed_at: datetime | None
    note: str | None

    @classmethod
    def of(cls, intervention: Intervention) -> InterventionRead:
        return cls(
            intervention_id=intervention.id,
            kind=intervention.kind,  # type: ignore[arg-type]
            label=INTERVENTION_LABELS_SV[intervention.kind],  # type: ignore[index]
            status=intervention.status,  # type: ignore[arg-type]
            started_at=intervention.started_at,
            recorded_by=intervention.recorded_by,
            status_changed_at=intervention.status_changed_at,
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
