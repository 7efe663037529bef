"""Routing rules: who is told what (pure, no database, no broker)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from notifications.channels.confidentiality import confidentiality_findings
from notifications.inbox.texts import notification_text
from notifications.reminders.rules import REMINDER_RULES
from notifications.routing import (
    DEFAULT_RULES,
    LetterAddressee,
    StaffGroup,
    StaffUser,
    caused_by,
    route,
)
from notifications.routing.engine import InvalidRule, validate_rules
from notifications.routing.rules import (
    NOT_ROUTED,
    Addressee,
    Role,
    RoleInField,
    Rule,
    UsersInField,
)
from notifications.routing.store import model_of, rule_of, validate_rule_set

TODAY = date(2026, 11, 3)


def table(deliveries) -> set[tuple[str, str, str]]:
    return {(d.kind, d.recipient.key, d.channel) for d in deliveries}


def routed(event: str, payload) -> list:
    return route(event, payload, today=TODAY)


def test_the_default_table_is_valid_and_every_kind_has_a_text() -> None:
    validate_rule_set(DEFAULT_RULES)


def test_the_rules_survive_a_round_trip_through_json() -> None:
    assert tuple(rule_of(model_of(rule)) for rule in DEFAULT_RULES) == DEFAULT_RULES


def test_every_event_of_every_service_reaches_someone_unless_deliberately_not(samples) -> None:
    events = samples.every_event()
    for event, payload in events.items():
        if event in NOT_ROUTED:
            assert routed(event, payload) == [], f"{event} is routed: take it off NOT_ROUTED"
        else:
            assert routed(event, payload), f"{event} tells nobody"
    assert set(NOT_ROUTED) <= set(events)
    # Only events whose work is done by reminders are left out.
    assert set(NOT_ROUTED) <= {rule.event for rule in REMINDER_RULES} | {
        cancel.event for rule in REMINDER_RULES for cancel in rule.cancel_on
    }


def test_every_routed_text_is_swedish_free_of_personal_data_and_links_to_the_thing(
    samples,
) -> None:
    for event, payload in samples.every_event().items():
        for item in routed(event, payload):
            if item.channel == "letter":
                continue
            text = notification_text(item.kind, payload)
            assert text.link.startswith("/") and "?" not in text.link
            found = confidentiality_findings(
                f"{text.title}\n{text.body}\n{text.link}",
                sensitive_values=["Tolvan", "19900101", "Exempelgatan"],
            )
            assert found == [], (event, item.kind, found)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ("InvestigationApproved", {"role:housing_officer"}),
        ("VacancyOpened", {"role:coordinator"}),
        ("OfferAccepted", {"role:coordinator"}),
        ("RoundDecided", {"role:coordinator", "role:unit_manager"}),
        ("DecisionNotExecutedWarning", {"role:unit_manager", "role:coordinator"}),
        ("IvoReportDue", {"role:unit_manager"}),
        ("TerminationProposed", {"role:unit_manager"}),
        ("ComplaintReceived", {"role:caseworker"}),
        ("MoveOutStepOverdue", {"role:housing_officer"}),
        ("ApplicationRegistered", {"role:housing_officer"}),
        ("ApartmentVacated", {"role:planner"}),
    ],
)
def test_other_services_events_go_to_the_roles_that_act_next(samples, event, expected) -> None:
    payload = samples.every_event("skarholmen")[event]
    result = routed(event, payload)
    assert {d.recipient.key for d in result} == expected
    assert {d.recipient.district for d in result} == {"skarholmen"}


def test_the_written_rent_warning_is_a_letter_to_the_tenant(samples) -> None:
    payload = samples.every_event()["RentDunningStepTaken"]
    assert table(routed("RentDunningStepTaken", payload)) == {
        ("rent_warning_letter", "addressee", "letter"),
        ("rent_dunning", "role:caseworker", "in_app"),
    }
    reminder = payload.model_copy(update={"step": "reminder"})
    assert routed("RentDunningStepTaken", reminder) == []


def test_no_queue_letter_goes_with_a_granted_decision_when_there_is_an_address(samples) -> None:
    payload = samples.every_event()["HousingDecisionGranted"]
    assert ("no_queue_letter", "addressee", "letter") in table(
        routed("HousingDecisionGranted", payload)
    )
    without = payload.model_copy(update={"letter_address": None})
    assert "no_queue_letter" not in {d.kind for d in routed("HousingDecisionGranted", without)}


def test_a_new_case_goes_to_its_owner_else_the_districts_caseworkers(samples) -> None:
    opened = samples.case_opened("without_children")
    assert table(routed("CaseOpened", opened)) == {
        ("case_opened", "role:caseworker", "in_app"),
        ("case_opened", "role:caseworker", "email"),
        ("case_opened_financial", "role:financial_assistance_unit", "in_app"),
    }
    owned = opened.model_copy(update={"responsible_caseworker": "anna.caseworker"})
    assert {d.recipient for d in routed("CaseOpened", owned) if d.kind == "case_opened"} == {
        StaffUser("bromma", "anna.caseworker")
    }


def test_children_and_unit_manager_rules_for_a_case_with_children(samples) -> None:
    far = samples.case_opened("with_children")  # no eviction date
    assert ("case_opened_children", "role:children_and_youth_unit", "email") in table(
        routed("CaseOpened", far)
    )
    assert "case_opened_eviction_soon" not in {d.kind for d in routed("CaseOpened", far)}
    soon = far.model_copy(update={"eviction_date": date(2026, 11, 9)})
    assert ("case_opened_eviction_soon", "role:unit_manager", "email") in table(
        routed("CaseOpened", soon)
    )
    later = far.model_copy(update={"eviction_date": date(2026, 11, 20)})
    assert "case_opened_eviction_soon" not in {d.kind for d in routed("CaseOpened", later)}
    # Without children the manager is not told, even with a close date.
    adult = soon.model_copy(update={"track": "without_children"})
    assert "case_opened_eviction_soon" not in {d.kind for d in routed("CaseOpened", adult)}


def test_unknown_children_involve_the_childrens_unit(samples) -> None:
    unknown = samples.case_opened("without_children", children_unknown=True)
    assert ("case_opened_children_unknown", "role:children_and_youth_unit", "in_app") in table(
        routed("CaseOpened", unknown)
    )


def test_a_later_notice_with_an_eviction_date_involves_the_childrens_unit(samples) -> None:
    joined = samples.every_event()["NoticeReceived"]
    assert table(routed("NoticeReceived", joined)) >= {
        ("notice_joined_case", "role:caseworker", "in_app"),
        ("notice_joined_case_children", "role:children_and_youth_unit", "in_app"),
    }
    unknown = joined.model_copy(update={"track": "enforcement", "children_unknown": True})
    assert "notice_joined_case_children" in {d.kind for d in routed("NoticeReceived", unknown)}
    no_children = joined.model_copy(
        update={"track": "without_children", "children_possible": False}
    )
    assert "notice_joined_case_children" not in {
        d.kind for d in routed("NoticeReceived", no_children)
    }


def test_a_joined_notice_goes_at_once_to_the_cases_own_caseworker(samples) -> None:
    joined = samples.notice_received().model_copy(
        update={
            "case_id": "c-1",
            "opened_case": False,
            "track": "without_children",
            "children_unknown": False,
            "children_possible": False,
            "responsible_caseworker": "anna.caseworker",
        }
    )
    assert table(routed("NoticeReceived", joined)) == {
        ("notice_joined_case", "user:anna.caseworker", "in_app"),
        ("notice_joined_case", "user:anna.caseworker", "email"),
    }
    # Nobody owns the case: the district's caseworkers.
    unowned = joined.model_copy(update={"responsible_caseworker": None})
    assert {d.recipient.key for d in routed("NoticeReceived", unowned)} == {"role:caseworker"}


def test_kronofogdens_eviction_date_for_a_family_reaches_the_childrens_unit(samples) -> None:
    """The enforcement track's name hides the children; `children_possible` says it."""
    kfm = samples.kronofogden_date_joining(date(2026, 12, 1))
    assert table(routed("NoticeReceived", kfm)) == {
        ("notice_joined_case", "user:anna.caseworker", "in_app"),
        ("notice_joined_case", "user:anna.caseworker", "email"),
        ("notice_joined_case_children", "role:children_and_youth_unit", "in_app"),
        ("notice_joined_case_children", "role:children_and_youth_unit", "email"),
    }
    # No eviction date in this notice, or no children: the caseworker alone.
    for other in (
        kfm.model_copy(update={"eviction_date": None}),
        kfm.model_copy(update={"children_possible": False}),
    ):
        assert {d.recipient.key for d in routed("NoticeReceived", other)} == {
            "user:anna.caseworker"
        }
    # A case opened by Kronofogden for a family: the children's unit, and the unit
    # manager when the date is within a week.
    opened = samples.case_opened("enforcement").model_copy(
        update={"children_possible": True, "eviction_date": date(2026, 11, 9)}
    )
    assert {(d.kind, d.recipient.key) for d in routed("CaseOpened", opened)} >= {
        ("case_opened_children", "role:children_and_youth_unit"),
        ("case_opened_eviction_soon", "role:unit_manager"),
    }
    unknown = opened.model_copy(update={"children_unknown": True})
    assert {(d.kind, d.recipient.key) for d in routed("CaseOpened", unknown)} >= {
        ("case_opened_children_unknown", "role:children_and_youth_unit"),
        ("case_opened_eviction_soon", "role:unit_manager"),
    }
    assert "case_opened_children" not in {d.kind for d in routed("CaseOpened", unknown)}
    adults = opened.model_copy(update={"children_possible": False})
    assert not {"case_opened_children", "case_opened_eviction_soon"} & {
        d.kind for d in routed("CaseOpened", adults)
    }


