"""When housing support's next visit is due, and when a course certificate is earned. Pure.

Seed 002 (Bolots): "Bolotsarna har som rutin att göra en titt in någon gång i
veckan och en uppföljning var tredje månad. Efter tre månader kan frekvensen
på besöken ändras till en gång i månaden om allting fungerar", and "Miniminivå
… kontroll … minst en gång i månaden". So: weekly for the first three months
of the lease, then monthly when the last check found everything in order;
weekly again when it did not. The course: four sessions; the certificate
("kursintyg") is handed out at the last one — decision: to those who attended all four.
"""

from __future__ import annotations

from datetime import date, timedelta

WEEKLY_MONTHS = 3


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in range(day.day, 0, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def next_visit_due(lease_start: date, last_visit: date | None, all_in_order: bool) -> date:
    if last_visit is None:
        return lease_start + timedelta(days=7)
    if last_visit < _add_months(lease_start, WEEKLY_MONTHS) or not all_in_order:
        return last_visit + timedelta(days=7)
    return _add_months(last_visit, 1)


def earns_certificate(attended: list[int], sessions: int) -> bool:
    return set(range(1, sessions + 1)) <= set(attended)
