"""District configuration of tenancy: the bankgiro tenants pay to, thresholds, accounts.

Reference data, not district-owned rows: a payment file names a bankgiro and
the platform must find whose it is before it knows the district. The initial
tenancy migration seeds the demo districts; their bankgiro numbers are fictional.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlmodel import Field, SQLModel


class DistrictConfig(SQLModel, table=True):
    __tablename__: ClassVar[Any] = "district_configs"

    code: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    # The number printed on the avi, without leading zeros or hyphen ("5050-1055" → "50501055").
    bankgiro: str = Field(max_length=10, unique=True)
    # RentArrearsRegistered is published when a tenant owes at least this many months' rent.
    arrears_threshold_months: int = 2
    # Takeover (seed 002): rent paid on time for at least this many months in a row.
    takeover_months_on_time: int = 12
    # SIE 4 accounts of the month's rent ledger (BAS chart defaults).
    account_receivable: str = Field(default="1510", max_length=10)
    account_rent_income: str = Field(default="3911", max_length=10)
    account_bank: str = Field(default="1930", max_length=10)
    account_write_off: str = Field(default="6351", max_length=10)
