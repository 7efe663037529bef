"""Checks on a notice beyond its shape: what each kind requires, plausible dates."""

from __future__ import annotations

from datetime import date

from eviction_prevention.cases.rules import (
    KINDS_REQUIRING_DEBT,
    KINDS_REQUIRING_EVICTION_DATE,
    validate_dates,
)
from eviction_prevention.notices.schemas import NoticeSubmission


def validate_notice(notice: NoticeSubmission, *, today: date) -> list[dict[str, str]]:
    """Field errors (empty if fine). `today` is the Swedish calendar date.

    `served_at` may be missing or a little ahead (CONTRACTS.md v1.1): landlords
    notify before the termination is served; the deadline then waits for it."""
    errors: list[dict[str, str]] = []
    if notice.kind in KINDS_REQUIRING_DEBT and notice.debt is None:
        errors.append({"field": "debt", "message": f"required for kind {notice.kind}"})
    if notice.kind in KINDS_REQUIRING_EVICTION_DATE and notice.eviction_date is None:
        errors.append({"field": "eviction_date", "message": f"required for kind {notice.kind}"})
    errors.extend(validate_dates(notice.served_at, notice.eviction_date, today=today))
    return errors
