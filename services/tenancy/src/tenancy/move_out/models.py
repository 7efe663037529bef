"""A lease's termination and move-out process (seed 003) and its steps."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import BigInteger, Index, Text, UniqueConstraint, text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

MoveOutStatus = Literal["proposed", "decided", "moving_out", "vacated", "ready", "cancelled"]


class MoveOutProcess(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "move_out_processes"
    __table_args__ = (
        # One process at a time per lease.
        Index(
            "uq_move_out_open_lease", "lease_id", unique=True,
            postgresql_where=text("status NOT IN ('ready', 'cancelled')"),
            sqlite_where=text("status NOT IN ('ready', 'cancelled')"),
        ),
    )  # fmt: skip

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    lease_id: str = Field(foreign_key="leases.id", max_length=64, index=True)
    kind: str = Field(max_length=16)  # tenancy.move_out.catalogue.ProcessKind
    reason: str = Field(max_length=32)  # bostad_common.events.vocabulary.LeaseEndReason
    # a MoveOutStatus
    status: str = Field(default="proposed", max_length=16)
    end_date: date
    proposed_by: str = Field(max_length=200)
    proposed_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    motivation: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Seed 000: rent left unpaid at the end becomes the person's debt to social services.
    remaining_debt_ore: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    vacated_on: date | None = None
    ready_on: date | None = None


class MoveOutStep(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "move_out_steps"
    __table_args__ = (UniqueConstraint("process_id", "code", name="uq_move_out_step"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    process_id: str = Field(foreign_key="move_out_processes.id", max_length=64, index=True)
    code: str = Field(max_length=64)
    position: int
    done_on: date | None = None
    not_needed: bool = False
    done_by: str | None = Field(default=None, max_length=200)
    done_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Set when MoveOutStepOverdue was published, so it is published once.
    overdue_notified_at: datetime | None = Field(
        default=None, sa_column=instant_column(nullable=True)
    )
