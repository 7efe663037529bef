"""Routing rules: who is told what (pure, no database, no broker)."""

from __future__ import annotations

import pytest

from notifications.channels.confidentiality import confidentiality_findings
from notifications.inbox.texts import notification_text
from notifications.routing import RULES, LetterAddressee, StaffGroup, StaffUser, route
from notifications.routing.engine import InvalidRule, validate_rules
from notifications.routing.rules import Addressee, Role, Rule, UsersInField


def table(deliveries) -> set[tuple[str, str, str]]:
    return {(d.kind, d.recipient.key, d.channel) for d in deliveries}


def test_the_rules_table_is_valid() -> None:
    validate_rules(RULES)


def test_notice_received_tells_the_districts_caseworkers_in_app_and_by_email(samples) -> None:
    routed = route("NoticeReceived", samples.notice_received(district="skarholmen"))
    assert table(routed) == {
        ("notice_received", "role:caseworker", "in_app"),
        ("notice_received", "role:caseworker", "email"),
    }
    assert {d.recipient for d in routed} == {StaffGroup("skarholmen", "caseworker")}


def test_case_opened_with_children_also_tells_the_children_and_youth_unit(samples) -> None:
    assert table(route("CaseOpened", samples.case_opened("with_children"))) == {
        ("case_opened", "role:caseworker", "in_app"),
        ("case_opened_children", "role:children_and_youth_unit", "in_app"),
        ("case_opened_children", "role:children_and_youth_unit", "email"),
    }


def test_case_opened_without_children_tells_caseworkers_only(samples) -> None:
    assert table(route("CaseOpened", samples.case_opened("without_children"))) == {
        ("case_opened", "role:caseworker", "in_app"),
    }
    assert table(route("CaseOpened", samples.case_opened("enforcement"))) == {
        ("case_opened", "role:caseworker", "in_app"),
    }


def test_case_opened_with_unknown_children_informs_the_children_unit(samples) -> None:
    routed = route("CaseOpened", samples.case_opened("without_children", children_unknown=True))
    assert ("case_opened_children_unknown", "role:children_and_youth_unit", "in_app") in table(
        routed
    )


def test_outreach_assigned_goes_to_the_two_named_staff(samples) -> None:
    routed = route("OutreachAssigned", samples.outreach_assigned(["u-1", "u-2"]))
    assert {d.recipient for d in routed} == {StaffUser("bromma", "u-1"), StaffUser("bromma", "u-2")}
    assert {d.channel for d in routed} == {"in_app", "email"}


def test_outreach_assigned_skips_empty_and_duplicate_staff_ids(samples) -> None:
    routed = route("OutreachAssigned", samples.outreach_assigned(["u-1", "", "u-1"]))
    assert {d.recipient for d in routed} == {StaffUser("bromma", "u-1")}
    assert len(routed) == 2


def test_outreach_overdue_goes_to_unit_manager_and_caseworkers(samples) -> None:
    assert table(route("OutreachOverdue", samples.outreach_overdue())) == {
        ("outreach_overdue", "role:unit_manager", "in_app"),
        ("outreach_overdue", "role:unit_manager", "email"),
        ("outreach_overdue", "role:caseworker", "in_app"),
        ("outreach_overdue", "role:caseworker", "email"),
    }


def test_letter_requested_queues_a_letter_for_the_addressee_only(samples) -> None:
    routed = route("LetterRequested", samples.letter_requested())
    assert [(d.kind, d.recipient, d.channel) for d in routed] == [
        ("letter", LetterAddressee("bromma"), "letter")
    ]


def test_case_closed_tells_caseworkers(samples) -> None:
    assert table(route("CaseClosed", samples.case_closed())) == {
        ("case_closed", "role:caseworker", "in_app")
    }


def test_unrouted_event_produces_nothing(samples) -> None:
    assert route("SomethingElse", samples.case_closed()) == []


def test_rules_are_data_a_new_rule_changes_routing_without_code(samples) -> None:
    extra = (*RULES, Rule("CaseClosed", "case_closed", (Role("unit_manager"),), ("in_app",)))
    validate_rules(extra)
    assert ("case_closed", "role:unit_manager", "in_app") in table(
        route("CaseClosed", samples.case_closed(), extra)
    )


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
        (Rule("CaseOpened", "k", (Addressee(),), ("letter",)), "no recipient"),
        (Rule("LetterRequested", "k", (Addressee(),), ("email",)), "only letters"),
        (Rule("CaseOpened", "k", (Role("caseworker"),), ("letter",)), "only letters"),
        (Rule("CaseOpened", "k", (), ("in_app",)), "no recipients"),
    ],
)
def test_invalid_rules_are_refused(rule: Rule, problem: str) -> None:
    with pytest.raises(InvalidRule, match=problem):
        validate_rules([rule])


def test_every_routed_notification_has_a_swedish_text_without_personal_data(samples) -> None:
    payloads = {
        "NoticeReceived": samples.notice_received(),
        "CaseOpened": samples.case_opened("with_children"),
        "OutreachAssigned": samples.outreach_assigned(),
        "OutreachOverdue": samples.outreach_overdue(),
        "CaseClosed": samples.case_closed(),
    }
    kinds_seen = set()
    for event, payload in payloads.items():
        for routed in route(event, payload):
            text = notification_text(routed.kind, payload)
            kinds_seen.add(routed.kind)
            assert text.link.startswith("/eviction-prevention/")
            assert confidentiality_findings(f"{text.title}\n{text.body}\n{text.link}") == []
    kinds_seen.add("case_opened_children_unknown")
    staff_kinds = {rule.kind for rule in RULES if "letter" not in rule.channels}
    assert staff_kinds <= kinds_seen
    unknown = notification_text(
        "case_opened_children_unknown", samples.case_opened("without_children")
    )
    assert "inte känt om det finns barn" in unknown.body


def test_texts_are_swedish_and_refer_to_the_case_by_id(samples) -> None:
    text = notification_text("case_opened", samples.case_opened("with_children"))
    assert text.title == "Nytt ärende: risk för avhysning"
    assert "Ärende c-1" in text.body
    assert "obetalda hyror" in text.body
    assert "23 november 2026" in text.body  # återvinningsfrist
    assert text.link == "/eviction-prevention/cases/c-1"
    overdue = notification_text("outreach_overdue", samples.outreach_overdue())
    # 09:00 UTC on 4 November is 10.00 in Stockholm (CET, UTC+1).
    assert "onsdag 4 november 2026 kl. 10.00" in overdue.body
