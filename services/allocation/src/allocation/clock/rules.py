"""Pure rules of the three-month clock and IVO's individual reports (DOMAIN.md §2).

- The mark: three calendar months after the clock's start (the decision date,
  or the day execution was interrupted). Executed on the mark day is in time;
  from the day after, the decision is "icke verkställt".
- Reports per quarter: a **new** report in the period the three months pass, a
  **repeated** one each later period while still not executed, and a
  **closing** one in the period it is executed or ends.
- The person is `ÅÅÅÅMMDD-T123`: birth date, T and three digits of the
  municipality's choosing whose first digit is even for a woman and odd for a
  man; the same id for the whole reporting period.
No clock is read here: `as_of` is passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from allocation.periods import Period, add_months

THREE_MONTHS: int = 3
ReportKind = Literal["new", "repeated", "closing"]
EndKind = Literal["executed", "ended"]
_EVEN = "02468"
_ODD = "13579"


@dataclass(frozen=True)
class Episode:
    """One stretch of waiting: from the decision (or an interruption) to execution or end."""

    start: date
    end: date | None = None
    end_kind: EndKind | None = None

    @property
    def mark(self) -> date:
        return three_months_on(self.start)

    @property
    def overdue_from(self) -> date:
        return self.mark + timedelta(days=1)


def three_months_on(start: date) -> date:
    return add_months(start, THREE_MONTHS)


def days_waited(start: date, until: date) -> int:
    return max(0, (until - start).days)


def due_warning(
    start: date, as_of: date, warning_days: Iterable[int], already_sent: set[int]
) -> tuple[int | None, list[int]]:
    """The warning to send now and every reached day it covers.

    Only the latest day reached is sent (a clock that starts late should not
    fire 60 and 80 at once); the earlier reached days are marked as covered.
    """
    reached = sorted(day for day in warning_days if start + timedelta(days=day) <= as_of)
    pending = [day for day in reached if day not in already_sent]
    if not pending:
        return None, []
    return pending[-1], pending


@dataclass(frozen=True)
class ReportEntry:
    kind: ReportKind
    episode: Episode
    days_waited: int


def reports_in_period(
    episodes: Iterable[Episode], period: Period, as_of: date
) -> list[ReportEntry]:
    """The individual reports a decision needs for `period`, as known on `as_of`."""
    entries: list[ReportEntry] = []
    horizon = min(period.end, as_of)
    if horizon < period.start:
        return entries
    for episode in episodes:
        overdue_from = episode.overdue_from
        end = episode.end if episode.end is not None and episode.end <= as_of else None
        if end is not None and end < overdue_from:
            continue  # executed (or ended) in time: nothing to report
        waited_until = min(end, horizon) if end is not None else horizon
        waited = days_waited(episode.start, waited_until)
        if period.start <= overdue_from <= horizon:
            entries.append(ReportEntry("new", episode, waited))
        elif overdue_from < period.start and (end is None or end > period.end):
            entries.append(ReportEntry("repeated", episode, waited))
        if end is not None and period.start <= end <= horizon:
            entries.append(ReportEntry("closing", episode, waited))
    return entries


def ivo_person_id(birth_date: date, legal_sex: str, sequence: int) -> str:
    """`ÅÅÅÅMMDD-T123`: first digit even for a woman, odd for a man; 500 ids per sex."""
    digits = _EVEN if legal_sex == "female" else _ODD
    index = sequence % 500
    return f"{birth_date:%Y%m%d}-T{digits[index % 5]}{index // 5:02d}"


def assign_ivo_ids(people: Iterable[tuple[str, date, str, int]]) -> dict[str, str]:
    """(key, birth date, legal sex, seed) → key: id, unique within one period.

    The seed is a keyed hash of decision and period, so the id is stable for the
    whole period; two people who would share one step to the next free id, in key order.
    """
    taken: set[str] = set()
    assigned: dict[str, str] = {}
    for key, birth_date, legal_sex, seed in sorted(people):
        for step in range(500):
            candidate = ivo_person_id(birth_date, legal_sex, seed + step)
            if candidate not in taken:
                break
        taken.add(candidate)
        assigned[key] = candidate
    return assigned
