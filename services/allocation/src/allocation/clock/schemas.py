"""Typed models of the clock and IVO's individual reports."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from allocation.clock.models import ClockStatus
from allocation.clock.rules import ReportKind


class ClockRead(BaseModel):
    decision_id: str
    household_id: str
    district: str
    housing_type: str
    decided_on: date
    clock_start: date
    status: ClockStatus
    days_waited: int
    three_months_on: date
    overdue: bool
    executed_on: date | None
    ended_on: date | None


class InterruptionCreate(BaseModel):
    started_on: date
    reason: str = Field(min_length=1, max_length=4000)


class IvoNotesUpdate(BaseModel):
    """IVO's free text: why it is delayed, the consequences, what was offered meanwhile."""

    delay_reason: str | None = Field(default=None, max_length=4000)
    consequences: str | None = Field(default=None, max_length=4000)
    offered_meanwhile: str | None = Field(default=None, max_length=4000)


class IvoReportRead(BaseModel):
    kind: ReportKind
    ivo_person_id: str = Field(description="ÅÅÅÅMMDD-T123, stable for the period")
    decision_id: str
    district: str
    decided_on: date
    housing_type: str
    clock_start: date
    days_waited: int
    executed_on: date | None
    ended_on: date | None
    delay_reason: str
    consequences: str
    offered_meanwhile: str
    missing_texts: list[str] = Field(
        description="IVO's free texts still to write (PUT /decisions/{id}/ivo-notes)"
    )


class IvoReportsRead(BaseModel):
    district: str
    period: str
    due_on: date
    reports: list[IvoReportRead]


class CouncilSummaryRow(BaseModel):
    housing_type: str
    new_reports: int
    repeated_reports: int
    closing_reports: int
    longest_wait_days: int
    average_wait_days: float


class CouncilSummaryRead(BaseModel):
    """Per-period summary for the council (nämnd); IVO itself no longer takes one."""

    district: str
    period: str
    new_reports: int
    repeated_reports: int
    closing_reports: int
    by_housing_type: list[CouncilSummaryRow]
