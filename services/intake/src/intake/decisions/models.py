"""The decision on an application, and appeals against it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import Column, Text
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

DecisionOutcome = Literal["granted", "rejected"]
# The court's ruling on an appeal: upheld (the rejection stands) or overturned.
AppealRuling = Literal["upheld", "overturned"]
AppealOutcomeCode = Literal["pending", AppealRuling]


class Decision(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "decisions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=64)
    household_id: str = Field(foreign_key="households.id", index=True, max_length=64)
    housing_type: str = Field(max_length=32)
    outcome: str = Field(max_length=16)  # a DecisionOutcome
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    legal_reference: str | None = Field(default=None, max_length=300)
    is_bistandsbeslut: bool = False
    includes_housing_support: bool = False
    individual_plan_goal: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    appeal_route: str = Field(max_length=24)
    letter_sv: str = Field(sa_column=Column(Text, nullable=False))
    decided_on: date
    decided_by: str = Field(max_length=200)
    decided_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    ended_on: date | None = None
    end_reason: str | None = Field(default=None, max_length=32)
    ended_by: str | None = Field(default=None, max_length=200)


class Appeal(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "appeals"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    decision_id: str = Field(foreign_key="decisions.id", index=True, max_length=64)
    received_on: date
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    outcome: str = Field(default="pending", max_length=16)  # an AppealOutcomeCode
    outcome_on: date | None = None
    outcome_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
