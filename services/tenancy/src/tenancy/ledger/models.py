"""The tenant's ledger: entries only; the balance is always their sum.

`amount_ore` is positive when it increases what the tenant owes (an invoice, a
debt taken over after move-out) and negative when it decreases it (a payment,
credit, a write-off). A correction never edits an entry: it adds a reversal
with the opposite amount that names the entry it reverses.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import BigInteger, Index, Text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class LedgerEntry(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "ledger_entries"
    __table_args__ = (Index("ix_ledger_lease_booked", "lease_id", "booked_on"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    lease_id: str = Field(foreign_key="leases.id", max_length=64)
    kind: str = Field(max_length=16)  # tenancy.ledger.rules.EntryKind
    amount_ore: int = Field(sa_column=Column(BigInteger, nullable=False))
    booked_on: date
    invoice_id: str | None = Field(default=None, max_length=64)
    payment_id: str | None = Field(default=None, max_length=64)
    reverses_id: str | None = Field(default=None, max_length=64, unique=True)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
