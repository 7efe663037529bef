"""Who has been responsible for a case: every assignment, with who made it and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ForeignKey, String, Text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class CaseOwnershipChange(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "case_ownership_changes"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(
        sa_column=Column(String(64), ForeignKey("cases.id"), nullable=False, index=True)
    )
    previous_caseworker: str | None = Field(default=None, max_length=100)
    caseworker: str | None = Field(default=None, max_length=100)  # None: back to the team
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    changed_by: str = Field(max_length=200)
    changed_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
