"""The routing table: which event tells whom, through which channels.

Rules are data. This module holds the platform's default table; a district can
replace it with its own (stored in `routing_rule_sets`, changed through the
admin API, validated against the registered payloads by `engine.validate_rules`).
Adding a recipient or a channel is a line of data, not a code change.

How work is owned decides who is told:

* a case's own caseworker (`OwnerOrRole`): the payload's
  `responsible_caseworker` when the event carries one, else the district's
  caseworkers;
* the unit manager for what needs a manager: an overdue legal deadline, an
  eviction date within a week for a household with children, an IVO report, a
  termination to decide, a decision nearing the three-month mark;
* the children-and-youth unit whenever a household with children, or with
  unknown children, meets an eviction (seed 004, "Barn och unga enheternas
  ansvar"), also when a later notice joins the case;
* the financial-assistance unit where the checklist gives it work (rent and
  electricity debt: "Utreda och bedöma rätten till ekonomiskt bistånd,
  hyresskuld", seed 004);
* never the person who caused the event (`CAUSED_BY`).

A person matched by several rules of one event gets one message per channel
(the first matching rule's kind): rules compose without duplicates.

Sources: DOMAIN.md §1-5; seed 000 ("återkoppla till samordnarna vem som fick
kontraktet och motivet", "vid två månaders obetalda hyror skriftligen varna",
"informera klienten att det inte finns någon verklig kö"); seed 003 (who is
responsible for and informed of each termination step); seed 004.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from notifications.routing.recipients import (
    CASEWORKER,
    CHILDREN_AND_YOUTH_UNIT,
    COORDINATOR,
    FEE_OFFICER,
    FINANCIAL_ASSISTANCE_UNIT,
    HOUSING_OFFICER,
    PLANNER,
    UNIT_MANAGER,
)

ChannelName = Literal["in_app", "email", "letter"]
IN_APP: Final = "in_app"
EMAIL: Final = "email"
LETTER: Final = "letter"
CHANNELS: Final[frozenset[str]] = frozenset(get_args(ChannelName))


@dataclass(frozen=True)
class Role:
    """Staff holding this role (or unit code) in the event's district."""

    role: str


@dataclass(frozen=True)
class UsersInField:
    """The staff user id(s) in a payload field (a list, or one id; None = nobody)."""

    field: str


@dataclass(frozen=True)
class OwnerOrRole:
    """The person in `field` (e.g. the case's own caseworker) if set, else the role's group."""

    field: str
    role: str


@dataclass(frozen=True)
class RoleInField:
    """The role named by a payload field (MoveOutStepOverdue.responsible_role)."""

    field: str


@dataclass(frozen=True)
class Addressee:
    """The person whose postal address is in the payload field `field` (a letter)."""

    field: str = "recipient"


RecipientSelector = Role | UsersInField | OwnerOrRole | RoleInField | Addressee


@dataclass(frozen=True)
class Rule:
    event: str  # registered event name, e.g. "CaseOpened"
    kind: str  # notification kind: picks the Swedish text (inbox/texts.py) or the letter
    recipients: tuple[RecipientSelector, ...]
    channels: tuple[ChannelName, ...]
    # Payload fields that must all match: a scalar is equality, a tuple is "one of".
    when: Mapping[str, object] = field(default_factory=dict)
    # Date fields that must be set and fall from today to this many days ahead.
    within_days: Mapping[str, int] = field(default_factory=dict)
    # Fields that must be set (not None).
    when_set: tuple[str, ...] = ()


# Who caused an event, per event: a payload field holding a staff user id or a
# list of them. That person is never told about their own action.
CAUSED_BY: Final[Mapping[str, str]] = {
    "ApplicationRegistered": "registered_by",
    "InvestigationApproved": "approved_by",
    "HousingDecisionGranted": "decided_by",
    "HousingDecisionRejected": "decided_by",
    "VacancyOpened": "opened_by",
    "RoundDecided": "decided_by",
    "LeaseSigned": "signed_by",
    "TerminationProposed": "proposed_by",
    "MoveOutStepCompleted": "recorded_by",
    "CaseOpened": "caused_by",
    "OutreachAssigned": "caused_by",
    "LetterRequested": "caused_by",
    "CaseClosed": "caused_by",
}

CASE_OWNER: Final = OwnerOrRole("responsible_caseworker", CASEWORKER)
# Children, or unknown children: `children_possible` says so on every track (the
# enforcement track's name does not). CaseOpened events from before it was added
# say it only through the track, so both conditions stay for CaseOpened;
# NoticeReceived has carried it since it first carried `opened_case`.
WITH_CHILDREN: Final = {"track": "with_children"}
CHILDREN_POSSIBLE: Final = {"children_possible": True}
KNOWN_CHILDREN: Final = {"children_possible": True, "children_unknown": False}
A_WEEK: Final = 7

