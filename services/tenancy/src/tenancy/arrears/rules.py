"""Arrears and seed 000's dunning ladder. Pure functions; the day is passed in.

Seed 000 ("Bostadshandläggarens uppdrag"):

* "Att distribuera restlista på månadens obetalda hyror till berörda
  handläggare på socialkontoret" — the arrears list (restlista);
* "Att vid två månaders obetalda hyror skriftligen varna andrahands
  kontraktsägaren för att ännu en månad går det till inkasso" — the written
  warning at two months;
* at three months the debt goes to collection (inkasso), and the unit manager
  (enhetschef, who "decides on termination", DOMAIN.md) takes up whether it
  should lead to termination.

A *month unpaid* is a rent invoice past its due date with something left to
pay; a partly paid month counts (decision, README). The ladder's first step,
a reminder, is taken at one month. A step is taken once per arrears episode
(the oldest unpaid invoice); when a run finds a tenant higher up the ladder
than the last step taken, only the highest step due is taken — nobody gets a
reminder and a written warning on the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import get_args

from bostad_common.events.vocabulary import DunningStep

LADDER: tuple[DunningStep, ...] = get_args(
    DunningStep
)  # reminder, written_warning, debt_collection
MONTHS_FOR_STEP: dict[DunningStep, int] = {
    "reminder": 1,
    "written_warning": 2,
    "debt_collection": 3,
}


@dataclass(frozen=True)
class InvoiceBalance:
    invoice_id: str
    due_date: date
    outstanding_ore: int


@dataclass(frozen=True)
class Arrears:
    months_unpaid: int
    amount_ore: int
    oldest_invoice_id: str
    oldest_due_date: date


def arrears_of(invoices: list[InvoiceBalance], as_of: date) -> Arrears | None:
    """What is overdue on `as_of` (due before that day, not fully paid), or None."""
    overdue = sorted(
        (i for i in invoices if i.due_date < as_of and i.outstanding_ore > 0),
        key=lambda i: i.due_date,
    )
    if not overdue:
        return None
    return Arrears(
        months_unpaid=len(overdue),
        amount_ore=sum(i.outstanding_ore for i in overdue),
        oldest_invoice_id=overdue[0].invoice_id,
        oldest_due_date=overdue[0].due_date,
    )


def step_due(months_unpaid: int) -> DunningStep | None:
    """The highest step of the ladder that `months_unpaid` has reached."""
    reached = [step for step in LADDER if months_unpaid >= MONTHS_FOR_STEP[step]]
    return reached[-1] if reached else None


def step_to_take(months_unpaid: int, taken: set[str]) -> DunningStep | None:
    """The step to take now in this episode, given the steps already taken in it."""
    due = step_due(months_unpaid)
    if due is None or due in taken:
        return None
    highest_taken = max((LADDER.index(s) for s in taken if s in LADDER), default=-1)  # type: ignore[arg-type]
    return due if LADDER.index(due) > highest_taken else None


def should_register(months_unpaid: int, threshold_months: int) -> bool:
    """RentArrearsRegistered is due: the district's threshold is reached."""
    return months_unpaid >= threshold_months
