"""The suggested ranking of a round: transparent, weighted, and only a suggestion.

Seed 000: "Faktorer som påverkar starkt är t ex om barn finns med i hushållet,
extrema boendekostnader för socialtjänsten i dagsläget, hur stora investeringar
som redan är gjorda i hushållet"; DOMAIN.md §2 adds the wait, the three-month
mark and the fit of size, area and accessibility. Each factor gives a *score*
(a plain measure, shown as is) and a *contribution* (score × the district's
weight); the total is their sum. Nothing is hidden: the unit managers see every
contribution, and the housing officer's proposal may differ from it.

A pure function (the day passed in) over plain tuples, so 10 000 households
rank in milliseconds (`bench/allocation_ranking.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import NamedTuple

from allocation.clock.rules import three_months_on
from allocation.districts.rules import FACTORS

CHILDREN_CAP = 4
ORE_PER_THOUSAND_KRONOR = 100_000
ORE_PER_HUNDRED_THOUSAND_KRONOR = 10_000_000
DAYS_PER_MONTH = 30


# NamedTuples, not dataclasses: 10 000 of each are built per ranking, and a frozen
# dataclass's __init__ costs several times a tuple's.
class Candidate(NamedTuple):
    household_id: str
    children: int
    emergency_cost_per_night_ore: int
    investments_ore: int
    clock_start: date
    is_bistandsbeslut: bool
    rooms_needed: int | None
    accessibility_needs: frozenset[str]
    area_wishes: frozenset[str]
    acute_need: bool = False


class VacancyFacts(NamedTuple):
    rooms: int
    area: str
    accessibility: frozenset[str]  # what the apartment offers: lift, ground_floor, wheelchair


class Ranked(NamedTuple):
    household_id: str
    total: float
    scores: tuple[float, ...]  # in FACTORS order
    contributions: tuple[float, ...]  # score × weight, in FACTORS order


def accessibility_offered(
    *, has_lift: bool, floor: int, wheelchair_accessible: bool
) -> frozenset[str]:
    offered = set()
    if has_lift or floor == 0:
        offered.add("lift")  # no stairs to climb either way
    if floor == 0:
        offered.add("ground_floor")
    if wheelchair_accessible:
        offered.add("wheelchair")
    return frozenset(offered)


def rank(
    candidates: Iterable[Candidate],
    vacancy: VacancyFacts,
    weights: Mapping[str, float],
    *,
    today: date,
) -> list[Ranked]:
    """Highest total first; ties by longer wait, then household id (stable, explainable)."""
    w0, w1, w2, w3, w4, w5, w6, w7, w8 = (float(weights[name]) for name in FACTORS)
    rooms, area, offered = vacancy.rooms, vacancy.area, vacancy.accessibility
    spans: dict[date, int] = {}
    entries: list[tuple[float, int, str, Ranked]] = []
    append = entries.append
    new_ranked = tuple.__new__  # skips the NamedTuple's keyword-handling constructor
    for c in candidates:
        start = c.clock_start
        waited = (today - start).days
        if waited < 0:
            waited = 0
        if c.is_bistandsbeslut:
            span = spans.get(start)
            if span is None:
                span = spans[start] = (three_months_on(start) - start).days
            s4 = waited / span if waited < span else 1.0
        else:
            s4 = 0.0
        needed = c.rooms_needed
        if needed is None or rooms > needed + 1:
            s5 = 0.0
        elif rooms == needed:
            s5 = 1.0
        elif rooms > needed:
            s5 = 0.5
        else:
            s5 = -1.0  # too small
        needs = c.accessibility_needs
        s7 = 0.0 if not needs else (1.0 if needs <= offered else -1.0)
        children = c.children
        s0 = float(children if children < CHILDREN_CAP else CHILDREN_CAP)
        s1 = c.emergency_cost_per_night_ore / ORE_PER_THOUSAND_KRONOR
        s2 = c.investments_ore / ORE_PER_HUNDRED_THOUSAND_KRONOR
        s3 = waited / DAYS_PER_MONTH
        s6 = 1.0 if area in c.area_wishes else 0.0
        s8 = 1.0 if c.acute_need else 0.0
        c0, c1, c2, c3, c4 = s0 * w0, s1 * w1, s2 * w2, s3 * w3, s4 * w4
        c5, c6, c7, c8 = s5 * w5, s6 * w6, s7 * w7, s8 * w8
        total = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8
        household_id = c.household_id
        scores = (s0, s1, s2, s3, s4, s5, s6, s7, s8)
        contributions = (c0, c1, c2, c3, c4, c5, c6, c7, c8)
        ranked = new_ranked(Ranked, (household_id, total, scores, contributions))
        append((-total, -waited, household_id, ranked))
    entries.sort()  # household ids are unique, so the Ranked itself is never compared
    return [entry[3] for entry in entries]


def explain(
    ranked: Ranked, weights: Mapping[str, float]
) -> Sequence[tuple[str, float, float, float]]:
    """(factor, score, weight, contribution) for each factor, for the reader."""
    return [
        (name, round(ranked.scores[i], 4), float(weights[name]), round(ranked.contributions[i], 4))
        for i, name in enumerate(FACTORS)
    ]