def test_a_joined_eviction_date_within_a_week_for_a_family_reaches_the_unit_manager(
    samples,
) -> None:
    """Issue #13: the unit manager is told of an eviction date within a week for a
    household with (unknown) children, also when the date comes with a later notice."""
    soon = samples.kronofogden_date_joining(TODAY + timedelta(days=6))
    assert ("notice_joined_eviction_soon", "role:unit_manager", "email") in table(
        routed("NoticeReceived", soon)
    )
    for not_the_managers in (
        soon.model_copy(update={"eviction_date": TODAY + timedelta(days=8)}),
        soon.model_copy(update={"children_possible": False}),
        soon.model_copy(update={"eviction_date": None}),
        soon.model_copy(update={"eviction_date": TODAY - timedelta(days=1)}),  # already past
    ):
        assert "notice_joined_eviction_soon" not in {
            d.kind for d in routed("NoticeReceived", not_the_managers)
        }


def test_a_notice_that_opened_a_case_is_not_told_twice(samples) -> None:
    """CaseOpened tells of the new case; the notice itself adds no second message."""
    assert routed("NoticeReceived", samples.notice_received()) == []
    opened = samples.notice_received().model_copy(update={"case_id": "c-1", "opened_case": True})
    assert routed("NoticeReceived", opened) == []


