"""The housing officer's step (seed 000, "Bostadshandläggarens handläggning av ansökan")."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar, Literal

from sqlalchemy import Column, Text
from sqlmodel import Field

from bostad_common.auth.district_scope import DistrictOwned
from bostad_common.db_types import instant_column, new_id, utcnow

MeetingStatus = Literal["booked", "held", "cancelled"]


class Meeting(DistrictOwned, table=True):
    """'Bostadshandläggaren bokar in den sökande på ett möte.'"""

    __tablename__: ClassVar[Any] = "applicant_meetings"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=64)
    status: str = Field(max_length=16)  # a MeetingStatus
    scheduled_at: datetime = Field(sa_column=instant_column())
    booked_by: str = Field(max_length=200)
    booked_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    held_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    notes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class InformationRequest(DistrictOwned, table=True):
    """'Hon behöver kanske kompletterande uppgifter': what is asked for, since when."""

    __tablename__: ClassVar[Any] = "information_requests"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    application_id: str = Field(foreign_key="applications.id", index=True, max_length=64)
    what: str = Field(sa_column=Column(Text, nullable=False))
    requested_at: datetime = Field(default_factory=utcnow, sa_column=instant_column())
    requested_by: str = Field(max_length=200)
    received_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    received_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class LandlordJudgement(DistrictOwned, table=True):
    """The chance of acceptance by landlords, and seed 000's lobbying flag.

    One row per application; a new judgement replaces the fields (the journal
    keeps the history in words). Lobbying is allowed only with consent recorded.
    """

    __tablename__: ClassVar[Any] = "landlord_judgements"

    application_id: str = Field(foreign_key="applications.id", primary_key=True, max_length=64)
    acceptance: str | None = Field(default=None, max_length=16)  # good | uncertain | poor
    acceptance_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    judged_by: str | None = Field(default=None, max_length=200)
    judged_at: datetime | None = Field(default=None, sa_column=instant_column(nullable=True))
    lobbying_allowed: bool = False
    lobbying_consent_given_on: datetime | None = Field(
        default=None, sa_column=instant_column(nullable=True)
    )
    lobbying_consent_recorded_by: str | None = Field(default=None, max_length=200)
