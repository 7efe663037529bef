"""Statistics per district and calendar year (Swedish time), as the seeds report them.

Seed 001 reports notices per year and how many concern rent debt (81/105/197,
of which 28/31/135); seed 002 (Vallentuna) reports notices, outreach made,
outreach within 48 hours, applications for eviction and evictions carried
out, children affected. Each row here has those numbers for one year:

* notices: by `received_at`; `notices_by_kind` per notice kind;
* applications for eviction: notices of kind `eviction_enforcement` (Kronofogden
  informs social services when a landlord has applied);
* outreach: assignments made that year; started within 48 h = first visit
  (whatever its result) no later than the assignment's due time;
* outcomes (evicted, prevented, children affected): cases closed that year.

Aggregates only: no personal data, so no access-log entry.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.events.vocabulary import NOTICE_KINDS, OUTCOME_CODES
from bostad_common.workdays import STOCKHOLM
from eviction_prevention.cases.models import Case
from eviction_prevention.notices.models import Notice
from eviction_prevention.outreach.models import OutreachAssignment

CSV_COLUMNS = (
    "district",
    "year",
    "notices_total",
    *(f"notices_{kind}" for kind in NOTICE_KINDS),
    "cases_opened",
    "outreach_assignments",
    "outreach_started_within_48h",
    "outreach_share_within_48h",
    "evictions_applied_for",
    "evictions_carried_out",
    "children_affected",
    "prevented",
    "moved_voluntarily",
    "no_contact",
    "other_outcome",
)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    return (
        datetime(year, 1, 1, tzinfo=STOCKHOLM),
        datetime(year + 1, 1, 1, tzinfo=STOCKHOLM),
    )


async def year_statistics(session: AsyncSession, *, district: str, year: int) -> dict[str, Any]:
    start, end = _year_bounds(year)
    by_kind_rows = await session.execute(
        select(Notice.kind, func.count())
        .where(Notice.district == district, Notice.received_at >= start, Notice.received_at < end)  # type: ignore[operator]
        .group_by(Notice.kind)
    )
    by_kind = dict.fromkeys(NOTICE_KINDS, 0)
    for kind, count in by_kind_rows:
        by_kind[kind] = int(count)
    cases_opened = (
        await session.execute(
            select(func.count())
            .select_from(Case)
            .where(Case.district == district, Case.opened_at >= start, Case.opened_at < end)  # type: ignore[operator]
        )
    ).scalar_one()
    assignments = (
        await session.execute(
            select(OutreachAssignment.due_at, OutreachAssignment.first_visit_at).where(
                OutreachAssignment.district == district,
                OutreachAssignment.assigned_at >= start,  # type: ignore[operator]
                OutreachAssignment.assigned_at < end,  # type: ignore[operator]
            )
        )
    ).all()
    within = sum(1 for due, first in assignments if first is not None and first <= due)
    outcome_rows = await session.execute(
        select(Case.outcome, func.count(), func.coalesce(func.sum(Case.children_affected), 0))
        .where(
            Case.district == district,
            Case.status == "closed",
            Case.closed_at >= start,  # type: ignore[operator]
            Case.closed_at < end,  # type: ignore[operator]
        )
        .group_by(Case.outcome)
    )
    outcomes = dict.fromkeys(OUTCOME_CODES, 0)
    children_affected = 0
    for outcome, count, children in outcome_rows:
        outcomes[outcome] = int(count)
        if outcome == "evicted":
            children_affected = int(children)
    total_assignments = len(assignments)
    return {
        "district": district,
        "year": year,
        "notices_total": sum(by_kind.values()),
        "notices_by_kind": by_kind,
        "cases_opened": int(cases_opened),
        "outreach_assignments": total_assignments,
        "outreach_started_within_48h": within,
        "outreach_share_within_48h": (
            round(within / total_assignments, 3) if total_assignments else None
        ),
        "evictions_applied_for": by_kind["eviction_enforcement"],
        "evictions_carried_out": outcomes["evicted"],
        "children_affected": children_affected,
        "prevented": outcomes["prevented"],
        "outcomes": outcomes,
    }


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        share = row["outreach_share_within_48h"]
        writer.writerow(
            [
                row["district"],
                row["year"],
                row["notices_total"],
                *(row["notices_by_kind"][kind] for kind in NOTICE_KINDS),
                row["cases_opened"],
                row["outreach_assignments"],
                row["outreach_started_within_48h"],
                "" if share is None else f"{share:.3f}",
                row["evictions_applied_for"],
                row["evictions_carried_out"],
                row["children_affected"],
                row["prevented"],
                row["outcomes"]["moved_voluntarily"],
                row["outcomes"]["no_contact"],
                row["outcomes"]["other"],
            ]
        )
    return out.getvalue()
