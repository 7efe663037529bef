"""Pure rules: the status machine, paths, households, certificates, the ten points,
criteria, decisions and the district configuration."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from intake.applications import rules as status
from intake.assessment.rules import assessment_gaps, lobbying_errors
from intake.certificates.rules import grounds_for, is_stale
from intake.criteria import rules as criteria
from intake.decisions import rules as decisions
from intake.districts.config import DISTRICTS, SEED_000_CRITERIA, check_registry
from intake.households.rules import age_on, child_birth_date_errors
from intake.investigations.rules import POINT_CODES, answer_errors, missing_points

TODAY = date(2026, 11, 30)


# ------------------------------------------------------------------ status machine


def test_every_transition_leads_to_a_known_state() -> None:
    for allowed_from, target in status.TRANSITIONS.values():
        assert target in status.STATUSES
        assert allowed_from <= set(status.STATUSES)


def test_transition_names_the_states_that_allow_it() -> None:
    with pytest.raises(status.IllegalTransition) as caught:
        status.transition("registered", "grant")
    assert "ready_for_decision" in caught.value.reason
    assert "it is registered" in caught.value.reason


def test_the_client_path_in_order() -> None:
    state = "registered"
    for action in (
        "submit_investigation",
        "approve_investigation",
        "request_information",
        "receive_information",
        "complete_assessment",
        "grant",
        "end_decision",
    ):
        state = status.transition(state, action).to_status
    assert state == "ended"


def test_decided_applications_cannot_be_withdrawn() -> None:
    for decided in ("granted", "rejected", "ended", "withdrawn"):
        with pytest.raises(status.IllegalTransition):
            status.transition(decided, "withdraw")


@pytest.mark.parametrize(
    ("client_status", "lss", "path"),
    [
        ("client", False, "investigation"),
        ("non_client", False, "certificate_only"),
        ("client", True, "certificate_only"),  # the LSS group follows the non-client path
    ],
)
def test_seed_000_paths(client_status: str, lss: bool, path: str) -> None:
    assert status.path_for(client_status, lss) == path


# --------------------------------------------------------------------- household


def test_age_counts_birthdays() -> None:
    assert age_on(date(2008, 12, 1), TODAY) == 17
    assert age_on(date(2008, 11, 30), TODAY) == 18


@pytest.mark.parametrize(
    ("born", "ok"),
    [(date(2026, 12, 1), False), (date(2008, 11, 30), False), (date(2008, 12, 1), True)],
)
def test_child_birth_dates(born: date, ok: bool) -> None:
    errors = child_birth_date_errors(born, today=TODAY, age_limit_years=18, field="f")
    assert (errors == []) is ok
    assert all(e["field"] == "f" for e in errors)


# ------------------------------------------------------------------- certificates


def test_certificate_grounds_follow_the_issuer() -> None:
    assert grounds_for("doctor") == "medical"
    assert grounds_for("social_worker") == grounds_for("counsellor") == "social"


def test_certificate_staleness_is_the_district_limit() -> None:
    assert not is_stale(date(2026, 6, 3), today=TODAY, max_age_days=180)
    assert is_stale(date(2026, 6, 2), today=TODAY, max_age_days=180)


# --------------------------------------------------------------------- ten points


def test_ten_points_each_required() -> None:
    assert len(POINT_CODES) == 10
    answers = dict.fromkeys(POINT_CODES, "svar")
    assert answer_errors(answers) == []
    answers["debts"] = " "
    del answers["other_ways"]
    assert missing_points(answers) == ["other_ways", "debts"]
    answers["favourite_colour"] = "blå"
    fields = [e["field"] for e in answer_errors(answers)]
    assert fields == ["answers.other_ways", "answers.debts", "answers.favourite_colour"]


# ----------------------------------------------------------------------- criteria


def facts(**overrides: object) -> criteria.ApplicantFacts:
    base: dict[str, object] = {
        "registered_in_municipality": True,
        "certificates": (criteria.CertificateFacts("social", date(2026, 11, 1)),),
        "other_ways_ruled_out": True,
        "lss_decision": False,
    }
    base.update(overrides)
    return criteria.ApplicantFacts(**base)  # type: ignore[arg-type]


def verdicts(check: criteria.CriteriaCheck) -> dict[str, str]:
    return {c.code: c.verdict for c in check.criteria}


def run(**overrides: object) -> criteria.CriteriaCheck:
    return criteria.check(SEED_000_CRITERIA, facts(**overrides), today=TODAY, max_age_days=180)


def test_2a_certified_reasons_meet_the_criteria() -> None:
    result = run()
    assert result.verdict == "met"
    assert verdicts(result)["social_or_medical_reasons"] == "met"
    assert verdicts(result)["lss_adapted_housing"] == "not_met"


def test_2b_lss_decision_alone_is_enough() -> None:
    result = run(certificates=(), other_ways_ruled_out=None, lss_decision=True)
    assert result.verdict == "met"


def test_not_registered_fails_whatever_else() -> None:
    result = run(registered_in_municipality=False)
    assert result.verdict == "not_met" and "registered_in_municipality" in result.why


def test_solvable_another_way_is_not_met() -> None:
    result = run(other_ways_ruled_out=False)
    assert verdicts(result)["social_or_medical_reasons"] == "not_met"
    assert result.verdict == "not_met"


def test_unknowns_say_what_is_missing() -> None:
    result = run(registered_in_municipality=None, certificates=())
    assert result.verdict == "unknown"
    assert "registered_in_municipality" in result.why
    assert "social_or_medical_reasons" in result.why


def test_a_stale_certificate_proves_nothing_today() -> None:
    result = run(certificates=(criteria.CertificateFacts("medical", date(2025, 1, 1)),))
    assert verdicts(result)["social_or_medical_reasons"] == "unknown"
    assert "180 days" in {c.code: c.why for c in result.criteria}["social_or_medical_reasons"]


# ---------------------------------------------------------------- the assessment


def test_assessment_needs_a_meeting_and_a_judgement() -> None:
    assert [g["field"] for g in assessment_gaps(meetings_held=0, acceptance=None)] == [
        "meetings",
        "landlord_judgement",
    ]
    assert assessment_gaps(meetings_held=1, acceptance="poor") == []


def test_lobbying_needs_consent() -> None:
    assert lobbying_errors(True, None)[0]["field"] == "consent_given_at"
    assert lobbying_errors(True, datetime(2026, 1, 1, tzinfo=UTC)) == []
    assert lobbying_errors(False, None) == []


# ---------------------------------------------------------------------- decisions


def test_bistandsbeslut_is_configured_per_district_and_housing_type() -> None:
    bromma, skarholmen = DISTRICTS["bromma"], DISTRICTS["skarholmen"]
    nacka_style = decisions.terms_for(bromma.housing_types["social_contract"], "granted", TODAY)
    assert nacka_style.is_bistandsbeslut is False  # seed 000
    vallentuna_style = decisions.terms_for(
        bromma.housing_types["training_apartment"], "granted", TODAY
    )
    assert vallentuna_style.is_bistandsbeslut is True  # seed 002
    assert vallentuna_style.includes_housing_support is True
    assert decisions.terms_for(
        skarholmen.housing_types["social_contract"], "granted", TODAY
    ).is_bistandsbeslut
    rejected = decisions.terms_for(bromma.housing_types["training_apartment"], "rejected", TODAY)
    assert rejected.is_bistandsbeslut is False and rejected.includes_housing_support is False


def test_legal_reference_follows_the_decision_date() -> None:
    rule = DISTRICTS["bromma"].housing_types["training_apartment"]
    assert rule.legal_reference_on(date(2025, 6, 30)) == "4 kap. 1 § socialtjänstlagen (2001:453)"
    assert "2025:400" in (rule.legal_reference_on(date(2025, 7, 1)) or "")


def test_decision_validation() -> None:
    rule = DISTRICTS["bromma"].housing_types["training_apartment"]
    errors = decisions.decision_errors(
        outcome="granted",
        reasons=" ",
        individual_plan_goal=None,
        rule=rule,
        decided_on=date(2026, 12, 1),
        today=TODAY,
    )
    assert [e["field"] for e in errors] == ["reasons", "decided_on", "individual_plan_goal"]
    assert (
        decisions.decision_errors(
            outcome="rejected",
            reasons="Skäl.",
            individual_plan_goal=None,
            rule=rule,
            decided_on=TODAY,
            today=TODAY,
        )
        == []
    )


def test_only_the_configured_role_with_the_permission_decides() -> None:
    config = DISTRICTS["bromma"]
    assert decisions.may_decide({"unit_manager"}, {"intake:decision.write"}, config)
    assert not decisions.may_decide({"unit_manager"}, set(), config)
    assert not decisions.may_decide({"coordinator"}, {"intake:decision.write"}, config)


def test_letters_say_there_is_no_queue_and_how_to_appeal() -> None:
    rule = DISTRICTS["bromma"].housing_types["training_apartment"]
    granted = decisions.letter_sv(
        applicant_name="Sara",
        housing_type="training_apartment",
        outcome="granted",
        reasons="Skäl.",
        terms=decisions.terms_for(rule, "granted", TODAY),
        decided_on=TODAY,
        individual_plan_goal="Eget boende.",
    )
    assert "ingen verklig kö" in granted and "boendestöd" in granted and "Eget boende." in granted
    rejected = decisions.letter_sv(
        applicant_name="Sara",
        housing_type="training_apartment",
        outcome="rejected",
        reasons="Behovet kan lösas på annat sätt.",
        terms=decisions.terms_for(rule, "rejected", TODAY),
        decided_on=TODAY,
        individual_plan_goal=None,
    )
    assert "förvaltningsrätten" in rejected and "tre veckor" in rejected
    assert "Behovet kan lösas på annat sätt." in rejected


def test_a_deciding_role_without_the_permission_is_refused_at_import() -> None:
    from dataclasses import replace

    check_registry()  # the shipped configuration is sound
    broken = replace(DISTRICTS["bromma"], deciding_role="coordinator")
    with pytest.raises(ValueError, match=r"lacks intake:decision\.write"):
        check_registry({"bromma": broken})
    unknown = replace(DISTRICTS["bromma"], deciding_role="mayor")
    with pytest.raises(ValueError, match="unknown deciding role"):
        check_registry({"bromma": unknown})


# ------------------------------------------------------------------ needs profile


def test_needs_profile_carries_birth_date_and_sex_never_the_number() -> None:
    from intake.applications.models import Application
    from intake.decisions.service import needs_profile
    from intake.households.models import Household, HouseholdMember

    application = Application(
        district="bromma",
        household_id="h",
        housing_type="social_contract",
        channel="ansokan",
        path="investigation",
        status="ready_for_decision",
        area_wishes=[{"area": "Bromma", "reason": "Skolan"}],
        apartment_type_wishes=[{"apartment_type": "3 rok", "reason": "Två barn"}],
        rooms_needed=3,
        nominating_unit="adult_unit",
        registered_by="anna",
    )
    household = Household(
        district="bromma",
        applicant_personal_number="19121212-1212",
        applicant_name="Tolvan",
        client_status="client",
        current_housing="emergency_placement",
        emergency_cost_per_night_ore=95000,
        means_of_support="financial_assistance",
        accessibility_needs=["lift"],
        investments_ore=12345,
        created_by="anna",
    )
    members = [
        HouseholdMember(
            district="bromma", household_id="h", kind="child", name="B", birth_date=date(2022, 1, 1)
        ),
        HouseholdMember(
            district="bromma", household_id="h", kind="adult", name="A", birth_date=date(1990, 1, 1)
        ),
        HouseholdMember(
            district="bromma", household_id="h", kind="child", name="C", birth_date=date(2019, 1, 1)
        ),
    ]
    needs = needs_profile(application, household, members)
    assert (needs.household_size, needs.adults) == (4, 2)
    assert needs.children_birth_dates == [date(2019, 1, 1), date(2022, 1, 1)]
    assert needs.apartment_type_wishes == ["3 rok"]
    assert needs.area_wishes[0].reason == "Skolan"
    assert needs.emergency_cost_per_night_ore == 95000 and needs.investments_ore == 12345
    assert needs.applicant_birth_date == date(1912, 12, 12)
    assert needs.applicant_legal_sex == "male"
    assert needs.nominating_unit == "adult_unit"
    assert "1212-1212" not in needs.model_dump_json()
