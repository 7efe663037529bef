"""Typed models of seed 002's outcome figures and the equity view (aggregates only)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class OutcomeFiguresRead(BaseModel):
    district: str
    period: str
    training_leases_ended: int
    training_moved_to_independent: int
    training_moved_on_share: float | None = Field(description="Seed 002 goal: at least 0.5")
    apartments_available_for_reuse: int
    apartments_reused: int = Field(description="An actual move-in after a vacancy, in the period")
    reuse_share: float | None = Field(description="Seed 002 goal: at least 0.5")
    not_executed_decisions: int = Field(
        description="Decisions whose three months passed in the period"
    )
    not_executed_year_before: int
    not_executed_change: float | None = Field(description="Seed 002 goal: -0.5 (halved)")
    first_hand_takeovers: int


class EquityCell(BaseModel):
    dimension: str
    group: str
    pool: int | None = Field(description="Households in the pool during the period; null if < 5")
    offers: int | None = Field(description="Offers made in the period; null if < 5")
    allocations: int | None = Field(description="Offers accepted in the period; null if < 5")


class EquityRead(BaseModel):
    district: str
    period: str
    note: str = "Aggregates only; cells under 5 are suppressed (null)."
    cells: list[EquityCell]
