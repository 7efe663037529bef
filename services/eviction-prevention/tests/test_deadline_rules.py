"""Issue #9, point 1: the three-week deadlines as the law has them (pure rules)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bostad_common.workdays import STOCKHOLM
from eviction_prevention.cases import rules


def test_frist_runs_from_the_later_of_served_and_notified():
    # Served 2 Nov, the notice reached the platform 9 Nov: NJA 1985 s. 586.
    assert rules.redemption_deadline("unpaid_rent", date(2026, 11, 2), date(2026, 11, 9)) == date(
        2026, 11, 30
    )
    # Notified first, served later (the landlord notified ahead, CONTRACTS.md v1.1).
    assert rules.redemption_deadline("unpaid_rent", date(2026, 11, 9), date(2026, 11, 2)) == date(
        2026, 11, 30
    )


def test_frist_unknown_without_served_date():
    assert rules.redemption_deadline("unpaid_rent", None, date(2026, 11, 2)) is None
    status = rules.deadline_status(applies=True, deadline=None, today=date(2026, 11, 3))
    assert status == "waiting_for_served_date"
    assert rules.deadline_status(applies=False, deadline=None, today=date(2026, 11, 3)) == (
        "not_applicable"
    )


def test_electricity_debt_has_its_own_three_weeks_rolled_to_a_working_day():
    # 7 Nov + 3 weeks = Saturday 28 Nov → Monday 30 Nov.
    assert rules.disconnection_deadline(date(2026, 11, 7), date(2026, 11, 2)) == date(2026, 11, 30)
    [cut] = rules.case_deadlines(
        redemption_deadline=None, eviction_date=None, disconnection_deadline=date(2026, 11, 30)
    )
    assert cut.name == "electricity_disconnection" and cut.legal


def test_commitment_within_the_frist_keeps_the_home():
    deadline = date(2026, 11, 23)
    assert rules.commitment_keeps_home(date(2026, 11, 23), deadline)
    assert not rules.commitment_keeps_home(date(2026, 11, 24), deadline)
    assert rules.commitment_keeps_home(date(2026, 11, 24), None)  # frist not started yet
    assert not rules.home_kept_by_commitment(None, deadline)
    status = rules.deadline_status(
        applies=True, deadline=deadline, today=date(2026, 12, 1), kept_by_commitment=True
    )
    assert status == "kept_by_commitment"


def test_eviction_date_is_overdue_only_after_that_day():
    [eviction] = rules.case_deadlines(redemption_deadline=None, eviction_date=date(2026, 12, 1))
    during = datetime(2026, 12, 1, 14, 0, tzinfo=STOCKHOLM)
    after = datetime(2026, 12, 2, 0, 0, 1, tzinfo=STOCKHOLM)
    assert eviction.due_at == datetime(2026, 12, 1, tzinfo=STOCKHOLM)
    assert not eviction.is_overdue(during)
    assert eviction.is_overdue(after)
    # During the day it is still the deadline ahead.
    assert rules.next_legal_deadline([eviction], during) == eviction


def test_worklist_puts_a_coming_deadline_before_a_passed_one():
    now = datetime(2026, 11, 25, tzinfo=UTC)
    opened = datetime(2026, 11, 1, tzinfo=UTC)
    [long_passed] = rules.case_deadlines(redemption_deadline=date(2026, 10, 1), eviction_date=None)
    [just_passed] = rules.case_deadlines(redemption_deadline=date(2026, 11, 23), eviction_date=None)
    [coming] = rules.case_deadlines(redemption_deadline=None, eviction_date=date(2026, 12, 20))
    keys = {
        "long_passed": rules.worklist_sort_key(long_passed, opened, now),
        "just_passed": rules.worklist_sort_key(just_passed, opened, now),
        "coming": rules.worklist_sort_key(coming, opened, now),
        "none": rules.worklist_sort_key(None, opened, now),
    }
    assert sorted(keys, key=keys.__getitem__) == ["coming", "just_passed", "long_passed", "none"]


def test_served_date_a_little_ahead_is_accepted_far_ahead_is_not():
    today = date(2026, 11, 10)
    assert rules.validate_dates(date(2026, 11, 20), None, today=today) == []
    [error] = rules.validate_dates(date(2027, 2, 1), None, today=today)
    assert error["field"] == "served_at"
