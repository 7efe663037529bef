"""Typed request and response models of the district settings API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class DistrictConfigUpdate(BaseModel):
    """Weights are validated by `rules.weight_errors` so a bad one is named (422)."""

    weights: dict[str, Any] = {}
    unit_managers: list[str] = Field(default=[], max_length=20)
    decision_maker: str | None = Field(default=None, max_length=200)
    warning_days: list[Any] = Field(default=[60, 80], max_length=10)
    nomination_days: int = Field(default=3, ge=0, le=30)


class DistrictConfigRead(BaseModel):
    district: str
    weights: dict[str, float]
    unit_managers: list[str]
    decision_maker: str | None
    warning_days: list[int]
    nomination_days: int
    updated_by: str | None
    updated_at: datetime | None
