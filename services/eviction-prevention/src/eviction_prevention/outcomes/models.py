"""Interventions planned or given in a case (the outcome itself is on the case)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, String, Text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class Intervention(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "interventions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(
        sa_column=Column(String(64), ForeignKey("cases.id"), nullable=False, index=True)
    )
    kind: str = Field(max_length=48)
    # offered -> declined | started -> ended (outcomes.rules.INTERVENTION_TRANSITIONS).
    status: str = Field(default="started", max_length=16)
    # When it was recorded (offered or started); kept under its first name.
    started_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    recorded_by: str = Field(max_length=200)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status_changed_at: datetime | None = Field(
        default=None, sa_column=instant_column(nullable=True)
    )
    status_changed_by: str | None = Field(default=None, max_length=200)
