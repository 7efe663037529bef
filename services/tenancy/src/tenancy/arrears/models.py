"""Steps of the dunning ladder taken, and arrears registered with eviction-prevention.

An *arrears episode* is identified by the oldest invoice still unpaid: each
step is taken once per episode (unique), so a daily run never sends the same
letter twice, and a tenant who paid and fell behind again starts a new ladder.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class DunningStepRecord(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "dunning_steps"
    __table_args__ = (
        UniqueConstraint("lease_id", "episode_invoice_id", "step", name="uq_dunning_step"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    lease_id: str = Field(foreign_key="leases.id", max_length=64, index=True)
    episode_invoice_id: str = Field(max_length=64)
    step: str = Field(max_length=24)  # bostad_common.events.vocabulary.DunningStep
    months_unpaid: int
    amount_ore: int = Field(sa_column=Column(BigInteger, nullable=False))
    as_of: date
    # debt_collection: the unit manager's question whether it should lead to termination.
    termination_question_open: bool = False
    taken_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class ArrearsRegistration(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "arrears_registrations"
    __table_args__ = (
        UniqueConstraint("lease_id", "episode_invoice_id", name="uq_arrears_registration"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    lease_id: str = Field(foreign_key="leases.id", max_length=64)
    episode_invoice_id: str = Field(max_length=64)
    months_unpaid: int
    amount_ore: int = Field(sa_column=Column(BigInteger, nullable=False))
    as_of: date
    registered_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
