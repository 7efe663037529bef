"""Bodies of the takeover API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class TakeoverCheck(BaseModel):
    lease_id: str
    eligible: bool
    reasons: list[str]


class TakeoverRequest(BaseModel):
    takeover_on: date