DEFAULT_RULES: Final[tuple[Rule, ...]] = (
    # ---------------------------------------------------------- eviction-prevention
    # A new case is the caseworker's work; the notice that opened it is not told
    # of separately (one message per notice, not two).
    Rule("CaseOpened", "case_opened", (CASE_OWNER,), (IN_APP, EMAIL)),
    Rule(
        "CaseOpened",
        "case_opened_eviction_soon",
        (Role(UNIT_MANAGER),),
        (IN_APP, EMAIL),
        when=WITH_CHILDREN,
        within_days={"eviction_date": A_WEEK},
    ),
    Rule(
        "CaseOpened",
        "case_opened_eviction_soon",
        (Role(UNIT_MANAGER),),
        (IN_APP, EMAIL),
        when=CHILDREN_POSSIBLE,
        within_days={"eviction_date": A_WEEK},
    ),
    Rule(
        "CaseOpened",
        "case_opened_children",
        (Role(CHILDREN_AND_YOUTH_UNIT),),
        (IN_APP, EMAIL),
        when=WITH_CHILDREN,
    ),
    # Kronofogden's eviction of a family with children (the enforcement track).
    Rule(
        "CaseOpened",
        "case_opened_children",
        (Role(CHILDREN_AND_YOUTH_UNIT),),
        (IN_APP, EMAIL),
        when=KNOWN_CHILDREN,
    ),
    # Not known whether there are children: missing a child is worse than an
    # extra notification.
    Rule(
        "CaseOpened",
        "case_opened_children_unknown",
        (Role(CHILDREN_AND_YOUTH_UNIT),),
        (IN_APP,),
        when={"children_unknown": True},
    ),
    Rule(
        "CaseOpened",
        "case_opened_financial",
        (Role(FINANCIAL_ASSISTANCE_UNIT),),
        (IN_APP,),
        when={"notice_kind": ("unpaid_rent", "electricity_debt")},
    ),
    # A later notice joining an open case, told at once: the case's own caseworker
    # (else the district's caseworkers); and the children's unit when the notice
    # brings an eviction date to a household with (unknown) children. A notice that
    # opened its case is told by CaseOpened alone; one that does not say
    # (`opened_case` absent, events before 2026-11-30) waits for a CaseOpened
    # (reminders/rules.py, `notice_not_opening_a_case`).
    Rule(
        "NoticeReceived",
        "notice_joined_case",
        (CASE_OWNER,),
        (IN_APP, EMAIL),
        when={"opened_case": False},
    ),
    # The unit managers when that date is within a week, as for a new case (issue
    # #13); first, so a manager who is also in the children's unit reads the urgency.
    Rule(
        "NoticeReceived",
        "notice_joined_eviction_soon",
        (Role(UNIT_MANAGER),),
        (IN_APP, EMAIL),
        when={"opened_case": False, **CHILDREN_POSSIBLE},
        within_days={"eviction_date": A_WEEK},
    ),
    Rule(
        "NoticeReceived",
        "notice_joined_case_children",
        (Role(CHILDREN_AND_YOUTH_UNIT),),
        (IN_APP, EMAIL),
        when={"opened_case": False, **CHILDREN_POSSIBLE},
        when_set=("eviction_date",),
    ),
    # Outreach: the two named housing-support staff, visit within 48 hours.
    Rule("OutreachAssigned", "outreach_assigned", (UsersInField("staff"),), (IN_APP, EMAIL)),
    # An overdue legal deadline is the manager's; the case's own caseworker (else the
    # district's caseworkers) is told too.
    Rule("OutreachOverdue", "outreach_overdue_manager", (Role(UNIT_MANAGER),), (IN_APP, EMAIL)),
    Rule("OutreachOverdue", "outreach_overdue", (CASE_OWNER,), (IN_APP,)),
    # A letter to the tenant, rendered and stored for print and post.
    Rule("LetterRequested", "letter", (Addressee(),), (LETTER,)),
    Rule("CaseClosed", "case_closed", (CASE_OWNER,), (IN_APP,)),
    # The caseworker who now owns a case (or the team, when it is handed back).
    Rule("CaseAssigned", "case_assigned", (CASE_OWNER,), (IN_APP, EMAIL)),
    # A served date arrived later (CONTRACTS.md v1.1): the frist is now known.
    Rule("DeadlineSet", "deadline_set", (CASE_OWNER,), (IN_APP, EMAIL)),
    # ---------------------------------------------------------------------- intake
    # Seed 000: a non-client's certificate goes straight to the housing officer.
    Rule(
        "ApplicationRegistered",
        "application_to_housing_officer",
        (Role(HOUSING_OFFICER),),
        (IN_APP, EMAIL),
        when={"path": "certificate_only"},
    ),
    # The coordinator signed the investigation: it is the housing officer's now.
    Rule(
        "InvestigationApproved",
        "investigation_approved",
        (OwnerOrRole("housing_officer", HOUSING_OFFICER),),
        (IN_APP, EMAIL),
    ),
    Rule(
        "HousingDecisionGranted",
        "decision_granted",
        (Role(HOUSING_OFFICER), Role(COORDINATOR)),
        (IN_APP,),
    ),
    # Seed 000: "informera klienten att det inte finns någon verklig kö".
    Rule("HousingDecisionGranted", "no_queue_letter", (Addressee("letter_address"),), (LETTER,)),
    Rule("HousingDecisionRejected", "decision_rejected", (Role(CASEWORKER),), (IN_APP,)),
    Rule("DecisionEnded", "decision_ended", (Role(HOUSING_OFFICER), Role(COORDINATOR)), (IN_APP,)),
    # ------------------------------------------------------------------ allocation
    # DOMAIN §5: coordinators when a social-contract apartment is free.
    Rule("VacancyOpened", "vacancy_opened", (Role(COORDINATOR),), (IN_APP, EMAIL)),
    Rule("RoundDecided", "round_decided", (Role(COORDINATOR), Role(UNIT_MANAGER)), (IN_APP,)),
    Rule("OfferDeclined", "offer_declined", (Role(HOUSING_OFFICER), Role(COORDINATOR)), (IN_APP,)),
    # Seed 000: tell the coordinators who got the contract and why.
    Rule("OfferAccepted", "offer_accepted", (Role(COORDINATOR),), (IN_APP, EMAIL)),
    Rule("TenancyToBeSigned", "tenancy_to_be_signed", (Role(HOUSING_OFFICER),), (IN_APP, EMAIL)),
    Rule(
        "DecisionNotExecutedWarning",
        "decision_not_executed",
        (Role(UNIT_MANAGER),),
        (IN_APP, EMAIL),
    ),
    Rule("DecisionNotExecutedWarning", "decision_not_executed", (Role(COORDINATOR),), (IN_APP,)),
    Rule("IvoReportDue", "ivo_report_due", (Role(UNIT_MANAGER),), (IN_APP, EMAIL)),
    # --------------------------------------------------------------------- tenancy
    Rule("RentArrearsRegistered", "rent_arrears", (Role(CASEWORKER),), (IN_APP,)),
    Rule("LeaseSigned", "lease_signed", (Role(FEE_OFFICER), Role(COORDINATOR)), (IN_APP,)),
    # Seed 000: at two months unpaid the tenant is warned in writing.
    Rule(
        "RentDunningStepTaken",
        "rent_warning_letter",
        (Addressee(),),
        (LETTER,),
        when={"step": "written_warning"},
    ),
    Rule(
        "RentDunningStepTaken",
        "rent_dunning",
        (Role(CASEWORKER),),
        (IN_APP,),
        when={"step": ("written_warning", "debt_collection")},
    ),
    # DOMAIN §3: complaints go on to the caseworker, who talks to the client.
    Rule("ComplaintReceived", "complaint_received", (Role(CASEWORKER),), (IN_APP, EMAIL)),
    # Seed 003: the unit manager decides on termination.
    Rule("TerminationProposed", "termination_proposed", (Role(UNIT_MANAGER),), (IN_APP, EMAIL)),
    Rule(
        "MoveOutStepOverdue",
        "move_out_step_overdue",
        (RoleInField("responsible_role"),),
        (IN_APP, EMAIL),
    ),
    Rule("LeaseEnded", "lease_ended", (Role(FEE_OFFICER), Role(HOUSING_OFFICER)), (IN_APP,)),
    # Seed 003: the vacant apartment is reported to the planner.
    Rule("ApartmentVacated", "apartment_vacated", (Role(PLANNER),), (IN_APP,)),
    Rule("ApartmentReady", "apartment_ready", (Role(HOUSING_OFFICER),), (IN_APP,)),
    Rule("ApartmentLeftPool", "apartment_left_pool", (Role(PLANNER),), (IN_APP,)),
)

# Events the default table tells nobody of, on purpose, and why. They still set
# and cancel reminders (reminders/rules.py), and a district may route them with
# its own rules. Every other event of the producers reaches someone.
NOT_ROUTED: Final[Mapping[str, str]] = {
    "MoveOutStepDeadlineSet": "the step's reminder two working days before its deadline "
    "tells the responsible role; a message when the clock starts would be a third one",
    "MoveOutStepCompleted": "cancels the step's reminder; who did what is on the move-out page",
    "MoveOutProcessEnded": "cancels the process's reminders; ApartmentReady already tells "
    "the housing officer",
}

# Kept for callers that imported the table by its old name.
RULES: Final = DEFAULT_RULES
