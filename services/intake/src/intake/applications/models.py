"""An application for housing and where it stands in the routine (`status`).

`status` changes only through `applications.rules.transition`, so every state
and the actions that leave it are written down in one place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class Application(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "applications"
    __table_args__ = (
        Index("ix_applications_district_status", "district", "status"),
        Index("ix_applications_housing_officer", "housing_officer"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    household_id: str = Field(foreign_key="households.id", index=True, max_length=64)
    housing_type: str = Field(max_length=32)
    channel: str = Field(max_length=16)  # ansokan | anmalan | underrattelse
    path: str = Field(max_length=24)  # investigation | certificate_only
    status: str = Field(max_length=32)
    # [{"area": ..., "reason": ...}], [{"apartment_type": ..., "reason": ...}]
    area_wishes: list[dict[str, str]] = Field(default_factory=list, sa_column=Column(JSON))
    apartment_type_wishes: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON)
    )
    rooms_needed: int | None = None
    # Seed 000, 2 b: a decision on adapted housing under LSS.
    lss_decision: bool = False
    # Seed 000, 2 a: "om behovet inte kan tillgodoses på annat sätt". None = not yet known.
    other_ways_ruled_out: bool | None = None
    other_ways_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    nominating_unit: str | None = Field(default=None, max_length=32)
    housing_officer: str | None = Field(default=None, max_length=200)
    registered_at: datetime = Field(default_factory=utcnow, sa_column=instant_column(index=True))
    registered_by: str = Field(max_length=200)
    status_changed_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
