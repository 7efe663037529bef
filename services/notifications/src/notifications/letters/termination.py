"""A termination letter, asked for by staff once the termination is decided (seed 003).

No event carries a decided termination yet (tenancy publishes only
TerminationProposed), so the housing officer or caseworker asks for the letter
through the API with what it must say; it is stored and sent by registered post.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from bostad_common.events.tenancy import LetterAddress

TerminationReason = Literal["unpaid_rent", "disturbance", "unauthorised_sublet", "other"]


class TerminationLetterRequest(BaseModel):
    lease_id: str = Field(min_length=1, max_length=64)
    district: str = Field(min_length=1, max_length=64)
    recipient: LetterAddress
    apartment: str | None = Field(default=None, max_length=200)  # when not the address above
    end_date: date
    reason: TerminationReason
    redemption_deadline: date | None = None  # unpaid rent: the återvinningsfrist
    copy_to_representative: bool = False
