"""A district's allocation settings (one row per district; defaults when absent)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, utcnow


class DistrictAllocationConfig(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "district_allocation_configs"

    district: str = Field(primary_key=True, max_length=64)
    weights: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Staff user ids: the unit managers whose consensus a round needs, and the
    # one who decides when they do not agree.
    unit_managers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decision_maker: str | None = Field(default=None, max_length=200)
    warning_days: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    nomination_days: int = 3
    updated_by: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
