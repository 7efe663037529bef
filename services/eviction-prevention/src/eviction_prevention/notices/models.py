"""Notices (underrättelser) as received from landlords, Kronofogden and tenancy."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class Notice(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "notices"
    __table_args__ = (
        # A landlord's external_id identifies its notice: a resend creates nothing.
        UniqueConstraint("landlord_id", "external_id", name="uq_notices_landlord_external"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    landlord_id: str = Field(max_length=64, index=True)
    external_id: str = Field(max_length=100)
    kind: str = Field(max_length=32)
    channel: str = Field(max_length=16)  # http | kafka | tenancy
    personal_number: str = Field(sa_column=Column(String(13), nullable=False))
    tenant_name: str = Field(max_length=200)
    tenant_phone: str | None = Field(default=None, max_length=30)
    street: str = Field(max_length=200)
    postal_code: str = Field(max_length=10)
    city: str = Field(max_length=100)
    apartment_number: str | None = Field(default=None, max_length=20)
    children: int | None = None
    debt_ore: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    debt_months_unpaid: int | None = None
    served_at: date | None = None
    eviction_date: date | None = None
    message: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    received_at: datetime = Field(default_factory=utcnow, sa_column=instant_column(index=True))
    case_id: str | None = Field(
        default=None,
        sa_column=Column(String(64), ForeignKey("cases.id"), nullable=True, index=True),
    )
