"""A certificate (intyg) proving social or medical reasons (seed 000)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Column, Text
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class Certificate(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "certificates"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=64)
    issuer_role: str = Field(max_length=24)  # doctor | social_worker | counsellor
    grounds: str = Field(max_length=16)  # medical | social (follows from the issuer)
    issuer_name: str = Field(max_length=200)
    issued_on: date
    attests: str = Field(sa_column=Column(Text, nullable=False))
    registered_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    registered_by: str = Field(max_length=200)
