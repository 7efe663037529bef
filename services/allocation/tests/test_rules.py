"""Pure rules: the ranking's contributions, consensus, the clock, IVO ids, periods, seed 002."""

from __future__ import annotations

from datetime import date

import pytest

from allocation.clock import rules as clock
from allocation.districts.rules import DEFAULT_WEIGHTS, FACTORS, effective_weights, weight_errors
from allocation.periods import InvalidPeriod, add_months, parse_period, quarter_of, report_due_on
from allocation.reports import rules as reports
from allocation.rounds import ranking
from allocation.rounds.rules import consensus

TODAY = date(2026, 11, 30)
FLAT = ranking.VacancyFacts(rooms=2, area="Åkeshov", accessibility=frozenset({"lift"}))
UNIT = dict.fromkeys(FACTORS, 1.0)


def candidate(household_id: str = "h", **overrides) -> ranking.Candidate:  # type: ignore[no-untyped-def]
    values = dict(
        household_id=household_id,
        children=0,
        emergency_cost_per_night_ore=0,
        investments_ore=0,
        clock_start=TODAY,
        is_bistandsbeslut=True,
        rooms_needed=None,
        accessibility_needs=frozenset(),
        area_wishes=frozenset(),
        acute_need=False,
    )
    values.update(overrides)
    return ranking.Candidate(**values)  # type: ignore[arg-type]


def contribution(ranked: ranking.Ranked, factor: str) -> float:
    return ranked.contributions[FACTORS.index(factor)]


def test_each_factor_contributes_score_times_weight() -> None:
    weights = {**UNIT, "children": 10.0, "emergency_cost": 8.0}
    [ranked] = ranking.rank(
        [
            candidate(
                children=6,
                emergency_cost_per_night_ore=150_000,
                investments_ore=20_000_000,
                clock_start=date(2026, 10, 31),
                rooms_needed=2,
                accessibility_needs=frozenset({"lift"}),
                area_wishes=frozenset({"Åkeshov"}),
                acute_need=True,
            )
        ],
        FLAT,
        weights,
        today=TODAY,
    )
    assert contribution(ranked, "children") == 40.0  # capped at four children
    assert contribution(ranked, "emergency_cost") == 12.0  # 1 500 kr a night
    assert contribution(ranked, "investments") == 2.0  # 200 000 kr
    assert contribution(ranked, "days_waited") == 1.0  # 30 days
    assert contribution(ranked, "three_month_mark") == pytest.approx(30 / 92)
    assert contribution(ranked, "size_fit") == 1.0
    assert contribution(ranked, "area_fit") == 1.0
    assert contribution(ranked, "accessibility_fit") == 1.0
    assert contribution(ranked, "acute_need") == 1.0
    assert ranked.total == pytest.approx(sum(ranked.contributions))
    explained = ranking.explain(ranked, weights)
    assert [row[0] for row in explained] == list(FACTORS)
    assert explained[0] == ("children", 4.0, 10.0, 40.0)


def test_misfits_count_against_and_non_bistand_has_no_clock_points() -> None:
    [ranked] = ranking.rank(
        [
            candidate(
                rooms_needed=3,
                accessibility_needs=frozenset({"wheelchair"}),
                clock_start=date(2026, 1, 1),
                is_bistandsbeslut=False,
            )
        ],
        FLAT,
        UNIT,
        today=TODAY,
    )
    assert contribution(ranked, "size_fit") == -1.0
    assert contribution(ranked, "accessibility_fit") == -1.0
    assert contribution(ranked, "three_month_mark") == 0.0
    [past] = ranking.rank([candidate(clock_start=date(2026, 1, 1))], FLAT, UNIT, today=TODAY)
    assert contribution(past, "three_month_mark") == 1.0  # past the mark: full points


def test_ranking_order_weights_and_ties() -> None:
    children = candidate("children", children=2)
    hotel = candidate("hotel", emergency_cost_per_night_ore=300_000)
    order = ranking.rank([hotel, children], FLAT, {**UNIT, "children": 10.0}, today=TODAY)
    assert [r.household_id for r in order] == ["children", "hotel"]
    order = ranking.rank(
        [hotel, children], FLAT, {**UNIT, "children": 0.0, "emergency_cost": 5.0}, today=TODAY
    )
    assert [r.household_id for r in order] == ["hotel", "children"]
    tie = ranking.rank(
        [candidate("b"), candidate("a")],
        FLAT,
        {**UNIT, "days_waited": 0, "three_month_mark": 0},
        today=TODAY,
    )
    assert [r.household_id for r in tie] == ["a", "b"]
    longer = ranking.rank(
        [candidate("new"), candidate("old", clock_start=date(2026, 11, 1))],
        FLAT,
        dict.fromkeys(FACTORS, 0.0),
        today=TODAY,
    )
    assert [r.household_id for r in longer] == ["old", "new"]  # equal totals: the longer wait first


def test_accessibility_offered() -> None:
    assert ranking.accessibility_offered(has_lift=False, floor=0, wheelchair_accessible=True) == {
        "lift",
        "ground_floor",
        "wheelchair",
    }
    assert (
        ranking.accessibility_offered(has_lift=False, floor=3, wheelchair_accessible=False) == set()
    )


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ({"children": -1}, "weights.children"),
        ({"children": "ten"}, "weights.children"),
        ({"children": float("nan")}, "weights.children"),
        ({"children": None}, "weights.children"),
        ({"children": False}, "weights.children"),
        ({"height": 1}, "weights.height"),
    ],
)
def test_weights_must_be_known_finite_non_negative_numbers(weights, field) -> None:  # type: ignore[no-untyped-def]
    [error] = weight_errors(weights)
    assert error["field"] == field
    assert weight_errors({"children": 0, "emergency_cost": 2.5}) == []
    assert (
        effective_weights({"children": 1.0})["emergency_cost"] == DEFAULT_WEIGHTS["emergency_cost"]
    )


