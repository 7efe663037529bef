"""Pure rules of seed 002's outcome figures and the equity view.

Seed 002 (Vallentuna): "Att minst 50 % av de boende i träningslägenheter kommer
vidare till annat självständigt boende" — "Med eget boende avses … en bostad på
den reguljära bostadsmarknaden, där behov av träningslägenhet upphört"; "Minst
50 % av alla träningslägenheter återanvänds" with the definition the seed asks
for: "En lägenhet kan exempelvis bli ledig under 2016 och återanvändas
(faktisk inflyttning) under 2017"; "Minska antal icke verkställda beslut … med
50 %", compared with the year before; "Förstahands kontrakt tas över av
hyresgästen".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from allocation.periods import Period

# Seed 002: a takeover is independent housing too — the tenant holds the lease.
INDEPENDENT_END_REASONS = frozenset({"moved_to_own_housing", "takeover"})
SMALL_CELL = 5  # aggregates below this are suppressed (shown as null)


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(part / whole, 4)


@dataclass(frozen=True)
class MovedOn:
    ended: int
    independent: int

    @property
    def share(self) -> float | None:
        return share(self.independent, self.ended)


def moved_on(ended_leases: Iterable[tuple[date, str]], period: Period) -> MovedOn:
    """Training-apartment leases ended in the period, and how many to independent housing."""
    in_period = [reason for ended_on, reason in ended_leases if period.contains(ended_on)]
    return MovedOn(len(in_period), sum(r in INDEPENDENT_END_REASONS for r in in_period))


@dataclass(frozen=True)
class Reuse:
    available: int  # vacated apartments waiting for a tenant at some time in the period
    reused: int  # of those, with an actual move-in in the period

    @property
    def share(self) -> float | None:
        return share(self.reused, self.available)


def reuse(
    vacated: Iterable[tuple[str, date]], move_ins: Iterable[tuple[str, date]], period: Period
) -> Reuse:
    """Seed 002's reuse: an actual move-in after the vacancy, in the period it happens."""
    by_apartment: dict[str, list[date]] = {}
    for apartment_id, start in move_ins:
        by_apartment.setdefault(apartment_id, []).append(start)
    available = reused = 0
    for apartment_id, vacated_on in vacated:
        if vacated_on > period.end:
            continue
        later = [d for d in by_apartment.get(apartment_id, ()) if d >= vacated_on]
        move_in = min(later) if later else None
        if move_in is not None and move_in < period.start:
            continue  # reused before the period
        available += 1
        reused += move_in is not None and period.contains(move_in)
    return Reuse(available, reused)


def suppress(count: int) -> int | None:
    """Cells under five are not shown: small groups could be recognised."""
    return None if count < SMALL_CELL else count


def age_band(birth_date: date, on: date) -> str:
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if age < 25:
        return "18-24"
    if age < 35:
        return "25-34"
    if age < 50:
        return "35-49"
    if age < 65:
        return "50-64"
    return "65+"


EQUITY_DIMENSIONS: tuple[str, ...] = (
    "with_children",
    "age_band",
    "legal_sex",
    "housing_type",
    "nominating_unit",
)


def household_groups(
    *,
    children: int,
    birth_date: date,
    legal_sex: str,
    housing_type: str,
    unit: str | None,
    on: date,
) -> dict[str, str]:
    return {
        "with_children": "yes" if children > 0 else "no",
        "age_band": age_band(birth_date, on),
        "legal_sex": legal_sex,
        "housing_type": housing_type,
        "nominating_unit": unit or "none",
    }


def tally(groups: Sequence[dict[str, str]]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for group in groups:
        for dimension in EQUITY_DIMENSIONS:
            key = (dimension, group[dimension])
            counts[key] = counts.get(key, 0) + 1
    return counts
