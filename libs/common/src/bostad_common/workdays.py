"""Swedish working days and Stockholm time, for computing statutory and internal deadlines.

Which days count: a working day is Monday-Friday that is neither

* a public holiday (allmän helgdag, Lag 1989:253), nor
* midsommarafton, julafton or nyårsafton. These are not public holidays in law, but
  Swedish authorities are closed on them and statutes treat them like Sundays: lagen
  (1930:173) om beräkning av lagstadgad tid moves a deadline that falls on one of them to the
  next working day, and semesterlagen (1977:480) counts them as Sundays. A deadline on
  julafton would in practice be a deadline nobody can meet, so they are non-working here.

Squeeze days (klämdagar) and half days ("from 2pm" eves) are ordinary working days.

The calendar comes from the ``holidays`` library with categories PUBLIC and DE_FACTO (the
latter is exactly the three eves above). ``include_sundays`` is passed as False on purpose:
depending on the library version, Sweden() may list every Sunday as a "holiday"; weekends are
handled by weekday arithmetic here, and the holiday set then only holds real named days.

Dates are plain :class:`datetime.date` values meaning a Swedish calendar date. To turn an
instant into one, convert it with :func:`to_stockholm` first - a UTC timestamp at 23:30 is
already the next day in Sweden.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Final
from zoneinfo import ZoneInfo

import holidays
from holidays.constants import DE_FACTO, PUBLIC

__all__ = [
    "STOCKHOLM",
    "add_working_days",
    "is_working_day",
    "legal_deadline_at_end_of_day",
    "next_working_day",
    "now_stockholm",
    "to_stockholm",
    "working_days_between",
]

STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")

_SATURDAY: Final = 5
_ONE_DAY: Final = timedelta(days=1)


def _require_date(d: date, name: str = "d") -> None:
    """Reject datetimes: ``datetime`` is a ``date`` subclass, so one would be silently accepted
    and its date taken in whatever timezone it happens to carry, which is the classic
    off-by-one-day bug around midnight."""
    if isinstance(d, datetime):
        raise TypeError(f"{name} must be a date, not a datetime; use to_stockholm(dt).date()")
    if not isinstance(d, date):
        raise TypeError(f"{name} must be a date")


@lru_cache(maxsize=256)
def _non_working_holidays(year: int) -> frozenset[date]:
    """Public holidays plus the three de-facto holidays of ``year``.

    Built once per year into an immutable set: a shared ``holidays.Sweden`` instance fills
    itself in lazily on lookup, i.e. mutates on read, which is not something to share across
    threads.
    """
    if not holidays.Sweden.start_year <= year <= holidays.Sweden.end_year:
        # Outside this range the library returns no holidays at all, which would make every
        # weekday a working day without any error.
        raise ValueError(
            f"Swedish holidays are only known for {holidays.Sweden.start_year}-"
            f"{holidays.Sweden.end_year}"
        )
    calendar = holidays.Sweden(years=year, include_sundays=False, categories=(PUBLIC, DE_FACTO))
    return frozenset(calendar)


def is_working_day(d: date) -> bool:
    """True for Monday-Friday that is not a public holiday, midsommarafton, julafton or
    nyårsafton (see the module docstring for why the three eves are excluded)."""
    _require_date(d)
    # Look the year up first so an unsupported year fails even for a weekend date.
    holidays_of_year = _non_working_holidays(d.year)
    return d.weekday() < _SATURDAY and d not in holidays_of_year


def next_working_day(d: date) -> date:
    """The first working day strictly after ``d`` (even if ``d`` itself is a working day)."""
    _require_date(d)
    candidate = d + _ONE_DAY
    while not is_working_day(candidate):
        candidate += _ONE_DAY
    return candidate


def add_working_days(d: date, n: int) -> date:
    """The ``n``-th working day after ``d``; ``d`` itself is never counted.

    This matches how Swedish deadlines run: the day of the triggering event (receipt,
    notification) is day zero and counting starts the day after. So from Friday, 1 working
    day is Monday; from a Saturday, 1 working day is also Monday.

    ``n == 0`` means "no later than ``d``, but on a working day": ``d`` if it is a working
    day, otherwise the next working day (the roll-forward rule for deadlines that land on a
    weekend or holiday). For a non-working ``d``, ``n=0`` and ``n=1`` therefore give the same
    day.

    Raises:
        ValueError: if ``n`` is negative (counting backwards has no agreed meaning for
            deadlines; add it explicitly if a use appears).
    """
    _require_date(d)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return d if is_working_day(d) else next_working_day(d)
    result = d
    for _ in range(n):
        result = next_working_day(result)
    return result


def working_days_between(start: date, end: date) -> int:
    """Number of working days after ``start`` up to and including ``end``, i.e. in (start, end].

    Chosen so that it inverts :func:`add_working_days`: for ``n >= 1``,
    ``working_days_between(d, add_working_days(d, n)) == n`` for every ``d``. If ``end`` is
    before ``start`` the result is negative (``-working_days_between(end, start)``), which
    reads naturally as "working days left" vs. "working days overdue".
    """
    _require_date(start, "start")
    _require_date(end, "end")
    if end < start:
        return -working_days_between(end, start)
    count = 0
    current = start + _ONE_DAY
    while current <= end:
        if is_working_day(current):
            count += 1
        current += _ONE_DAY
    return count


def now_stockholm() -> datetime:
    """The current time as an aware datetime in Europe/Stockholm."""
    return datetime.now(STOCKHOLM)


def to_stockholm(dt: datetime) -> datetime:
    """Convert an aware datetime to Europe/Stockholm.

    Naive datetimes are refused: guessing whether they meant UTC, server-local or Swedish time
    is how deadlines end up an hour (or a day) wrong.

    Beware that Python subtracts two datetimes sharing a tzinfo by wall clock, ignoring DST:
    across a DST switch, ``b - a`` of two Stockholm datetimes is off by an hour. Compute
    durations in UTC (``b.astimezone(UTC) - a.astimezone(UTC)``).

    Raises:
        ValueError: if ``dt`` is naive.
    """
    if not isinstance(dt, datetime):
        raise TypeError("dt must be a datetime")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError("naive datetime: attach a timezone before converting to Stockholm time")
    return dt.astimezone(STOCKHOLM)


def legal_deadline_at_end_of_day(d: date) -> datetime:
    """The last instant of date ``d`` in Sweden: 23:59:59.999999 Europe/Stockholm, aware.

    A deadline "on" a day lasts the whole Swedish day, whatever the server's timezone. The UTC
    offset follows daylight saving time for that date (+01:00 in winter, +02:00 in summer);
    23:59 is never in a DST transition, so the result is always unambiguous.
    """
    _require_date(d)
    return datetime.combine(d, time.max, tzinfo=STOCKHOLM)
