"""Applying the routing rules to one event: pure, no database, no broker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel

# The payloads the rules are checked against are registered on import.
from bostad_common.events import EVENTS, EventSpec, allocation, eviction, intake, tenancy  # noqa: F401
from notifications.routing.recipients import (
    STAFF_GROUPS,
    LetterAddressee,
    Recipient,
    StaffGroup,
    StaffUser,
)
from notifications.routing.rules import (
    CAUSED_BY,
    CHANNELS,
    DEFAULT_RULES,
    LETTER,
    Addressee,
    OwnerOrRole,
    Role,
    RoleInField,
    Rule,
    UsersInField,
)


@dataclass(frozen=True, order=True)
class RoutedNotification:
    """One thing to do for an event: tell `recipient` about `kind` through `channel`."""

    kind: str
    recipient: Recipient
    channel: str
    # Position of the rule in the table: when one person is reached by several
    # rules of one event, the first rule's kind is the one they are told.
    rank: int = field(default=0, compare=False)


class InvalidRule(ValueError):
    """A rule that does not fit the registered payloads; the message names the rule."""


def _field(payload: BaseModel, name: str) -> object:
    return getattr(payload, name, None)


def _matches(rule: Rule, payload: BaseModel, today: date) -> bool:
    for name, expected in rule.when.items():
        actual = _field(payload, name)
        if isinstance(expected, list | tuple | frozenset | set):
            if actual not in expected:
                return False
        elif actual != expected:
            return False
    for name in rule.when_set:
        if _field(payload, name) is None:
            return False
    for name, days in rule.within_days.items():
        moment = _field(payload, name)
        # From today on: a date already past is no "within a week" (its text would say so).
        if not isinstance(moment, date) or not 0 <= (moment - today).days <= days:
            return False
    return True


def _ids(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple | set | frozenset):
        return [str(item) for item in value if item]
    return [str(value)]


def _resolve(rule: Rule, district: str, payload: BaseModel) -> list[Recipient]:
    recipients: list[Recipient] = []
    for selector in rule.recipients:
        if isinstance(selector, Role):
            recipients.append(StaffGroup(district, selector.role))
        elif isinstance(selector, UsersInField):
            recipients += [
                StaffUser(district, user) for user in _ids(_field(payload, selector.field))
            ]
        elif isinstance(selector, OwnerOrRole):
            owners = _ids(_field(payload, selector.field))
            if owners:
                recipients += [StaffUser(district, owner) for owner in owners]
            else:
                recipients.append(StaffGroup(district, selector.role))
        elif isinstance(selector, RoleInField):
            role = _field(payload, selector.field)
            # A role the platform does not know reaches nobody rather than failing the event.
            if isinstance(role, str) and role in STAFF_GROUPS:
                recipients.append(StaffGroup(district, role))
        elif isinstance(selector, Addressee):
            if _field(payload, selector.field) is not None:
                recipients.append(LetterAddressee(district))
    return recipients


def caused_by(event_name: str, payload: BaseModel) -> frozenset[str]:
    """The staff user id(s) whose action caused the event: they are not told of it."""
    name = CAUSED_BY.get(event_name)
    return frozenset(_ids(_field(payload, name))) if name else frozenset()


def route(
    event_name: str,
    payload: BaseModel,
    rules: Iterable[Rule] = DEFAULT_RULES,
    *,
    today: date | None = None,
) -> list[RoutedNotification]:
    """Every (kind, recipient, channel) the rules ask for, once each, in a stable order.

    The district comes from the payload (every routed event carries it), so a
    notification can never be addressed outside the event's own district. The
    person who caused the event is left out when addressed by id; groups are
    expanded (and that person left out) by the service.
    """
    district = str(_field(payload, "district"))
    today = today or date.today()
    actors = caused_by(event_name, payload)
    result: dict[RoutedNotification, RoutedNotification] = {}
    for rank, rule in enumerate(rules):
        if rule.event != event_name or not _matches(rule, payload, today):
            continue
        for recipient in _resolve(rule, district, payload):
            if isinstance(recipient, StaffUser) and recipient.user_id in actors:
                continue
            for channel in rule.channels:
                routed = RoutedNotification(rule.kind, recipient, channel, rank)
                result.setdefault(routed, routed)
    return sorted(result.values(), key=lambda d: (d.rank, d.kind, d.recipient.key, d.channel))


def _spec(name: str) -> EventSpec:
    for spec in EVENTS.all():
        if spec.name == name:
            return spec
    raise InvalidRule(f"rule for unknown event {name}")


def validate_rules(rules: Iterable[Rule] = DEFAULT_RULES) -> None:
    """Check the table against the registered payloads; raises InvalidRule."""
    for index, rule in enumerate(rules):
        where = f"rules[{index}] ({rule.event}/{rule.kind})"
        fields = _spec(rule.event).payload.model_fields
        if "district" not in fields:
            raise InvalidRule(f"{where}: {rule.event} has no district to route by")
        if not rule.kind or len(rule.kind) > 64:
            raise InvalidRule(f"{where}: kind must be 1-64 characters")
        for name in [*rule.when, *rule.when_set, *rule.within_days]:
            if name not in fields:
                raise InvalidRule(f"{where}: {rule.event}.{name} does not exist")
        for name, days in rule.within_days.items():
            if not isinstance(days, int) or days < 0:
                raise InvalidRule(f"{where}: within_days.{name} must be a whole number >= 0")
        if not rule.channels or not set(rule.channels) <= CHANNELS:
            raise InvalidRule(f"{where}: unknown channel in {list(rule.channels)}")
        if not rule.recipients:
            raise InvalidRule(f"{where}: no recipients")
        letter_only = tuple(rule.channels) == (LETTER,)
        for selector in rule.recipients:
            if isinstance(selector, Addressee) != letter_only:
                raise InvalidRule(f"{where}: letters go to the addressee, and only letters")
            named = getattr(selector, "field", None)
            if named is not None and named not in fields:
                raise InvalidRule(f"{where}: {rule.event}.{named} does not exist (recipients)")
            role = getattr(selector, "role", None)
            if role is not None and role not in STAFF_GROUPS:
                raise InvalidRule(f"{where}: unknown staff group {role}")
