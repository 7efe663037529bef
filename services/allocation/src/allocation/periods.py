"""Reporting periods: calendar quarters ("2027-Q1") and years ("2027").

IVO's individual reports go in per quarter (DOMAIN.md §2, fixed reporting
periods); seed 002 follows its goals up "varje år i december", so the outcome
figures accept a year as well. Pure functions, no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class InvalidPeriod(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date  # inclusive

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def a_year_before(self) -> Period:
        if "-Q" in self.label:
            year, quarter = self.label.split("-Q")
            return quarter_period(int(year) - 1, int(quarter))
        return year_period(int(self.label) - 1)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if "-Q" in self.label:
            return quarter_of(self.start - timedelta(days=1))
        return year_period(int(self.label) - 1)


def _last_day_of_month(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def quarter_period(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    return Period(
        f"{year}-Q{quarter}",
        date(year, first_month, 1),
        _last_day_of_month(year, first_month + 2),
    )


def year_period(year: int) -> Period:
    return Period(str(year), date(year, 1, 1), date(year, 12, 31))


def quarter_of(day: date) -> Period:
    return quarter_period(day.year, (day.month - 1) // 3 + 1)


def parse_period(text: str) -> Period:
    """'2027-Q1' or '2027' → the period; anything else raises InvalidPeriod."""
    if match := _QUARTER.match(text):
        return quarter_period(int(match[1]), int(match[2]))
    if match := _YEAR.match(text):
        return year_period(int(match[1]))
    raise InvalidPeriod("a quarter such as 2027-Q1 or a year such as 2027")


def add_months(day: date, months: int) -> date:
    """Calendar months; a day that does not exist is the month's last (31 May + 3 → 31 Aug,
    30 Nov + 3 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return min(
        day.replace(year=year, month=month, day=1) + timedelta(days=day.day - 1),
        _last_day_of_month(year, month),
    )


def report_due_on(period: Period) -> date:
    """The last day of the month after the period (a decision of ours; see README)."""
    following = period.end + timedelta(days=1)
    return _last_day_of_month(following.year, following.month)
