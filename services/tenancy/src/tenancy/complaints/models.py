"""Complaints from the landlord about a tenant, and the caseworker's talk with the client.

Seed 000: "Att klagomål som framförs på hyresgästen alltid förs vidare till
handläggare inom socialtjänsten"; the caseworker talks to the client and notes it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class Complaint(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "complaints"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    lease_id: str = Field(foreign_key="leases.id", max_length=64, index=True)
    received_on: date
    category: str = Field(max_length=32)  # tenancy.complaints.rules.ComplaintCategory
    description: str = Field(sa_column=Column(Text, nullable=False))
    received_by: str = Field(max_length=200)
    received_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    status: str = Field(default="open", max_length=16)  # a rules.ComplaintStatus
    talk_held_on: date | None = None
    talk_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    talk_by: str | None = Field(default=None, max_length=200)
