"""Tests for bostad_common.workdays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bostad_common.workdays import (
    STOCKHOLM,
    _non_working_holidays,
    add_working_days,
    is_working_day,
    legal_deadline_at_end_of_day,
    next_working_day,
    now_stockholm,
    to_stockholm,
    working_days_between,
)

# --- calendar ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 1, 1), "nyårsdagen (Thu)"),
        (date(2026, 1, 6), "trettondedag jul (Tue)"),
        (date(2026, 4, 3), "långfredagen"),
        (date(2026, 4, 5), "påskdagen (Sun)"),
        (date(2026, 4, 6), "annandag påsk"),
        (date(2026, 5, 1), "första maj (Fri)"),
        (date(2026, 5, 14), "Kristi himmelsfärdsdag"),
        (date(2026, 6, 6), "nationaldagen, a Saturday"),
        (date(2026, 6, 19), "midsommarafton (de facto)"),
        (date(2026, 6, 20), "midsommardagen (Sat)"),
        (date(2026, 10, 31), "alla helgons dag (Sat)"),
        (date(2026, 12, 24), "julafton (de facto, Thu)"),
        (date(2026, 12, 25), "juldagen"),
        (date(2026, 12, 26), "annandag jul (Sat)"),
        (date(2026, 12, 31), "nyårsafton (de facto, Thu)"),
        (date(2025, 6, 6), "nationaldagen 2025, a Friday"),
        (date(2026, 3, 7), "ordinary Saturday"),
        (date(2026, 3, 8), "ordinary Sunday"),
    ],
)
def test_non_working_days(day: date, why: str) -> None:
    assert not is_working_day(day), why


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 1, 5), "trettondagsafton"),
        (date(2026, 4, 2), "skärtorsdagen"),
        (date(2026, 4, 7), "Tuesday after Easter"),
        (date(2026, 4, 30), "valborgsmässoafton"),
        (date(2026, 5, 15), "klämdag after Ascension"),
        (date(2026, 5, 25), "Whit Monday, not a holiday since 2005"),
        (date(2026, 6, 5), "Friday before national day"),
        (date(2026, 6, 8), "Monday after national day: Sweden has no substitute holiday"),
        (date(2026, 6, 18), "day before midsommarafton"),
        (date(2026, 6, 22), "Monday after midsummer"),
        (date(2026, 10, 30), "allhelgonaafton"),
        (date(2026, 12, 23), "day before julafton"),
        (date(2026, 12, 28), "Monday after Christmas"),
        (date(2026, 3, 11), "ordinary Wednesday"),
    ],
)
def test_working_days(day: date, why: str) -> None:
    assert is_working_day(day), why


def test_holiday_set_has_only_named_days_not_every_sunday() -> None:
    # 13 public holidays + midsommarafton, julafton, nyårsafton; include_sundays=False.
    days = _non_working_holidays(2026)
    assert len(days) == 16
    assert date(2026, 3, 8) not in days  # an ordinary Sunday
    assert {date(2026, 6, 19), date(2026, 12, 24), date(2026, 12, 31)} <= days


def test_working_days_in_2026() -> None:
    # 261 weekdays minus 10 weekday holidays/eves.
    assert working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 251


@pytest.mark.parametrize("day", [date(1900, 3, 3), date(1952, 3, 3), date(2101, 3, 3)])
def test_years_outside_holiday_data_are_refused(day: date) -> None:
    with pytest.raises(ValueError, match="only known for"):
        is_working_day(day)
    with pytest.raises(ValueError, match="only known for"):
        add_working_days(day, 0)


def test_supported_year_range_edges() -> None:
    assert not is_working_day(date(1953, 1, 1))
    assert not is_working_day(date(2100, 12, 25))


def test_datetimes_are_refused() -> None:
    moment = datetime(2026, 4, 3, 12, tzinfo=STOCKHOLM)
    with pytest.raises(TypeError, match="not a datetime"):
        is_working_day(moment)
    with pytest.raises(TypeError, match="not a datetime"):
        add_working_days(moment, 1)
    with pytest.raises(TypeError, match="not a datetime"):
        next_working_day(moment)
    with pytest.raises(TypeError, match="not a datetime"):
        working_days_between(date(2026, 1, 1), moment)
    with pytest.raises(TypeError, match="not a datetime"):
        legal_deadline_at_end_of_day(moment)


def test_non_dates_are_refused() -> None:
    with pytest.raises(TypeError):
        is_working_day("2026-04-03")  # type: ignore[arg-type]


# --- next_working_day / add_working_days -------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 11), date(2026, 3, 12)),  # Wed -> Thu
        (date(2026, 3, 13), date(2026, 3, 16)),  # Fri -> Mon
        (date(2026, 3, 14), date(2026, 3, 16)),  # Sat -> Mon
        (date(2026, 4, 2), date(2026, 4, 7)),  # over Easter
        (date(2026, 6, 18), date(2026, 6, 22)),  # over midsummer
        (date(2026, 12, 23), date(2026, 12, 28)),  # over Christmas
        (date(2026, 12, 30), date(2027, 1, 4)),  # over New Year
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 3, 11), 0, date(2026, 3, 11)),  # working day stays
        (date(2026, 3, 14), 0, date(2026, 3, 16)),  # Saturday rolls forward
        (date(2026, 4, 3), 0, date(2026, 4, 7)),  # Good Friday rolls over Easter
        (date(2026, 12, 24), 0, date(2026, 12, 28)),
        (date(2026, 3, 11), 1, date(2026, 3, 12)),
        (date(2026, 3, 13), 1, date(2026, 3, 16)),  # Fri + 1 = Mon
        (date(2026, 3, 14), 1, date(2026, 3, 16)),  # Sat + 1 = Mon (Sat is day zero)
        (date(2026, 3, 2), 5, date(2026, 3, 9)),
        (date(2026, 3, 2), 10, date(2026, 3, 16)),
        (date(2026, 4, 1), 2, date(2026, 4, 7)),  # Wed -> Thu, (Easter), Tue
        (date(2026, 6, 17), 2, date(2026, 6, 22)),
        (date(2026, 12, 23), 1, date(2026, 12, 28)),
        (date(2026, 12, 23), 3, date(2026, 12, 30)),
        (date(2026, 12, 23), 4, date(2027, 1, 4)),  # skips nyårsafton and nyårsdagen
    ],
)
def test_add_working_days(day: date, n: int, expected: date) -> None:
    assert add_working_days(day, n) == expected


def test_add_working_days_refuses_negative_and_non_int() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        add_working_days(date(2026, 3, 11), -1)
    with pytest.raises(TypeError):
        add_working_days(date(2026, 3, 11), 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        add_working_days(date(2026, 3, 11), True)


def test_add_working_days_always_lands_on_a_working_day() -> None:
    start = date(2026, 1, 1)
    for offset in range(400):
        day = start + timedelta(days=offset)
        for n in (0, 1, 3):
            assert is_working_day(add_working_days(day, n))


# --- working_days_between ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 3, 11), date(2026, 3, 11), 0),
        (date(2026, 3, 13), date(2026, 3, 16), 1),  # Fri -> Mon
        (date(2026, 3, 14), date(2026, 3, 15), 0),  # Sat -> Sun
        (date(2026, 3, 9), date(2026, 3, 13), 4),  # Mon -> Fri: start excluded, end included
        (date(2026, 4, 2), date(2026, 4, 7), 1),  # over Easter
        (date(2026, 6, 18), date(2026, 6, 22), 1),  # over midsummer
        (date(2026, 12, 23), date(2027, 1, 4), 4),  # 28, 29, 30 Dec and 4 Jan
        (date(2026, 3, 16), date(2026, 3, 13), -1),  # reversed: negative
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


def test_working_days_between_is_antisymmetric() -> None:
    pairs = [(date(2026, 4, 1), date(2026, 4, 20)), (date(2026, 12, 20), date(2027, 1, 10))]
    for a, b in pairs:
        assert working_days_between(a, b) == -working_days_between(b, a)


def test_working_days_between_inverts_add_working_days() -> None:
    start = date(2026, 1, 1)
    for offset in range(0, 366, 3):
        day = start + timedelta(days=offset)
        for n in range(1, 12):
            assert working_days_between(day, add_working_days(day, n)) == n


# --- Stockholm time ---------------------------------------------------------------------


def test_stockholm_zone() -> None:
    assert ZoneInfo("Europe/Stockholm") == STOCKHOLM


def test_now_stockholm_is_aware_and_current() -> None:
    now = now_stockholm()
    assert now.tzinfo is STOCKHOLM
    assert now.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=5)


def test_to_stockholm_refuses_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        to_stockholm(datetime(2026, 6, 19, 12, 0))


def test_to_stockholm_refuses_non_datetime() -> None:
    with pytest.raises(TypeError):
        to_stockholm(date(2026, 6, 19))  # type: ignore[arg-type]


def test_to_stockholm_keeps_the_instant() -> None:
    utc = datetime(2026, 1, 15, 23, 30, tzinfo=UTC)
    local = to_stockholm(utc)
    assert local == utc
    assert local.tzinfo is STOCKHOLM
    assert (local.date(), local.hour, local.minute) == (date(2026, 1, 16), 0, 30)  # next day
    new_york = datetime(2026, 7, 1, 18, 0, tzinfo=ZoneInfo("America/New_York"))
    assert to_stockholm(new_york).replace(tzinfo=None) == datetime(2026, 7, 2, 0, 0)


def test_to_stockholm_across_spring_forward() -> None:
    # 2026-03-29: clocks go 02:00 CET -> 03:00 CEST (01:00 UTC).
    before = to_stockholm(datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC))
    after = to_stockholm(datetime(2026, 3, 29, 1, 0, 0, tzinfo=UTC))
    assert before.replace(tzinfo=None) == datetime(2026, 3, 29, 1, 59, 59)
    assert before.utcoffset() == timedelta(hours=1)
    assert after.replace(tzinfo=None) == datetime(2026, 3, 29, 3, 0, 0)
    assert after.utcoffset() == timedelta(hours=2)
    # Elapsed time must be computed in UTC: same-tzinfo subtraction is wall-clock time.
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(seconds=1)
    assert after - before == timedelta(hours=1, seconds=1)


def test_to_stockholm_across_fall_back() -> None:
    # 2026-10-25: clocks go 03:00 CEST -> 02:00 CET (01:00 UTC); 02:30 happens twice.
    first = to_stockholm(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    second = to_stockholm(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
    assert (
        first.replace(tzinfo=None) == second.replace(tzinfo=None) == datetime(2026, 10, 25, 2, 30)
    )
    assert (first.fold, first.utcoffset()) == (0, timedelta(hours=2))
    assert (second.fold, second.utcoffset()) == (1, timedelta(hours=1))
    assert second.astimezone(UTC) - first.astimezone(UTC) == timedelta(hours=1)
    assert second - first == timedelta(0)  # wall clock: the pitfall to_stockholm documents


# --- legal_deadline_at_end_of_day -------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "offset_hours"),
    [
        (date(2026, 1, 15), 1),
        (date(2026, 3, 28), 1),  # day before spring forward
        (date(2026, 3, 29), 2),  # spring-forward day ends in summer time
        (date(2026, 6, 19), 2),
        (date(2026, 10, 24), 2),
        (date(2026, 10, 25), 1),  # fall-back day ends in winter time
        (date(2026, 12, 24), 1),
    ],
)
def test_legal_deadline_at_end_of_day(day: date, offset_hours: int) -> None:
    deadline = legal_deadline_at_end_of_day(day)
    assert deadline.tzinfo is STOCKHOLM
    assert deadline.date() == day
    assert (deadline.hour, deadline.minute, deadline.second, deadline.microsecond) == (
        23,
        59,
        59,
        999_999,
    )
    assert deadline.utcoffset() == timedelta(hours=offset_hours)
    expected_utc = datetime(day.year, day.month, day.day, 23, 59, 59, 999_999, tzinfo=UTC)
    assert deadline == expected_utc - timedelta(hours=offset_hours)
    # One microsecond later it is the next Swedish day.
    just_after = to_stockholm((deadline + timedelta(microseconds=1)).astimezone(UTC))
    assert just_after.date() == day + timedelta(days=1)
    assert (just_after.hour, just_after.minute) == (0, 0)


def test_deadline_is_after_every_instant_of_the_swedish_day() -> None:
    day = date(2026, 3, 29)  # only 23 hours long
    deadline = legal_deadline_at_end_of_day(day)
    late_evening_utc = datetime(2026, 3, 29, 21, 59, 59, tzinfo=UTC)  # 23:59:59 CEST
    assert late_evening_utc < deadline
    assert datetime(2026, 3, 29, 22, 0, tzinfo=UTC) > deadline  # 00:00 on the 30th


def test_deadline_combines_with_working_days() -> None:
    # Received Thursday before Easter, 2 working days: due at the end of Wednesday 2026-04-08.
    due = legal_deadline_at_end_of_day(add_working_days(date(2026, 4, 2), 2))
    assert due == datetime(2026, 4, 8, 23, 59, 59, 999_999, tzinfo=STOCKHOLM)
    assert due.astimezone(UTC) == datetime(2026, 4, 8, 21, 59, 59, 999_999, tzinfo=UTC)
