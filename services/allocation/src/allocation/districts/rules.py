"""A district's allocation settings as data: ranking weights, who decides, clock warnings.

Seed 000 names what weighs heavily when a social contract is free: "om barn
finns med i hushållet, extrema boendekostnader för socialtjänsten i dagsläget,
hur stora investeringar som redan är gjorda i hushållet"; DOMAIN.md §2 adds
days waited, nearness to the three-month mark and fit of size, area and
accessibility. How much each weighs is the district's choice, so the weights
are data; these defaults are only where a district has not chosen.
"""

from __future__ import annotations

import math
from typing import Any, Final

# The ranking's factors, in the order they are shown. The one list of names:
# ranking, schemas and validation all read it.
FACTORS: Final[tuple[str, ...]] = (
    "children",  # points per child in the household (capped at CHILDREN_CAP)
    "emergency_cost",  # points per 1 000 kr a night social services pay today
    "investments",  # points per 100 000 kr already invested in the household
    "days_waited",  # points per 30 days since the decision (or the interruption)
    "three_month_mark",  # points at the mark, in proportion before it (biståndsbeslut only)
    "size_fit",  # +1 rooms as needed, +0.5 one room more, -1 too small
    "area_fit",  # +1 when the apartment's area is one the household wished for
    "accessibility_fit",  # +1 every need met, -1 a need not met, 0 without needs
    "acute_need",  # a coordinator flagged a new, more acute need in this round
)

DEFAULT_WEIGHTS: Final[dict[str, float]] = {
    "children": 10.0,
    "emergency_cost": 8.0,
    "investments": 4.0,
    "days_waited": 2.0,
    "three_month_mark": 15.0,
    "size_fit": 6.0,
    "area_fit": 3.0,
    "accessibility_fit": 12.0,
    "acute_need": 10.0,
}

DEFAULT_WARNING_DAYS: Final[tuple[int, ...]] = (60, 80)
# A warning day is a day of the year after the decision.
MIN_WARNING_DAY: Final = 1
MAX_WARNING_DAY: Final = 365
DEFAULT_NOMINATION_DAYS: Final = 3
MAX_WEIGHT: Final = 1000.0


def is_plain_number(value: object) -> bool:
    """An int or a float, not a bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def weight_errors(weights: dict[str, Any]) -> list[dict[str, str]]:
    """Field errors for weights that are unknown, not numbers, negative or absurd."""
    errors: list[dict[str, str]] = []
    for name, value in weights.items():
        field = f"weights.{name}"
        if name not in FACTORS:
            errors.append(
                {"field": field, "message": f"unknown factor; one of {', '.join(FACTORS)}"}
            )
        elif not is_plain_number(value):
            errors.append({"field": field, "message": "must be a number"})
        elif not math.isfinite(value) or value < 0:
            errors.append({"field": field, "message": "must be a finite number ≥ 0"})
        elif value > MAX_WEIGHT:
            errors.append({"field": field, "message": f"must be at most {MAX_WEIGHT:g}"})
    return errors


def effective_weights(stored: dict[str, float] | None) -> dict[str, float]:
    """The district's weights over the defaults: a factor it never set keeps the default."""
    return {**DEFAULT_WEIGHTS, **(stored or {})}


def warning_day_errors(days: list[Any]) -> list[dict[str, str]]:
    errors = []
    for index, day in enumerate(days):
        if (
            isinstance(day, bool)
            or not isinstance(day, int)
            or not MIN_WARNING_DAY <= day <= MAX_WARNING_DAY
        ):
            message = f"a whole day {MIN_WARNING_DAY}..{MAX_WARNING_DAY}"
            errors.append({"field": f"warning_days.{index}", "message": message})
    return errors
