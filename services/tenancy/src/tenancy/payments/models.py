"""Imported BgMax files and the payments in them.

A file is stored by its SHA-256 so that the same file twice books nothing;
its result is kept to answer the repeat with the first answer. Every TK20
becomes a `Payment`, matched or on the unmatched list; none is dropped.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class PaymentFile(SQLModel, table=True):
    __tablename__: ClassVar[Any] = "payment_files"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    sha256: str = Field(max_length=64, unique=True)
    result: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    imported_by: str = Field(max_length=200)
    imported_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class Payment(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "payments"
    __table_args__ = (Index("ix_payments_district_status", "district", "status"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    file_id: str = Field(foreign_key="payment_files.id", max_length=64, index=True)
    line: int
    bankgiro: str = Field(max_length=10)
    reference: str = Field(max_length=25)
    # Negative for a deduction (TK21). BgMax amounts have 18 digits: 64-bit columns.
    amount_ore: int = Field(sa_column=Column(BigInteger, nullable=False))
    payment_date: date
    bgc_serial: str = Field(max_length=12)
    payer_name: str | None = Field(default=None, max_length=35)
    # matched | unmatched | allocated (by hand, from the unmatched list)
    status: str = Field(max_length=16)
    unmatched_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    lease_id: str | None = Field(default=None, max_length=64, index=True)
    invoice_id: str | None = Field(default=None, max_length=64)
    allocated_by: str | None = Field(default=None, max_length=200)
    allocated_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    allocation_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
