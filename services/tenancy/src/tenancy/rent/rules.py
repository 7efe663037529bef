"""Rent rules: the month, the OCR reference, the due date and pro rata rent. Pure functions.

* **OCR reference** (Bankgirot, "OCR-referenskontroll", variant with length and
  check digit): the reference digits, then a *length digit* (the total number of
  digits including the length digit and the check digit, modulo 10), then a
  *check digit* computed with the modulus-10 (Luhn) algorithm over everything
  before it. Bankgirot: "Bankgiro Inbetalningar – Teknisk manual", section on
  OCR-referensnummer (hård kontroll, längd- och checksiffra).
* **Due date**: rent is paid in advance (DOMAIN.md §3, "Rent is due in
  advance, before the month"); the invoice (hyresavi) is due on the last
  Swedish working day before the first day of the month it is for.
* **Pro rata**: a lease that starts or ends inside the month pays the month's
  rent times the days it covers divided by the days in the month; a rent
  change during the month is split the same way by day. The sum is rounded
  once, half up, to whole öre (decision, README: the finance office's usual
  practice; never floating point).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from bostad_common.workdays import is_working_day

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class InvalidMonth(ValueError):
    """The month is not written YYYY-MM."""


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _MONTH.match(text or "")
        if not match:
            raise InvalidMonth("month must be written YYYY-MM, e.g. 2027-01")
        year = int(match.group(1))
        if not 2000 <= year <= 2099:
            raise InvalidMonth("month must be between 2000-01 and 2099-12")
        return cls(year, int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, self.days)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)


# ------------------------------------------------------------------ OCR


def luhn_check_digit(digits: str) -> int:
    """The mod-10 (Luhn) check digit for `digits`: doubling starts at the rightmost digit."""
    if not digits.isdigit():
        raise ValueError("digits only")
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def make_ocr(base: str) -> str:
    """`base` + length digit + Luhn check digit (Bankgirot's OCR with length control)."""
    if not base.isdigit() or not 1 <= len(base) <= 23:
        raise ValueError("an OCR base is 1..23 digits")
    with_length = base + str((len(base) + 2) % 10)
    return with_length + str(luhn_check_digit(with_length))


def ocr_problem(reference: str) -> str | None:
    """Why `reference` is not a valid OCR of ours, or None when it is."""
    if not reference:
        return "no reference"
    if not reference.isdigit():
        return "reference is not digits only"
    if not 3 <= len(reference) <= 25:
        return "reference length outside 3..25"
    if luhn_check_digit(reference[:-1]) != int(reference[-1]):
        return "OCR check digit is wrong"
    if int(reference[-2]) != len(reference) % 10:
        return "OCR length digit is wrong"
    return None


def invoice_ocr(lease_number: int, month: Month) -> str:
    """The reference of a lease's invoice for a month: lease number (7), YYMM, length, check.

    Deterministic, so the same lease and month always get the same reference and
    two invoices can never share one (unique lease numbers, one invoice per month).
    """
    if not 0 < lease_number < 10_000_000:
        raise ValueError("lease number out of range")
    return make_ocr(f"{lease_number:07d}{month.year % 100:02d}{month.month:02d}")


# ------------------------------------------------------------------ due date and amounts


def due_date(month: Month) -> date:
    """The last working day before the month (rent is paid in advance)."""
    day = month.first_day - timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


@dataclass(frozen=True)
class RentPeriod:
    """A monthly rent in effect from `effective_from` (until the next change)."""

    effective_from: date
    rent_ore: int


def rent_for_month(
    month: Month,
    *,
    lease_start: date,
    lease_end: date | None,
    rents: list[RentPeriod],
) -> int:
    """The month's rent in öre: by day when the lease or a rent change starts mid-month.

    `rents` must hold at least one period starting on or before the lease start.
    Returns 0 when the lease does not cover any day of the month.
    """
    first = max(month.first_day, lease_start)
    last = min(month.last_day, lease_end) if lease_end else month.last_day
    if last < first:
        return 0
    ordered = sorted(rents, key=lambda period: period.effective_from)
    if not ordered or ordered[0].effective_from > first:
        raise ValueError("no rent in effect at the start of the period")
    if any(period.rent_ore < 0 for period in ordered):
        raise ValueError("negative rent")
    whole_month = first == month.first_day and last == month.last_day
    if whole_month and ordered[-1].effective_from <= first:
        return ordered[-1].rent_ore  # the common case: one rent for the whole month
    total = Fraction(0)
    for index, period in enumerate(ordered):
        until = (
            ordered[index + 1].effective_from - timedelta(days=1)
            if index + 1 < len(ordered)
            else last
        )
        start, end = max(first, period.effective_from), min(last, until)
        if end >= start:
            total += Fraction(period.rent_ore * ((end - start).days + 1), month.days)
    return int(total + Fraction(1, 2))  # half up; amounts are never negative
