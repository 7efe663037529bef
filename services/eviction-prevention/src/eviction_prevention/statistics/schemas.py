"""Read models of the statistics (`/api/v1/statistics`): aggregates only, no personal data."""

from __future__ import annotations

from pydantic import BaseModel

from bostad_common.events.vocabulary import NoticeKind, OutcomeCode


class YearStatistics(BaseModel):
    """One district's year, with the figures seeds 001 and 002 report."""

    district: str
    year: int
    notices_total: int
    notices_by_kind: dict[NoticeKind, int]
    cases_opened: int
    outreach_assignments: int
    outreach_started_within_48h: int
    outreach_share_within_48h: float | None  # 0..1, three decimals; None without assignments
    evictions_applied_for: int
    evictions_carried_out: int
    children_affected: int
    prevented: int
    outcomes: dict[OutcomeCode, int]
    households_with_children: int
    children_in_households: int
    cases_known_before: int
    cases_not_known_before: int  # seed 001's table counts only these
    cases_known_unrecorded: int
    cases_with_outreach: int  # seed 002: cases where outreach was used


class StatisticsRead(BaseModel):
    """`district` is the one asked for, or `total` when all the caller's districts were
    asked for; then each year has a row per district and a `total` row."""

    district: str
    rows: list[YearStatistics]
