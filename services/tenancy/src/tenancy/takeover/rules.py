"""Whether a tenant may take over the first-hand lease. Pure.

Seed 002: when the tenant shows they manage their housing, the municipality
may ask the landlord to let them take over the first-hand lease ("prövning
ifall kunden kan få ta över förstahandskontraktet"); seed 000 wants landlords
to transfer the contract "då hyresgästen visar att den klarar att ta eget
ansvar för sitt boende". Applied restrictively: the last N monthly rents
(district configuration) each paid in full by its due date, and no complaint
left open. Reasons are Swedish: the housing officer reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class MonthPaid:
    due_date: date
    paid_in_full: bool
    last_paid_on: date | None  # None: paid by credit when the invoice was made


def on_time(month: MonthPaid) -> bool:
    return month.paid_in_full and (
        month.last_paid_on is None or month.last_paid_on <= month.due_date
    )


def takeover_refusals(
    months: list[MonthPaid], *, months_required: int, open_complaints: int
) -> list[str]:
    """Why a takeover cannot be applied for now; empty when it can."""
    reasons = []
    latest = sorted(months, key=lambda m: m.due_date)[-months_required:]
    if len(latest) < months_required:
        reasons.append(f"Hyran har ännu inte betalats i {months_required} månader.")
    elif not all(on_time(m) for m in latest):
        reasons.append(f"Hyran har inte betalats i tid de senaste {months_required} månaderna.")
    if open_complaints:
        reasons.append("Det finns klagomål som inte är avslutade.")
    return reasons