def test_outreach_overdue_needs_the_manager_and_tells_the_case_owner(samples) -> None:
    overdue = samples.outreach_overdue().model_copy(
        update={"responsible_caseworker": "anna.caseworker"}
    )
    assert table(routed("OutreachOverdue", overdue)) == {
        ("outreach_overdue_manager", "role:unit_manager", "in_app"),
        ("outreach_overdue_manager", "role:unit_manager", "email"),
        ("outreach_overdue", "user:anna.caseworker", "in_app"),
    }
    # An event without the owner (older producer, or an unowned case): the district's.
    assert table(routed("OutreachOverdue", samples.outreach_overdue())) == {
        ("outreach_overdue_manager", "role:unit_manager", "in_app"),
        ("outreach_overdue_manager", "role:unit_manager", "email"),
        ("outreach_overdue", "role:caseworker", "in_app"),
    }


def test_outreach_assigned_goes_to_the_two_named_staff_once(samples) -> None:
    result = routed("OutreachAssigned", samples.outreach_assigned(["u-1", "", "u-1", "u-2"]))
    assert {d.recipient for d in result} == {StaffUser("bromma", "u-1"), StaffUser("bromma", "u-2")}
    assert len(result) == 4


def test_the_person_who_caused_the_event_is_not_told(samples) -> None:
    closed = samples.case_closed(
        responsible_caseworker="anna.caseworker", caused_by="anna.caseworker"
    )
    assert routed("CaseClosed", closed) == []
    assert caused_by("CaseClosed", closed) == frozenset({"anna.caseworker"})
    decided = samples.every_event()["RoundDecided"]
    assert caused_by("RoundDecided", decided) == frozenset({"ulla.manager"})


