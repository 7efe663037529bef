"""The unit manager's overview of a district's open cases (enhetschefens översikt).

What a manager distributing work needs at a glance: open cases by track and by
age, legal deadlines within a week, overdue outreach, households with children
meeting an eviction date, and the caseload of each caseworker. Counts only —
no names — so it needs no access-log entry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.workdays import to_stockholm
from eviction_prevention.cases import service as cases
from eviction_prevention.cases.models import Case
from eviction_prevention.outreach.models import OutreachAssignment

SOON = timedelta(days=7)
# Age buckets of an open case: (name, opened less than this long ago).
AGE_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("under_1_week", timedelta(weeks=1)),
    ("1_to_4_weeks", timedelta(weeks=4)),
    ("1_to_3_months", timedelta(days=91)),
    ("over_3_months", None),
)


def age_bucket(opened_at: datetime, now: datetime) -> str:
    age = now - opened_at
    for name, limit in AGE_BUCKETS:
        if limit is None or age < limit:
            return name
    raise AssertionError("the last bucket has no limit")


@dataclass
class DistrictFigures:
    district: str
    by_track: Counter[str] = field(default_factory=Counter)
    by_age: Counter[str] = field(default_factory=Counter)
    deadlines_within_7_days: int = 0
    overdue_outreach: int = 0
    households_with_children_facing_eviction: int = 0
    children_facing_eviction: int = 0
    children_unknown_facing_eviction: int = 0
    caseload: Counter[str | None] = field(default_factory=Counter)


async def overview(
    session: AsyncSession, *, now: datetime, districts: list[str]
) -> list[DistrictFigures]:
    open_cases = list(
        (
            await session.execute(
                select(Case).where(Case.status == "open", Case.district.in_(districts))  # type: ignore[attr-defined]
            )
        ).scalars()
    )
    overdue_cases = set(
        (
            await session.execute(
                select(OutreachAssignment.case_id).where(
                    OutreachAssignment.district.in_(districts),  # type: ignore[attr-defined]
                    OutreachAssignment.first_visit_at.is_(None),  # type: ignore[union-attr]
                    OutreachAssignment.cancelled_at.is_(None),  # type: ignore[union-attr]
                    OutreachAssignment.due_at < now,  # type: ignore[arg-type]
                )
            )
        ).scalars()
    )
    today = to_stockholm(now).date()
    figures = {d: DistrictFigures(d) for d in districts}
    for case in open_cases:
        f = figures[case.district]
        f.by_track[case.track] += 1
        f.by_age[age_bucket(case.opened_at, now)] += 1
        f.caseload[case.responsible_caseworker] += 1
        if case.id in overdue_cases:
            f.overdue_outreach += 1
        if any(
            not d.is_overdue(now) and d.due_at <= now + SOON
            for d in cases.deadlines_of(case)
            if d.legal
        ):
            f.deadlines_within_7_days += 1
        if case.eviction_date is not None and case.eviction_date >= today:
            if case.children_unknown:
                f.households_with_children_facing_eviction += 1
                f.children_unknown_facing_eviction += 1
            elif (case.children or 0) > 0:
                f.households_with_children_facing_eviction += 1
                f.children_facing_eviction += case.children or 0
    return [figures[d] for d in districts]
