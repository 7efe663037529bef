"""Household rules: who may be registered as a child, the needs a household has."""

from __future__ import annotations

from datetime import date


def age_on(birth_date: date, day: date) -> int:
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def child_birth_date_errors(
    birth_date: date, *, today: date, age_limit_years: int, field: str
) -> list[dict[str, str]]:
    """A child is born, and younger than the district's limit, on the day of registration."""
    if birth_date > today:
        return [{"field": field, "message": "a child's birth date cannot be after today"}]
    if age_on(birth_date, today) >= age_limit_years:
        return [
            {
                "field": field,
                "message": (
                    f"a child must be younger than {age_limit_years}; register an older "
                    "member as an adult"
                ),
            }
        ]
    return []


def adult_birth_date_errors(birth_date: date, *, today: date, field: str) -> list[dict[str, str]]:
    if birth_date > today:
        return [{"field": field, "message": "a birth date cannot be after today"}]
    return []


def household_size(other_adults: int, children: int) -> int:
    return 1 + other_adults + children
