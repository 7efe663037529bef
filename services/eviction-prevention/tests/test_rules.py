"""Pure domain rules: tracks, deadlines, checklists, outcomes, outreach, notice checks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from bostad_common.workdays import STOCKHOLM
from eviction_prevention.cases import rules
from eviction_prevention.checklists.catalogue import CATALOGUE
from eviction_prevention.checklists.rules import CaseProfile, items_to_add, select_items
from eviction_prevention.notices.rules import validate_notice
from eviction_prevention.notices.schemas import NoticeSubmission
from eviction_prevention.outcomes.rules import validate_closing
from eviction_prevention.outreach import rules as outreach_rules

# ------------------------------------------------------------------ tracks


@pytest.mark.parametrize(
    ("kind", "children", "track", "unknown", "possible"),
    [
        ("unpaid_rent", 2, "with_children", False, True),
        ("unpaid_rent", 0, "without_children", False, False),
        ("unpaid_rent", None, "with_children", True, True),
        ("disturbance", None, "with_children", True, True),
        ("eviction_enforcement", 0, "enforcement", False, False),
        ("eviction_enforcement", 1, "enforcement", False, True),
        ("eviction_enforcement", None, "enforcement", True, True),
    ],
)
def test_track_choice(kind: str, children: int | None, track: str, unknown: bool, possible: bool):
    decision = rules.choose_track(kind, children)
    assert (decision.track, decision.children_unknown, decision.children_possible) == (
        track,
        unknown,
        possible,
    )


def test_track_only_escalates():
    assert rules.merge_track("without_children", "with_children") == "with_children"
    assert rules.merge_track("with_children", "without_children") == "with_children"
    assert rules.merge_track("with_children", "enforcement") == "enforcement"
    assert rules.merge_track("enforcement", "without_children") == "enforcement"


def test_intake_type():
    assert rules.intake_type_for("http") == "underrattelse"
    assert rules.intake_type_for("kafka") == "underrattelse"
    assert rules.intake_type_for("tenancy") == "underrattelse"
    assert rules.intake_type_for("staff", "ansokan") == "ansokan"
    assert rules.intake_type_for("staff", "anmalan") == "anmalan"
    with pytest.raises(ValueError):
        rules.intake_type_for("staff", None)


# --------------------------------------------------------------- deadlines


def test_redemption_period_is_three_calendar_weeks():
    # Served Monday 2 November 2026: three weeks later is Monday 23 November, a working day.
    assert rules.redemption_deadline("unpaid_rent", date(2026, 11, 2)) == date(2026, 11, 23)
    # Calendar weeks, not working days: 15 working days would be 23 November too, but from a
    # Wednesday with a holiday in between they differ (Ascension Day 14 May 2026).
    assert rules.redemption_deadline("unpaid_rent", date(2026, 5, 6)) == date(2026, 5, 27)


def test_redemption_deadline_on_weekend_moves_to_next_working_day():
    # Served Saturday 7 Nov 2026 → 28 Nov is a Saturday → Monday 30 Nov.
    assert rules.redemption_deadline("unpaid_rent", date(2026, 11, 7)) == date(2026, 11, 30)


def test_redemption_deadline_over_christmas():
    # Served 3 Dec 2026 → 24 Dec (julafton, non-working), 25-26 holidays, 27 Sunday → 28 Dec.
    assert rules.redemption_deadline("unpaid_rent", date(2026, 12, 3)) == date(2026, 12, 28)
    # Midsommarafton 2026 is Friday 19 June: served 29 May → 19 June → Monday 22 June.
    assert rules.redemption_deadline("unpaid_rent", date(2026, 5, 29)) == date(2026, 6, 22)


def test_no_redemption_deadline_for_other_kinds_or_unserved():
    assert rules.redemption_deadline("disturbance", date(2026, 11, 2)) is None
    assert rules.redemption_deadline("unpaid_rent", None) is None


def test_outreach_due_after_48_clock_hours_even_over_a_weekend():
    friday = datetime(2026, 11, 6, 15, 0, tzinfo=STOCKHOLM)
    assert rules.outreach_due_at(friday) == datetime(2026, 11, 8, 15, 0, tzinfo=STOCKHOLM)
    with pytest.raises(ValueError):
        rules.outreach_due_at(datetime(2026, 11, 6, 15, 0))  # naive


def test_deadlines_are_end_of_swedish_day_and_eviction_start_of_day():
    deadlines = rules.case_deadlines(
        redemption_deadline=date(2026, 11, 23), eviction_date=date(2026, 12, 1)
    )
    assert [d.name for d in deadlines] == ["redemption_period", "eviction_date"]
    redemption, eviction = deadlines
    assert redemption.due_at.astimezone(UTC) == datetime(2026, 11, 23, 22, 59, 59, 999999, UTC)
    assert eviction.due_at.astimezone(UTC) == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)


def test_next_legal_deadline_prefers_upcoming_then_latest_passed():
    deadlines = rules.case_deadlines(
        redemption_deadline=date(2026, 11, 23),
        eviction_date=date(2026, 12, 10),
        outreach_due_at=datetime(2026, 11, 20, 12, tzinfo=UTC),
    )
    before = datetime(2026, 11, 20, tzinfo=UTC)
    between = datetime(2026, 11, 25, tzinfo=UTC)
    after = datetime(2026, 12, 20, tzinfo=UTC)
    assert rules.next_legal_deadline(deadlines, before).name == "redemption_period"  # type: ignore[union-attr]
    assert rules.next_legal_deadline(deadlines, between).name == "eviction_date"  # type: ignore[union-attr]
    latest = rules.next_legal_deadline(deadlines, after)
    assert latest is not None and latest.name == "eviction_date" and latest.is_overdue(after)
    assert rules.next_legal_deadline([], before) is None


def test_worklist_order_nearest_ahead_then_passed_then_none():
    # Changed by issue #9: what is still ahead comes first, passed deadlines after.
    now = datetime(2026, 11, 25, tzinfo=UTC)
    opened = datetime(2026, 11, 1, tzinfo=UTC)
    overdue = rules.case_deadlines(redemption_deadline=date(2026, 11, 23), eviction_date=None)[0]
    soon = rules.case_deadlines(redemption_deadline=date(2026, 11, 27), eviction_date=None)[0]
    later = rules.case_deadlines(redemption_deadline=None, eviction_date=date(2026, 12, 20))[0]
    keys = {
        "later": rules.worklist_sort_key(later, opened, now),
        "none": rules.worklist_sort_key(None, opened, now),
        "soon": rules.worklist_sort_key(soon, opened, now),
        "overdue": rules.worklist_sort_key(overdue, opened, now),
    }
    assert sorted(keys, key=keys.__getitem__) == ["soon", "later", "overdue", "none"]


# -------------------------------------------------------------- checklists


def _codes(track: str, kinds: set[str], channels: set[str] = frozenset({"http"}), children=True):
    profile = CaseProfile(track, frozenset(kinds), frozenset(channels), children)
    return [item.code for item in select_items(profile)]


def test_checklist_with_children_involves_children_unit():
    codes = _codes("with_children", {"unpaid_rent"})
    assert "assess_child_needs" in codes
    assert "assess_child_basic_needs" in codes
    assert "assess_financial_assistance" in codes  # rent debt → financial assistance unit
    assert "contact_kronofogden" not in codes
    assert "attend_eviction" not in codes


def test_checklist_without_children_has_no_children_unit_items():
    codes = _codes("without_children", {"disturbance"}, children=False)
    units = {item.unit for item in CATALOGUE if item.code in codes}
    assert "children_and_youth_unit" not in units
    assert "assess_financial_assistance" not in codes  # no debt in a disturbance notice
    assert "contact_by_phone" in codes


def test_checklist_enforcement_attends_eviction_and_children_unit_for_families():
    family = _codes("enforcement", {"eviction_enforcement"}, children=True)
    assert {"contact_kronofogden", "attend_eviction", "attend_eviction_children_unit"} <= set(
        family
    )
    # Changed by issue #9: Kronofogden's track also gets the phone contact, the
    # assessment of support at home and the three-party meeting.
    assert {"contact_by_phone", "assess_direct_support", "offer_three_party_meeting"} <= set(family)
    assert "parenting_support" in family  # seed 001, for families
    single = _codes("enforcement", {"eviction_enforcement"}, children=False)
    assert "attend_eviction" in single and "attend_eviction_children_unit" not in single


def test_checklist_seed_004_own_funds_and_housing_counselling():
    codes = _codes("without_children", {"unpaid_rent"}, children=False)
    assert {"transfer_own_funds", "offer_housing_counselling"} <= set(codes)
    assert "parenting_support" not in codes
    assert "transfer_own_funds" not in _codes("without_children", {"disturbance"}, children=False)


def test_checklist_electricity_debt_and_tenancy_items():
    assert "repeated_electricity_debt" in _codes("without_children", {"electricity_debt"})
    tenancy = _codes("with_children", {"unpaid_rent"}, channels={"tenancy"})
    assert "dialogue_with_tenant_and_representative" in tenancy  # seed 003
    assert "dialogue_with_tenant_and_representative" not in _codes("with_children", {"unpaid_rent"})


def test_items_to_add_only_adds():
    before = CaseProfile("with_children", frozenset({"unpaid_rent"}), frozenset({"http"}), True)
    have = [item.code for item in select_items(before)]
    after = CaseProfile(
        "enforcement",
        frozenset({"unpaid_rent", "eviction_enforcement"}),
        frozenset({"http"}),
        True,
    )
    added = [item.code for item in items_to_add(after, have)]
    assert "attend_eviction" in added and "contact_kronofogden" in added
    assert not set(added) & set(have)


def test_every_item_has_unit_and_swedish_label():
    for item in CATALOGUE:
        assert item.unit in ("adult_unit", "children_and_youth_unit", "financial_assistance_unit")
        assert item.label and item.label[0].isupper()


# ----------------------------------------------------------------- outcomes


def _close(**overrides):
    args = {
        "outcome": "prevented",
        "closing_reason": "payment_plan",
        "children_affected": None,
        "reason_text": None,
        "open_mandatory_items": [],
        "open_items_reason": None,
    }
    args.update(overrides)
    return validate_closing(**args)


def test_prevented_needs_one_of_its_closing_reasons():
    assert _close() == ("payment_plan", [])
    assert _close(closing_reason=None)[1][0]["field"] == "closing_reason"
    assert _close(closing_reason="not_a_code")[1][0]["field"] == "closing_reason"
    for code in ("paid_within_redemption_period", "payment_plan", "lease_kept", "contract_changed"):
        assert _close(closing_reason=code)[1] == []


def test_prevented_with_open_mandatory_items_needs_a_reason():
    errors = _close(open_mandatory_items=["assess_child_needs"])[1]
    assert errors == [
        {
            "field": "open_items_reason",
            "message": "mandatory checklist items are open (assess_child_needs); "
            "record why the case closes anyway",
        }
    ]
    assert _close(open_mandatory_items=["x"], open_items_reason="Hushållet betalade.")[1] == []


def test_evicted_requires_children_affected():
    assert _close(outcome="evicted", closing_reason=None)[1][0]["field"] == "children_affected"
    assert _close(outcome="evicted", closing_reason=None, children_affected=2) == (
        "eviction_carried_out",
        [],
    )
    assert _close(outcome="evicted", closing_reason=None, children_affected=-1)[1]
    assert _close(outcome="prevented", children_affected=1)[1][0]["field"] == "children_affected"


def test_other_requires_free_text_and_unknown_outcome_is_refused():
    assert _close(outcome="other", closing_reason=None)[1][0]["field"] == "reason_text"
    assert _close(outcome="other", closing_reason=None, reason_text="Avliden.")[1] == []
    # Changed by issue #9: "no contact" closes only after the decision point.
    assert _close(outcome="no_contact", closing_reason="not_reached")[1][0]["field"] == (
        "no_contact_decision"
    )
    assert (
        _close(
            outcome="no_contact",
            closing_reason="not_reached",
            no_contact_decision="close_actualisation",
        )[1]
        == []
    )
    assert (
        _close(outcome="moved_voluntarily", closing_reason=None)[1][0]["field"] == "closing_reason"
    )
    assert _close(outcome="nonsense")[1][0]["field"] == "outcome"


# ------------------------------------------------------------------ outreach


def test_new_assignment_needs_two_different_staff():
    assert outreach_rules.validate_assignment_staff(["stina.support", "kim.support"]) == []
    assert outreach_rules.validate_assignment_staff(["stina.support"])[0]["field"] == "staff"
    assert outreach_rules.validate_assignment_staff(["a", "a"])
    assert outreach_rules.validate_assignment_staff(["a", "b", "c"])
    assert outreach_rules.validate_assignment_staff(["a", " "])


def test_contact_results_per_method():
    assert outreach_rules.validate_contact("phone", "not_reached") == []
    assert outreach_rules.validate_contact("letter", "letter_sent") == []
    assert outreach_rules.validate_contact("phone", "letter_sent")[0]["field"] == "result"
    assert outreach_rules.validate_contact("fax", "reached")[0]["field"] == "method"


def test_started_within_and_overdue():
    assigned = datetime(2026, 11, 2, 9, tzinfo=UTC)
    due = rules.outreach_due_at(assigned)
    assert outreach_rules.started_within(due - timedelta(minutes=1), due)
    assert outreach_rules.started_within(due, due)
    assert not outreach_rules.started_within(due + timedelta(seconds=1), due)
    assert not outreach_rules.started_within(None, due)
    assert outreach_rules.is_overdue(due, None, due + timedelta(seconds=1))
    assert not outreach_rules.is_overdue(due, due, due + timedelta(days=1))


# ------------------------------------------------------------- notice checks


def _notice(**overrides):
    body = {
        "external_id": "HSB-2026-000123",
        "district": "bromma",
        "kind": "unpaid_rent",
        "tenant": {"personal_number": "19121212-1212", "name": "Tolvan Tolvansson"},
        "address": {"street": "Exempelgatan 1", "postal_code": "167 31", "city": "Bromma"},
        "household": {"children": 2},
        "debt": {"amount": "12450.00", "currency": "SEK", "months_unpaid": 2},
        "served_at": "2026-11-02",
        "eviction_date": None,
        "message": "Två obetalda hyror.",
    }
    body.update(overrides)
    return body


TODAY = date(2026, 11, 10)


def test_contract_example_is_valid_and_normalised():
    notice = NoticeSubmission.model_validate(_notice())
    assert validate_notice(notice, today=TODAY) == []
    assert notice.tenant.personal_number.canonical == "19121212-1212"
    assert notice.address.postal_code == "16731"
    assert notice.debt is not None and notice.debt.amount.ore == 1245000


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"debt": None}, "debt"),
        ({"kind": "electricity_debt", "debt": None}, "debt"),
        ({"kind": "eviction_enforcement", "debt": None}, "eviction_date"),
        # A missing or near-future served date is fine since CONTRACTS.md v1.1.
        ({"served_at": "2027-01-10"}, "served_at"),
        ({"served_at": "2025-11-01"}, "served_at"),
        ({"kind": "disturbance", "eviction_date": "2026-11-09"}, "eviction_date"),
        ({"kind": "disturbance", "eviction_date": "2029-01-01"}, "eviction_date"),
    ],
)
def test_domain_checks(overrides, field):
    notice = NoticeSubmission.model_validate(_notice(**overrides))
    assert field in [e["field"] for e in validate_notice(notice, today=TODAY)]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"tenant": {"personal_number": "19121212-1213", "name": "T"}}, "tenant.personal_number"),
        ({"debt": {"amount": "-1.00"}}, "debt.amount"),
        ({"debt": {"amount": 12.5}}, "debt.amount"),
        ({"debt": {"amount": "1", "currency": "EUR"}}, "debt.currency"),
        ({"kind": "noise"}, "kind"),
        ({"district": "Bromma!"}, "district"),
        ({"message": "x" * 2001}, "message"),
        ({"external_id": "x" * 101}, "external_id"),
        ({"tenant": {"personal_number": "19121212-1212", "name": "n" * 201}}, "tenant.name"),
        ({"address": {"street": "s", "postal_code": "1673", "city": "B"}}, "address.postal_code"),
        ({"household": {"children": -1}}, "household.children"),
    ],
)
def test_shape_errors_name_the_field_without_echoing_input(overrides, field):
    with pytest.raises(ValidationError) as caught:
        NoticeSubmission.model_validate(_notice(**overrides))
    errors = caught.value.errors(include_input=False)
    assert field in [".".join(str(p) for p in e["loc"]) for e in errors]
    assert "19121212" not in str(caught.value)


# ------------------------------------------------------- one word list, one place


def test_labels_and_codes_cover_exactly_the_contract_word_lists():
    """The word lists live in bostad_common.events.vocabulary; this service only labels them."""
    from bostad_common.events.vocabulary import NOTICE_KINDS, OUTCOME_CODES, STAFF_UNITS
    from eviction_prevention.cases.rules import NOTICE_KIND_LABELS_SV
    from eviction_prevention.checklists.catalogue import UNIT_LABELS_SV
    from eviction_prevention.outcomes.rules import CLOSING_REASONS

    assert set(NOTICE_KIND_LABELS_SV) == set(NOTICE_KINDS)
    assert set(CLOSING_REASONS) == set(OUTCOME_CODES)
    assert set(UNIT_LABELS_SV) == set(STAFF_UNITS)
    assert {item.unit for item in CATALOGUE} <= set(STAFF_UNITS)


def test_closing_reasons_and_interventions_are_one_list_each():
    from typing import get_args

    from eviction_prevention.outcomes.rules import (
        CLOSING_REASONS,
        INTERVENTION_LABELS_SV,
        INTERVENTIONS,
        ClosingReason,
    )

    assert {r for reasons in CLOSING_REASONS.values() for r in reasons} == set(
        get_args(ClosingReason)
    )
    assert set(INTERVENTION_LABELS_SV) == INTERVENTIONS


def test_new_outcomes_and_attend_eviction_rule():
    assert _close(outcome="declined_help", closing_reason=None) == ("declined_all_help", [])
    assert _close(outcome="investigation_opened", closing_reason=None) == (
        "investigation_opened",
        [],
    )
    attend_open = _close(
        outcome="evicted", closing_reason=None, children_affected=0,
        open_mandatory_items=["attend_eviction"],
    )[1]  # fmt: skip
    assert [e["field"] for e in attend_open] == ["open_items_reason"]
    assert _close(outcome="prevented", children_affected=0)[1] == []


def test_intervention_lifecycle():
    from eviction_prevention.outcomes.rules import validate_intervention_change

    assert validate_intervention_change("offered", "declined") == []
    assert validate_intervention_change("offered", "started") == []
    assert validate_intervention_change("started", "ended") == []
    assert validate_intervention_change("declined", "started")[0]["field"] == "status"
    assert validate_intervention_change("ended", "started")


def test_the_statistics_csv_has_a_column_for_every_outcome():
    from bostad_common.events.vocabulary import NOTICE_KINDS, OUTCOME_CODES
    from eviction_prevention.statistics.service import CSV_COLUMNS, SWEDISH_HEADERS, to_csv

    column_of = {"other": "other_outcome", "evicted": "evictions_carried_out"}
    named = {column_of.get(code, code) for code in OUTCOME_CODES}
    assert named <= set(CSV_COLUMNS)
    assert set(SWEDISH_HEADERS) == set(CSV_COLUMNS)
    row = {column: 0 for column in CSV_COLUMNS} | {
        "district": "bromma",
        "year": 2026,
        "outreach_share_within_48h": None,
        "notices_by_kind": dict.fromkeys(NOTICE_KINDS, 0),
        "outcomes": dict.fromkeys(OUTCOME_CODES, 0) | {"declined_help": 2},
    }
    header, values = to_csv([row]).splitlines()
    assert dict(zip(header.split(","), values.split(","), strict=True))["declined_help"] == "2"
