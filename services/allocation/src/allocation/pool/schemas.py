"""Typed response models of the pool. Never the personal number or the name."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from allocation.pool.models import HouseholdStatus


class AreaWishRead(BaseModel):
    area: str
    reason: str


class HouseholdRead(BaseModel):
    household_id: str
    district: str
    decision_id: str
    housing_type: str
    decided_on: date
    is_bistandsbeslut: bool
    includes_housing_support: bool
    status: HouseholdStatus
    joined_at: datetime
    left_on: date | None
    left_reason: str | None
    household_size: int
    adults: int
    children: int
    rooms_needed: int | None
    accessibility_needs: list[str]
    area_wishes: list[AreaWishRead]
    emergency_cost_per_night_ore: int | None
    investments_ore: int
    nominating_unit: str | None


class HouseholdPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[HouseholdRead]
