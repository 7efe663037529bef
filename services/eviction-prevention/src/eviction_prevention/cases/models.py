"""A case: one household's eviction-prevention matter in one district.

Every notice about the same tenant in the same district while a case is open
joins that case (`notices.case_id`), so the history of notices is visible on
the case. At most one open case per person and district (a partial unique
index) keeps two notices arriving at once from opening two cases.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Index, String, Text, text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow


class Case(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "cases"
    __table_args__ = (
        Index(
            "uq_cases_open_person",
            "district",
            "personal_number",
            unique=True,
            postgresql_where=text("status = 'open'"),
            sqlite_where=text("status = 'open'"),
        ),
        Index("ix_cases_district_status", "district", "status"),
        Index("ix_cases_personal_number", "personal_number"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    status: str = Field(default="open", max_length=16)  # open | closed
    intake_type: str = Field(max_length=16)  # ansokan | anmalan | underrattelse
    # Why the case opened: the kind of its first notice (Treserva's orsakskod).
    notice_kind: str = Field(max_length=32)
    # Every notice kind that joined the case, first first (a Kronofogden notice on an
    # unpaid-rent case shows as both).
    notice_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    channel: str = Field(max_length=16)  # http | kafka | tenancy | staff
    track: str = Field(max_length=32)
    children: int | None = None
    children_unknown: bool = False
    # Whether the household was already known to social services when the case
    # opened (seed 001 counts only those who were not); None until recorded.
    known_to_social_services: bool | None = None
    # Personal data, needed to match notices and to reach the household.
    personal_number: str = Field(sa_column=Column(String(13), nullable=False))
    tenant_name: str = Field(max_length=200)
    tenant_phone: str | None = Field(default=None, max_length=30)
    street: str = Field(max_length=200)
    postal_code: str = Field(max_length=10)
    city: str = Field(max_length=100)
    apartment_number: str | None = Field(default=None, max_length=20)
    # Deadlines. The three-week ones run from the later of the served date and the
    # day the first notice of that kind reached the platform (cases/rules.py).
    served_at: date | None = None  # termination served (unpaid rent)
    rent_notified_on: date | None = None
    redemption_deadline: date | None = None
    electricity_served_at: date | None = None  # demand to pay served (electricity debt)
    electricity_notified_on: date | None = None
    disconnection_deadline: date | None = None
    eviction_date: date | None = None
    # The social committee's written commitment to pay (skriftlig förbindelse).
    commitment_on: date | None = None
    commitment_amount_ore: int | None = Field(
        default=None, sa_column=Column(BigInteger, nullable=True)
    )
    commitment_recorded_by: str | None = Field(default=None, max_length=200)
    commitment_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    opened_at: datetime = Field(default_factory=utcnow, sa_column=instant_column(index=True))
    opened_by: str = Field(max_length=200)
    # Ownership: the responsible caseworker (ansvarig handläggare; history in
    # ownership/), and the housing-support staff ever booked on the case — who,
    # besides the caseworker, may read it without reading every case (issue #9).
    responsible_caseworker: str | None = Field(default=None, max_length=100, index=True)
    support_staff: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Outcome.
    closed_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    closed_by: str | None = Field(default=None, max_length=200)
    outcome: str | None = Field(default=None, max_length=32)
    closing_reason: str | None = Field(default=None, max_length=64)  # a code per outcome
    outcome_reason_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    open_items_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    children_affected: int | None = None
