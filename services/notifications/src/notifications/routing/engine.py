"""Applying the routing rules to one event: pure, no database, no broker."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel

from bostad_common.events import EVENTS, EventSpec
from notifications.routing.recipients import (
    STAFF_GROUPS,
    LetterAddressee,
    Recipient,
    StaffGroup,
    StaffUser,
)
from notifications.routing.rules import (
    CHANNELS,
    LETTER,
    RULES,
    Addressee,
    Role,
    Rule,
    UsersInField,
)


@dataclass(frozen=True, order=True)
class RoutedNotification:
    """One thing to do for an event: tell `recipient` about `kind` through `channel`."""

    kind: str
    recipient: Recipient
    channel: str


class InvalidRule(ValueError):
    pass


def _field(payload: BaseModel, name: str) -> object:
    return getattr(payload, name)


def _matches(rule: Rule, payload: BaseModel) -> bool:
    return all(_field(payload, name) == value for name, value in rule.when.items())


def _resolve(rule: Rule, district: str, payload: BaseModel) -> list[Recipient]:
    recipients: list[Recipient] = []
    for selector in rule.recipients:
        if isinstance(selector, Role):
            recipients.append(StaffGroup(district, selector.role))
        elif isinstance(selector, UsersInField):
            users = _field(payload, selector.field)
            assert isinstance(users, list)
            recipients += [StaffUser(district, str(user)) for user in users if user]
        elif isinstance(selector, Addressee):
            recipients.append(LetterAddressee(district))
    return recipients


def route(
    event_name: str, payload: BaseModel, rules: Iterable[Rule] = RULES
) -> list[RoutedNotification]:
    """Every (kind, recipient, channel) the rules ask for, once each, in a stable order.

    The district comes from the payload (each eviction event carries it), so a
    notification can never be addressed outside the event's own district.
    """
    district = str(_field(payload, "district"))
    result: set[RoutedNotification] = set()
    for rule in rules:
        if rule.event != event_name or not _matches(rule, payload):
            continue
        for recipient in _resolve(rule, district, payload):
            for channel in rule.channels:
                result.add(RoutedNotification(rule.kind, recipient, channel))
    return sorted(result, key=lambda d: (d.kind, d.recipient.key, d.channel))


def _spec(name: str) -> EventSpec:
    for spec in EVENTS.all():
        if spec.name == name:
            return spec
    raise InvalidRule(f"rule for unknown event {name}")


def validate_rules(rules: Iterable[Rule] = RULES) -> None:
    """Check the table against the registered payloads; raises InvalidRule."""
    for rule in rules:
        fields = _spec(rule.event).payload.model_fields
        if "district" not in fields:
            raise InvalidRule(f"{rule.event} has no district to route by")
        for name in rule.when:
            if name not in fields:
                raise InvalidRule(f"{rule.event}.{name} does not exist (when)")
        if not rule.channels or not set(rule.channels) <= CHANNELS:
            raise InvalidRule(f"{rule.kind}: unknown channel in {rule.channels}")
        if not rule.recipients:
            raise InvalidRule(f"{rule.kind}: no recipients")
        for selector in rule.recipients:
            letter_only = rule.channels == (LETTER,)
            if isinstance(selector, Addressee) != letter_only:
                raise InvalidRule(f"{rule.kind}: letters go to the addressee, and only letters")
            if isinstance(selector, UsersInField) and selector.field not in fields:
                raise InvalidRule(f"{rule.event}.{selector.field} does not exist (recipients)")
            if isinstance(selector, Role) and selector.role not in STAFF_GROUPS:
                raise InvalidRule(f"{rule.kind}: unknown staff group {selector.role}")
            if isinstance(selector, Addressee) and "recipient" not in fields:
                raise InvalidRule(f"{rule.event} has no recipient to write to")