def test_consensus() -> None:
    managers = ["a", "b", "c"]
    assert consensus(managers, {"a": "approve", "b": "approve"}) == "awaiting"
    assert consensus(managers, {"a": "approve", "b": "approve", "c": "approve"}) == "consensus"
    assert consensus(managers, {"a": "approve", "b": "object"}) == "objected"
    assert consensus([], {}) == "awaiting"


def test_three_months_and_periods() -> None:
    assert clock.three_months_on(date(2026, 5, 31)) == date(2026, 8, 31)
    assert clock.three_months_on(date(2026, 11, 30)) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert quarter_of(date(2026, 11, 30)).label == "2026-Q4"
    assert parse_period("2027-Q1").end == date(2027, 3, 31)
    assert parse_period("2027").a_year_before().label == "2026"
    assert parse_period("2027-Q1").previous().label == "2026-Q4"
    assert report_due_on(parse_period("2026-Q4")) == date(2027, 1, 31)
    with pytest.raises(InvalidPeriod):
        parse_period("2027-Q5")


def test_warnings_send_the_latest_day_reached_once() -> None:
    start = date(2026, 8, 1)
    assert clock.due_warning(start, date(2026, 9, 29), [60, 80], set()) == (None, [])
    assert clock.due_warning(start, date(2026, 9, 30), [60, 80], set()) == (60, [60])
    assert clock.due_warning(start, date(2026, 10, 20), [60, 80], {60}) == (80, [80])
    assert clock.due_warning(start, date(2026, 10, 20), [60, 80], set()) == (80, [60, 80])
    assert clock.due_warning(start, date(2026, 12, 1), [60, 80], {60, 80}) == (None, [])


def test_ivo_reports_new_repeated_closing() -> None:
    waiting = clock.Episode(date(2026, 6, 1))  # mark 1 Sep: overdue from 2 Sep
    q3, q4 = parse_period("2026-Q3"), parse_period("2026-Q4")
    [new] = clock.reports_in_period([waiting], q3, as_of=date(2026, 12, 1))
    assert new.kind == "new" and new.days_waited == 121
    [repeated] = clock.reports_in_period([waiting], q4, as_of=date(2026, 12, 1))
    assert repeated.kind == "repeated" and repeated.days_waited == 183
    executed = clock.Episode(date(2026, 6, 1), date(2026, 11, 20), "executed")
    assert [e.kind for e in clock.reports_in_period([executed], q4, as_of=date(2026, 12, 1))] == [
        "closing"
    ]
    assert (
        clock.reports_in_period([executed], parse_period("2027-Q1"), as_of=date(2027, 4, 1)) == []
    )
    in_time = clock.Episode(date(2026, 6, 1), date(2026, 9, 1), "executed")  # on the mark day
    assert clock.reports_in_period([in_time], q3, as_of=date(2026, 12, 1)) == []
    both = clock.Episode(date(2026, 7, 15), date(2026, 11, 20), "executed")
    assert [e.kind for e in clock.reports_in_period([both], q4, as_of=date(2026, 12, 1))] == [
        "new",
        "closing",
    ]
    assert clock.reports_in_period([waiting], q3, as_of=date(2026, 9, 1)) == []  # not yet overdue


def test_ivo_person_id_parity_and_stability() -> None:
    woman = clock.ivo_person_id(date(1988, 3, 14), "female", 12345)
    man = clock.ivo_person_id(date(1988, 3, 14), "male", 12345)
    assert woman.startswith("19880314-T") and len(woman) == 13
    assert int(woman[10]) % 2 == 0 and int(man[10]) % 2 == 1
    assert clock.ivo_person_id(date(1988, 3, 14), "female", 12345) == woman
    ids = clock.assign_ivo_ids(
        [("a", date(1988, 3, 14), "female", 7), ("b", date(1988, 3, 14), "female", 7)]
    )
    assert ids["a"] != ids["b"] and all(int(i[10]) % 2 == 0 for i in ids.values())


def test_seed_002_figures() -> None:
    year = parse_period("2026")
    moved = reports.moved_on(
        [
            (date(2026, 3, 1), "moved_to_own_housing"),
            (date(2026, 5, 1), "takeover"),
            (date(2026, 6, 1), "evicted"),
            (date(2025, 6, 1), "moved_to_own_housing"),
        ],
        year,
    )
    assert (moved.ended, moved.independent, moved.share) == (3, 2, 0.6667)
    reuse = reports.reuse(
        [
            ("a", date(2025, 11, 1)),
            ("b", date(2026, 2, 1)),
            ("c", date(2026, 12, 1)),
            ("d", date(2025, 1, 1)),
        ],
        [("a", date(2026, 1, 15)), ("b", date(2027, 1, 10)), ("d", date(2025, 3, 1))],
        year,
    )
    # a: vacated 2025, moved into 2026 → reused in 2026 (seed 002's "faktisk inflyttning");
    # b, c: still empty at the end of 2026; d: reused in 2025, not this year's.
    assert (reuse.available, reuse.reused, reuse.share) == (3, 1, 0.3333)
    assert reports.suppress(4) is None and reports.suppress(5) == 5 and reports.suppress(0) is None
    assert reports.age_band(date(2000, 12, 31), date(2025, 12, 30)) == "18-24"
