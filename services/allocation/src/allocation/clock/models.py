"""The three-month clock of each granted biståndsbeslut (DOMAIN.md §2).

A granted biståndsbeslut not executed within three months of the decision
date — or whose execution was interrupted for three months — is reported to
IVO. Only decisions intake marks `is_bistandsbeslut` get a clock (seed 000's
Nacka "beviljar ej det sociala kontraktet som ett bistånd"; seed 002's
Vallentuna does, "4 kap. 1 SoL").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal, get_args

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

# waiting: not executed; executed: lease signed; interrupted: execution stopped
# and the clock runs again from the interruption; ended: the decision ended.
ClockStatus = Literal["waiting", "executed", "interrupted", "ended"]
CLOCK_STATUSES: tuple[str, ...] = get_args(ClockStatus)


class DecisionClock(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "decision_clocks"

    decision_id: str = Field(primary_key=True, max_length=64)
    household_id: str = Field(max_length=64, index=True)
    housing_type: str = Field(max_length=32)
    decided_on: date
    clock_start: date  # the decision date, or the start of the latest interruption
    status: str = Field(default="waiting", max_length=16)
    executed_on: date | None = None  # the first execution (the episode from the decision)
    ended_on: date | None = None
    end_reason: str | None = Field(default=None, max_length=32)
    applicant_birth_date: date
    applicant_legal_sex: str = Field(max_length=8)
    # IVO's free text: why delayed, the consequences, what was offered meanwhile.
    delay_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    consequences: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    offered_meanwhile: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class ClockInterruption(DistrictOwned, table=True):
    """Execution interrupted (e.g. the lease ended while the decision still stands)."""

    __tablename__: ClassVar[Any] = "clock_interruptions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    decision_id: str = Field(foreign_key="decision_clocks.decision_id", index=True, max_length=64)
    started_on: date
    resumed_on: date | None = None  # executed again (a new lease signed)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class ClockWarning(DistrictOwned, table=True):
    """One warning sent per decision, clock start and configured day (idempotent)."""

    __tablename__: ClassVar[Any] = "clock_warnings"
    __table_args__ = (UniqueConstraint("decision_id", "clock_start", "warning_day"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    decision_id: str = Field(max_length=64)
    clock_start: date
    warning_day: int
    sent_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class IvoPeriodNotice(DistrictOwned, table=True):
    """`IvoReportDue` sent for a district and period (once)."""

    __tablename__: ClassVar[Any] = "ivo_period_notices"
    __table_args__ = (UniqueConstraint("district", "period"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    period: str = Field(max_length=16)
    sent_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
