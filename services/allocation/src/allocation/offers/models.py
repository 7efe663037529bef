"""An offer: one household on a round's frozen list, asked first of the landlord, then itself.

A household is in at most one active offer at a time, across all rounds: the
partial unique index enforces it in the database (PostgreSQL and SQLite), so
two rounds offering to the same household at the same moment cannot both win.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar, Literal, get_args

from sqlalchemy import Index, Text, text
from sqlmodel import Column, Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

# landlord_pending → household_pending → accepted → completed (lease signed);
# landlord_rejected / household_declined end it; withdrawn when the round is cancelled.
OfferStatus = Literal[
    "landlord_pending",
    "household_pending",
    "accepted",
    "completed",
    "landlord_rejected",
    "household_declined",
    "withdrawn",
]
OFFER_STATUSES: tuple[str, ...] = get_args(OfferStatus)
ACTIVE_OFFER_STATUSES = ("landlord_pending", "household_pending", "accepted")
_ACTIVE = "status IN ('landlord_pending', 'household_pending', 'accepted')"


class Offer(DistrictOwned, table=True):
    __tablename__: ClassVar[Any] = "offers"
    __table_args__ = (
        Index(
            "uq_offers_active_household",
            "household_id",
            unique=True,
            postgresql_where=text(_ACTIVE),
            sqlite_where=text(_ACTIVE),
        ),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    round_id: str = Field(foreign_key="rounds.id", index=True, max_length=64)
    vacancy_id: str = Field(max_length=64)
    household_id: str = Field(foreign_key="pool_households.id", index=True, max_length=64)
    position: int  # place on the frozen list, from 1
    status: str = Field(default="landlord_pending", max_length=20)
    offered_at: datetime = Field(default_factory=utcnow, sa_column=instant_column(index=True))
    offered_by: str = Field(max_length=200)
    landlord_answer_at: datetime | None = Field(
        default=None, sa_column=instant_column(nullable=True)
    )
    household_answer_at: datetime | None = Field(
        default=None, sa_column=instant_column(nullable=True)
    )
    answer_recorded_by: str | None = Field(default=None, max_length=200)
    decline_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    move_in_date: date | None = None
    completed_on: date | None = None
