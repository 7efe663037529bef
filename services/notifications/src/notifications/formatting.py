"""Dates and times the way a Swedish reader expects them, in Stockholm time.

Events carry aware datetimes (UTC on the wire); people read local time. The
conversion is the platform's one `to_stockholm` (`bostad_common.workdays`):
summer time (CEST, UTC+2) and winter time (CET, UTC+1) both come out right, and a
naive datetime is refused rather than guessed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Final

from bostad_common.workdays import to_stockholm

__all__ = [
    "stockholm_today",
    "swedish_date",
    "swedish_datetime",
    "swedish_kronor",
    "swedish_time",
    "swedish_weekday_date",
    "to_stockholm",
]

_WEEKDAYS: Final = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
_MONTHS: Final = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def swedish_date(day: date) -> str:
    """`3 mars 2026`."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def swedish_weekday_date(day: date) -> str:
    """`tisdag 3 mars 2026`."""
    return f"{_WEEKDAYS[day.weekday()]} {swedish_date(day)}"


def swedish_time(moment: datetime) -> str:
    """`kl. 14.00` in Stockholm time (Språkrådet writes hours and minutes with a period)."""
    local = to_stockholm(moment)
    return f"kl. {local.hour:02d}.{local.minute:02d}"


def swedish_datetime(moment: datetime) -> str:
    """`tisdag 3 mars 2026 kl. 14.00` in Stockholm time."""
    local = to_stockholm(moment)
    return f"{swedish_weekday_date(local.date())} {swedish_time(local)}"


def stockholm_today(now: datetime | None = None) -> date:
    return to_stockholm(now or datetime.now(UTC)).date()


def swedish_kronor(ore: int) -> str:
    """`1 300 000` öre -> `13 000 kr`; `1 250` öre -> `12,50 kr` (space as thousands separator)."""
    sign = "-" if ore < 0 else ""
    kronor, rest = divmod(abs(ore), 100)
    whole = f"{kronor:,}".replace(",", " ")
    return f"{sign}{whole},{rest:02d} kr" if rest else f"{sign}{whole} kr"
