"""Checks on a notice beyond its shape: what each kind requires, plausible dates."""

from __future__ import annotations

from datetime import date, timedelta

from eviction_prevention.cases.rules import (
    KINDS_REQUIRING_DEBT,
    KINDS_REQUIRING_EVICTION_DATE,
    KINDS_REQUIRING_SERVED_AT,
)
from eviction_prevention.notices.schemas import NoticeSubmission

# A termination served more than a year ago is no longer actionable news; an
# eviction date more than two years ahead is a typo, not a plan.
MAX_SERVED_AGE = timedelta(days=366)
MAX_EVICTION_AHEAD = timedelta(days=2 * 366)


def validate_notice(notice: NoticeSubmission, *, today: date) -> list[dict[str, str]]:
    """Field errors (empty if fine). `today` is the Swedish calendar date."""
    errors: list[dict[str, str]] = []
    if notice.kind in KINDS_REQUIRING_DEBT and notice.debt is None:
        errors.append({"field": "debt", "message": f"required for kind {notice.kind}"})
    if notice.kind in KINDS_REQUIRING_EVICTION_DATE and notice.eviction_date is None:
        errors.append({"field": "eviction_date", "message": f"required for kind {notice.kind}"})
    if notice.kind in KINDS_REQUIRING_SERVED_AT and notice.served_at is None:
        errors.append(
            {
                "field": "served_at",
                "message": f"required for kind {notice.kind} (the återvinningsfrist runs from it)",
            }
        )
    errors.extend(validate_dates(notice.served_at, notice.eviction_date, today=today))
    return errors


def validate_dates(
    served_at: date | None, eviction_date: date | None, *, today: date
) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    if served_at is not None:
        if served_at > today:
            errors.append({"field": "served_at", "message": "must not be in the future"})
        elif today - served_at > MAX_SERVED_AGE:
            errors.append({"field": "served_at", "message": "must not be more than a year ago"})
    if eviction_date is not None:
        if eviction_date < today:
            errors.append({"field": "eviction_date", "message": "must not be in the past"})
        elif eviction_date - today > MAX_EVICTION_AHEAD:
            errors.append(
                {"field": "eviction_date", "message": "must not be more than two years ahead"}
            )
    return errors
