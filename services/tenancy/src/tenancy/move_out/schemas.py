"""Bodies of the move-out API."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from bostad_common.events.vocabulary import LeaseEndReason
from tenancy.move_out import rules
from tenancy.move_out.catalogue import BY_CODE, DeadlineKind, Phase, ProcessKind
from tenancy.move_out.models import MoveOutProcess, MoveOutStatus, MoveOutStep


class ProposeMoveOut(BaseModel):
    kind: ProcessKind = Field(description="termination (by the municipality) or tenant_notice")
    reason: LeaseEndReason
    end_date: date
    motivation: str | None = Field(default=None, max_length=2000)


class RecordStep(BaseModel):
    done_on: date
    not_needed: bool = Field(default=False, description="only for the seed's optional steps")
    note: str | None = Field(default=None, max_length=2000)


class ApartmentReady(BaseModel):
    ready_on: date


class DeadlineView(BaseModel):
    kind: DeadlineKind
    days: int
    from_step: str
    source_text: str
    due_on: date | None = Field(description="known once the step it runs from is done")


class StepView(BaseModel):
    code: str
    label: str
    phase: Phase
    responsible: list[str]
    participants: list[str]
    optional: bool
    requires: list[str]
    deadline: DeadlineView | None
    overdue: bool
    done_on: date | None
    not_needed: bool
    done_by: str | None
    done_at: datetime | None
    note: str | None


class MoveOutView(BaseModel):
    process_id: str
    lease_id: str
    district: str
    kind: ProcessKind
    reason: LeaseEndReason
    status: MoveOutStatus
    end_date: date
    proposed_by: str
    proposed_at: datetime
    remaining_debt_ore: int | None = Field(
        description="left unpaid when the contract closed: the person's debt to social services"
    )
    vacated_on: date | None
    ready_on: date | None
    overdue_steps: list[str]
    steps: list[StepView]


def view(process: MoveOutProcess, steps: list[MoveOutStep], today: date) -> MoveOutView:
    states = {s.code: rules.StepState(s.code, s.done_on, s.not_needed) for s in steps}
    step_views = []
    for step in steps:
        spec = BY_CODE[step.code]
        deadline = None
        if spec.deadline is not None:
            deadline = DeadlineView(
                kind=spec.deadline.kind,
                days=spec.deadline.days,
                from_step=spec.deadline.from_step,
                source_text=spec.deadline.source_text,
                due_on=rules.deadline_of(step.code, states),
            )
        step_views.append(
            StepView(
                code=step.code, label=spec.label, phase=spec.phase,
                responsible=list(spec.responsible), participants=list(spec.participants),
                optional=spec.optional, requires=list(spec.requires), deadline=deadline,
                overdue=rules.is_overdue(step.code, states, today), done_on=step.done_on,
                not_needed=step.not_needed, done_by=step.done_by, done_at=step.done_at,
                note=step.note,
            )
        )  # fmt: skip
    return MoveOutView(
        process_id=process.id,
        lease_id=process.lease_id,
        district=process.district,
        kind=process.kind,  # type: ignore[arg-type]
        reason=process.reason,  # type: ignore[arg-type]
        status=process.status,  # type: ignore[arg-type]
        end_date=process.end_date,
        proposed_by=process.proposed_by,
        proposed_at=process.proposed_at,
        remaining_debt_ore=process.remaining_debt_ore,
        vacated_on=process.vacated_on,
        ready_on=process.ready_on,
        overdue_steps=[s.code for s in step_views if s.overdue],
        steps=step_views,
    )