def test_letter_requested_queues_a_letter_for_the_addressee_only(samples) -> None:
    assert [
        (d.kind, d.recipient, d.channel)
        for d in routed("LetterRequested", samples.letter_requested())
    ] == [("letter", LetterAddressee("bromma"), "letter")]


def test_an_unknown_responsible_role_reaches_nobody(samples) -> None:
    payload = samples.every_event()["MoveOutStepOverdue"].model_copy(
        update={"responsible_role": "wizard"}
    )
    assert routed("MoveOutStepOverdue", payload) == []


def test_rules_are_data_a_new_rule_changes_routing_without_code(samples) -> None:
    extra = (
        *DEFAULT_RULES,
        Rule("CaseClosed", "case_closed", (Role("legal_counsel"),), ("in_app",)),
    )
    validate_rules(extra)
    assert ("case_closed", "role:legal_counsel", "in_app") in table(
        route("CaseClosed", samples.case_closed(), extra, today=TODAY)
    )
    assert StaffGroup("bromma", "legal_counsel") in {
        d.recipient for d in route("CaseClosed", samples.case_closed(), extra, today=TODAY)
    }


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (Rule("NoSuchEvent", "k", (Role("caseworker"),), ("in_app",)), "unknown event"),
        (
            Rule("CaseOpened", "k", (Role("caseworker"),), ("in_app",), when={"nope": 1}),
            "does not exist",
        ),
        (Rule("CaseOpened", "k", (Role("caseworker"),), ("fax",)), "unknown channel"),  # type: ignore[arg-type]
        (Rule("CaseOpened", "k", (Role("wizard"),), ("in_app",)), "unknown staff group"),
        (Rule("CaseOpened", "k", (UsersInField("staff"),), ("in_app",)), "does not exist"),
        (Rule("CaseOpened", "k", (RoleInField("nope"),), ("in_app",)), "does not exist"),
        (Rule("CaseOpened", "k", (Addressee(),), ("letter",)), "does not exist"),
        (Rule("LetterRequested", "k", (Addressee(),), ("email",)), "only letters"),
        (Rule("CaseOpened", "k", (Role("caseworker"),), ("letter",)), "only letters"),
        (Rule("CaseOpened", "k", (), ("in_app",)), "no recipients"),
        (
            Rule(
                "CaseOpened",
                "k",
                (Role("caseworker"),),
                ("in_app",),
                within_days={"eviction_date": -1},
            ),
            "whole number",
        ),
    ],
)
def test_invalid_rules_are_refused(rule: Rule, problem: str) -> None:
    with pytest.raises(InvalidRule, match=problem):
        validate_rules([rule])


def test_a_kind_without_a_text_is_refused() -> None:
    with pytest.raises(InvalidRule, match="no text"):
        validate_rule_set([Rule("CaseClosed", "made_up", (Role("caseworker"),), ("in_app",))])


def test_texts_say_what_happened(samples) -> None:
    text = notification_text("case_opened", samples.case_opened("with_children"))
    assert text.title == "Nytt ärende: risk för avhysning"
    assert "underrättelse från hyresvärden" in text.body
    assert "Ta ställning" not in text.body  # the case was opened; nothing to decide
    assert "c-1" not in text.body  # a short reference, not the id
    assert "23 november 2026" in text.body  # återvinningsfrist
    assert text.link == "/eviction-prevention/cases/c-1"
    kfm = samples.case_opened("enforcement").model_copy(
        update={"notice_kind": "eviction_enforcement", "eviction_date": date(2026, 12, 1)}
    )
    kfm_text = notification_text("case_opened", kfm).body
    assert "från Kronofogdemyndigheten" in kfm_text and "hyresvärden" not in kfm_text
    assert "Avhysningen är utsatt till 1 december 2026." in kfm_text
    overdue = notification_text("outreach_overdue", samples.outreach_overdue())
    # 09:00 UTC on 4 November is 10.00 in Stockholm (CET, UTC+1).
    assert "onsdag 4 november 2026 kl. 10.00" in overdue.body
    vacancy = samples.every_event()["VacancyOpened"]
    assert notification_text("vacancy_opened", vacancy).link == "/allocation/vacancies/v-1"
