"""The routing table: which event tells whom, through which channels.

Rules are data. Adding a recipient or a channel is a line here, not a code
change; `engine.route` applies them and `validate_rules` (run by the tests and
at start-up) checks them against the registered event payloads.

Sources (DOMAIN.md, seeds 001, 002, 004): the caseworker is told when a notice
arrives; households with children also involve the children-and-youth unit;
outreach goes to two named housing-support staff within 48 hours and the unit
manager hears when it is late; letters go to print.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from notifications.routing.recipients import (
    CASEWORKER,
    CHILDREN_AND_YOUTH_UNIT,
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
    """The staff user ids listed in a payload field (e.g. OutreachAssigned.staff)."""

    field: str


@dataclass(frozen=True)
class Addressee:
    """The person named in the payload's `recipient` (a letter's addressee)."""


RecipientSelector = Role | UsersInField | Addressee


@dataclass(frozen=True)
class Rule:
    event: str  # registered event name, e.g. "CaseOpened"
    kind: str  # notification kind: picks the Swedish text (inbox/texts.py) or letter
    recipients: tuple[RecipientSelector, ...]
    channels: tuple[ChannelName, ...]
    # Payload fields that must all equal these values for the rule to apply.
    when: Mapping[str, object] = field(default_factory=dict)


RULES: Final[tuple[Rule, ...]] = (
    # A landlord's notice (underrättelse): the district's caseworkers handle it.
    Rule("NoticeReceived", "notice_received", (Role(CASEWORKER),), (IN_APP, EMAIL)),
    Rule("CaseOpened", "case_opened", (Role(CASEWORKER),), (IN_APP,)),
    # Household with children: the children-and-youth unit assesses the children's
    # needs and attends an eviction together with the adult unit (seed 004).
    Rule(
        "CaseOpened",
        "case_opened_children",
        (Role(CHILDREN_AND_YOUTH_UNIT),),
        (IN_APP, EMAIL),
        when={"track": "with_children"},
    ),
    # Not known whether there are children: the unit is asked to look too, since
    # missing a child is worse than an extra notification.
    Rule(
        "CaseOpened",
        "case_opened_children_unknown",
        (Role(CHILDREN_AND_YOUTH_UNIT),),
        (IN_APP,),
        when={"track": "without_children", "children_unknown": True},
    ),
    # Outreach: the two named housing-support staff, visit within 48 hours.
    Rule("OutreachAssigned", "outreach_assigned", (UsersInField("staff"),), (IN_APP, EMAIL)),
    Rule(
        "OutreachOverdue",
        "outreach_overdue",
        (Role(UNIT_MANAGER), Role(CASEWORKER)),
        (IN_APP, EMAIL),
    ),
    # A letter to the tenant, rendered and queued for print and post.
    Rule("LetterRequested", "letter", (Addressee(),), (LETTER,)),
    Rule("CaseClosed", "case_closed", (Role(CASEWORKER),), (IN_APP,)),
)
