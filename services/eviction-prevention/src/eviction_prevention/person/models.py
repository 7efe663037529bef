"""The history of a case's person data: every change, who made it and why.

A notice never changes the case's person (issue #9: a landlord could replace a
case's address and the next letter went to the landlord). Each notice keeps
the tenant and address as its sender wrote them (`notices.Notice`); where they
differ from the case, the caseworker accepts them or keeps the case's data,
and either decision is a row here. So is a correction the caseworker makes.
Rows are never changed or removed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class PersonDataChange(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "person_data_changes"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    case_id: str = Field(
        sa_column=Column(String(64), ForeignKey("cases.id"), nullable=False, index=True)
    )
    # The notice whose differing data was decided on; None for the caseworker's own correction.
    notice_id: str | None = Field(
        default=None, sa_column=Column(String(64), ForeignKey("notices.id"), nullable=True)
    )
    decision: str = Field(max_length=32)  # accepted_from_notice | kept_case_data | corrected
    before: dict[str, str | None] = Field(sa_column=Column(JSON, nullable=False))
    after: dict[str, str | None] = Field(sa_column=Column(JSON, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    recorded_by: str = Field(max_length=200)
    recorded_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
