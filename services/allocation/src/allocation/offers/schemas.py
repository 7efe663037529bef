"""Typed request and response models of offers."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from allocation.offers.models import OfferStatus


class OfferCreate(BaseModel):
    household_id: str | None = Field(
        default=None, max_length=64, description="Default: the next untried on the frozen list"
    )


class AnswerCreate(BaseModel):
    accepted: bool
    reason: str | None = Field(default=None, max_length=4000, description="Required for a no")


class HouseholdAnswerCreate(AnswerCreate):
    move_in_date: date | None = None


class OfferRead(BaseModel):
    offer_id: str
    round_id: str
    vacancy_id: str
    household_id: str
    district: str
    position: int
    status: OfferStatus
    offered_at: datetime
    offered_by: str
    landlord_answer_at: datetime | None
    household_answer_at: datetime | None
    decline_reason: str | None
    move_in_date: date | None
