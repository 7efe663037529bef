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
from dataclasses import dataclass
from datetime import date

from allocation.clock.rules import three_months_on
from allocation.districts.rules import FACTORS

CHILDREN_CAP = 4
ORE_PER_THOUSAND_KRONOR = 100_000
ORE_PER_HUNDRED_THOUSAND_KRONOR = 10_000_000
DAYS_PER_MONTH = 30


@dataclass(frozen=True, slots=True)
class Candidate:
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


@dataclass(frozen=True, slots=True)
class VacancyFacts:
    rooms: int
    area: str
    accessibility: frozenset[str]  # what the apartment offers: lift, ground_floor, wheelchair


@dataclass(frozen=True, slots=True)
class Ranked:
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
    w = tuple(float(weights[name]) for name in FACTORS)
    rooms, area, offered = vacancy.rooms, vacancy.area, vacancy.accessibility
    marks: dict[date, int] = {}
    ranked: list[tuple[float, int, str, Ranked]] = []
    for c in candidates:
        waited = (today - c.clock_start).days
        if waited < 0:
            waited = 0
        if c.is_bistandsbeslut:
            span = marks.get(c.clock_start)
            if span is None:
                span = marks[c.clock_start] = (three_months_on(c.clock_start) - c.clock_start).days
            mark_score = waited / span if waited < span else 1.0
        else:
            mark_score = 0.0
        needed = c.rooms_needed
        if needed is None:
            size = 0.0
        elif rooms == needed:
            size = 1.0
        elif rooms == needed + 1:
            size = 0.5
        elif rooms < needed:
            size = -1.0
        else:
            size = 0.0
        needs = c.accessibility_needs
        access = 0.0 if not needs else (1.0 if needs <= offered else -1.0)
        scores = (
            float(c.children if c.children < CHILDREN_CAP else CHILDREN_CAP),
            c.emergency_cost_per_night_ore / ORE_PER_THOUSAND_KRONOR,
            c.investments_ore / ORE_PER_HUNDRED_THOUSAND_KRONOR,
            waited / DAYS_PER_MONTH,
            mark_score,
            size,
            1.0 if area in c.area_wishes else 0.0,
            access,
            1.0 if c.acute_need else 0.0,
        )
        contributions = (
            scores[0] * w[0], scores[1] * w[1], scores[2] * w[2], scores[3] * w[3],
            scores[4] * w[4], scores[5] * w[5], scores[6] * w[6], scores[7] * w[7],
            scores[8] * w[8],
        )  # fmt: skip
        total = sum(contributions)
        ranked.append(
            (-total, -waited, c.household_id, Ranked(c.household_id, total, scores, contributions))
        )
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked]


def explain(
    ranked: Ranked, weights: Mapping[str, float]
) -> Sequence[tuple[str, float, float, float]]:
    """(factor, score, weight, contribution) for each factor, for the reader."""
    return [
        (name, round(ranked.scores[i], 4), float(weights[name]), round(ranked.contributions[i], 4))
        for i, name in enumerate(FACTORS)
    ]
