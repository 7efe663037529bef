"""The investigation (utredning) of seed 000: ten points, each its own stored answer.

A returned investigation is kept; the next submission is a new row, so the
coordinator's earlier reading stays on record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

# submitted: waiting for the coordinator; approved: signed; returned: to be redone.
InvestigationStatus = Literal["submitted", "approved", "returned"]


class Investigation(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "investigations"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=64)
    status: str = Field(max_length=16)  # an InvestigationStatus
    submitted_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    submitted_by: str = Field(max_length=200)
    # The coordinator's signature ("skriver under utredningen med ett godkännande").
    signed_by: str | None = Field(default=None, max_length=200)
    signed_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    coordinator_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class InvestigationAnswer(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "investigation_answers"
    __table_args__ = (UniqueConstraint("investigation_id", "point"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    investigation_id: str = Field(foreign_key="investigations.id", index=True, max_length=64)
    point: str = Field(max_length=48)
    answer: str = Field(sa_column=Column(Text, nullable=False))
