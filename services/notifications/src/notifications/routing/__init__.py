"""Who is told what: routing rules as data, and the pure function that applies them."""

from notifications.routing.engine import (
    InvalidRule,
    RoutedNotification,
    caused_by,
    route,
    validate_rules,
)
from notifications.routing.recipients import LetterAddressee, Recipient, StaffGroup, StaffUser
from notifications.routing.rules import DEFAULT_RULES, RULES, Rule

__all__ = [
    "DEFAULT_RULES",
    "RULES",
    "InvalidRule",
    "LetterAddressee",
    "Recipient",
    "RoutedNotification",
    "Rule",
    "StaffGroup",
    "StaffUser",
    "caused_by",
    "route",
    "validate_rules",
]
