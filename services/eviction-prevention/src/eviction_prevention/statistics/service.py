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
* outcomes (evicted, prevented, children affected): cases closed that year;
* applications for eviction count *cases* with a Kronofogden notice that year,
  not notices: a changed eviction date is a new notice about the same case;
* households with children: cases opened that year with children > 0, and the
  children in them; seed 001 counts only households *not already known* to
  social services, so cases opened are split by what the caseworker recorded;
* outreach: seed 002 counts cases with outreach ("uppsökande verksamhet
  användes i åtta av dessa fall") beside the bookings;
* a municipality total sums the districts asked for (the caller's own).

The Swedish CSV (`dialect="sv"`) opens in a Swedish spreadsheet as it is:
semicolons, decimal comma, Swedish headers, UTF-8 with a byte-order mark.

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
    "households_with_children",
    "children_in_households",
    "cases_known_before",
    "cases_not_known_before",
    "cases_known_unrecorded",
    "cases_with_outreach",
    # Outcomes added with issue #9's decision point; last, so older columns keep their place.
    "declined_help",
    "investigation_opened",
)
MUNICIPALITY_TOTAL = "total"

# The Swedish CSV's headers, in CSV_COLUMNS order.
SWEDISH_HEADERS: dict[str, str] = {
    "district": "Stadsdel",
    "year": "År",
    "notices_total": "Underrättelser totalt",
    "notices_unpaid_rent": "Underrättelser obetalda hyror",
    "notices_disturbance": "Underrättelser störningar",
    "notices_unauthorised_sublet": "Underrättelser olovlig andrahandsuthyrning",
    "notices_electricity_debt": "Underrättelser elskulder",
    "notices_eviction_enforcement": "Information från Kronofogden om avhysning",
    "cases_opened": "Ärenden öppnade",
    "outreach_assignments": "Uppsöksuppdrag (bokningar)",
    "outreach_started_within_48h": "Uppsök inom 48 timmar",
    "outreach_share_within_48h": "Andel uppsök inom 48 timmar",
    "evictions_applied_for": "Ansökningar om avhysning (ärenden)",
    "evictions_carried_out": "Verkställda avhysningar",
    "children_affected": "Barn som berördes av avhysning",
    "prevented": "Avhysning förhindrad",
    "moved_voluntarily": "Flyttade frivilligt",
    "no_contact": "Ingen kontakt",
    "other_outcome": "Annat utfall",
    "households_with_children": "Hushåll med barn",
    "children_in_households": "Barn i hushållen",
    "cases_known_before": "Kända sedan tidigare",
    "cases_not_known_before": "Inte kända sedan tidigare",
    "cases_known_unrecorded": "Okänt om kända sedan tidigare",
    "cases_with_outreach": "Ärenden med uppsökande verksamhet",
    "declined_help": "Tackade nej till stöd",
    "investigation_opened": "Utredning inledd",
}


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
    cases_with_outreach = (
        await session.execute(
            select(func.count(func.distinct(OutreachAssignment.case_id))).where(
                OutreachAssignment.district == district,
                OutreachAssignment.assigned_at >= start,  # type: ignore[operator]
                OutreachAssignment.assigned_at < end,  # type: ignore[operator]
            )
        )
    ).scalar_one()
    applied_for = (
        await session.execute(
            select(func.count(func.distinct(Notice.case_id))).where(
                Notice.district == district,
                Notice.kind == "eviction_enforcement",
                Notice.received_at >= start,  # type: ignore[operator]
                Notice.received_at < end,  # type: ignore[operator]
            )
        )
    ).scalar_one()
    opened_rows = (
        await session.execute(
            select(Case.children, Case.known_to_social_services).where(
                Case.district == district,
                Case.opened_at >= start,  # type: ignore[operator]
                Case.opened_at < end,  # type: ignore[operator]
            )
        )
    ).all()
    with_children = [children for children, _ in opened_rows if (children or 0) > 0]
    known = [flag for _, flag in opened_rows]
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
        "evictions_applied_for": int(applied_for),
        "evictions_carried_out": outcomes["evicted"],
        "children_affected": children_affected,
        "prevented": outcomes["prevented"],
        "outcomes": outcomes,
        "households_with_children": len(with_children),
        "children_in_households": sum(with_children),
        "cases_known_before": known.count(True),
        "cases_not_known_before": known.count(False),
        "cases_known_unrecorded": known.count(None),
        "cases_with_outreach": int(cases_with_outreach),
    }


def municipality_total(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The sum of one year's district rows (the share recomputed, not averaged)."""
    total: dict[str, Any] = {"district": MUNICIPALITY_TOTAL, "year": rows[0]["year"]}
    for key, value in rows[0].items():
        if key in ("district", "year", "outreach_share_within_48h"):
            continue
        if isinstance(value, dict):
            total[key] = {k: sum(r[key][k] for r in rows) for k in value}
        else:
            total[key] = sum(r[key] for r in rows)
    assignments = total["outreach_assignments"]
    total["outreach_share_within_48h"] = (
        round(total["outreach_started_within_48h"] / assignments, 3) if assignments else None
    )
    return total


def to_csv(rows: list[dict[str, Any]], dialect: str = "plain") -> str:
    """Plain CSV (comma, decimal point, English headers), or `sv` for a Swedish
    spreadsheet (semicolon, decimal comma, Swedish headers, UTF-8 BOM)."""
    swedish = dialect == "sv"
    out = io.StringIO()
    writer = csv.writer(
        out, delimiter=";" if swedish else ",", lineterminator="\r\n" if swedish else "\n"
    )
    writer.writerow([SWEDISH_HEADERS[c] for c in CSV_COLUMNS] if swedish else CSV_COLUMNS)
    for row in rows:
        share = row["outreach_share_within_48h"]
        share_text = "" if share is None else f"{share:.3f}"
        if swedish:
            share_text = share_text.replace(".", ",")
        writer.writerow(
            [
                row["district"],
                row["year"],
                row["notices_total"],
                *(row["notices_by_kind"][kind] for kind in NOTICE_KINDS),
                row["cases_opened"],
                row["outreach_assignments"],
                row["outreach_started_within_48h"],
                share_text,
                row["evictions_applied_for"],
                row["evictions_carried_out"],
                row["children_affected"],
                row["prevented"],
                row["outcomes"]["moved_voluntarily"],
                row["outcomes"]["no_contact"],
                row["outcomes"]["other"],
                row["households_with_children"],
                row["children_in_households"],
                row["cases_known_before"],
                row["cases_not_known_before"],
                row["cases_known_unrecorded"],
                row["cases_with_outreach"],
                row["outcomes"]["declined_help"],
                row["outcomes"]["investigation_opened"],
            ]
        )
    return ("\ufeff" if swedish else "") + out.getvalue()
