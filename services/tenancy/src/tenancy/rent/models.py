"""Rent runs and invoices (hyresavier)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class RentRun(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "rent_runs"
    __table_args__ = (UniqueConstraint("district", "month", name="uq_rent_runs_month"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    month: str = Field(max_length=7)
    invoices: int
    amount_ore: int = Field(sa_column=Column(BigInteger, nullable=False))
    run_by: str = Field(max_length=200)
    run_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())


class Invoice(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "invoices"
    __table_args__ = (
        UniqueConstraint("lease_id", "month", name="uq_invoices_lease_month"),
        Index("ix_invoices_district_month", "district", "month"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    lease_id: str = Field(foreign_key="leases.id", max_length=64, index=True)
    rent_run_id: str = Field(foreign_key="rent_runs.id", max_length=64)
    month: str = Field(max_length=7)
    ocr: str = Field(max_length=25, unique=True)
    amount_ore: int = Field(sa_column=Column(BigInteger, nullable=False))
    due_date: date
    paid_ore: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    # tenancy.ledger.rules.InvoiceStatus, kept in step with the ledger by ledger.service.
    status: str = Field(default="open", max_length=16)
