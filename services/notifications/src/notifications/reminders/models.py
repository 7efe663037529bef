"""Reminders waiting for their time: one row per (kind, subject), persisted across restarts.

status: scheduled -> fired | cancelled. `context` holds ids, codes and dates
only (JSON), enough for the Swedish text and for finding the recipients.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Final

from sqlalchemy import Index, Text, UniqueConstraint
from sqlmodel import Column, Field, SQLModel

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

SCHEDULED: Final = "scheduled"
FIRED: Final = "fired"
CANCELLED: Final = "cancelled"


class Reminder(DistrictOwned, SQLModel, table=True):
    __tablename__: ClassVar[Any] = "reminders"
    __table_args__ = (
        UniqueConstraint("key", name="uq_reminders_key"),
        Index("ix_reminders_due", "status", "due_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    key: str = Field(max_length=200)  # "<kind>:<subject id>"
    kind: str = Field(max_length=64)
    # `<process id>/<step code>` for a move-out step (a uuid and up to 40 characters).
    subject_id: str = Field(max_length=128)
    case_id: str | None = Field(default=None, max_length=64, index=True)
    due_at: datetime = Field(sa_column=instant_column())
    status: str = Field(default=SCHEDULED, max_length=16)
    context: str = Field(sa_column=Column(Text, nullable=False))
    set_by_event: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    fired_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    cancelled_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    cancelled_by_event: str | None = Field(default=None, max_length=64)
