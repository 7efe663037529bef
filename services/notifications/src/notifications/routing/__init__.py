"""Who is told what: routing rules as data, and the pure function that applies them."""

from notifications.routing.engine import RoutedNotification, route, validate_rules
from notifications.routing.recipients import LetterAddressee, Recipient, StaffGroup, StaffUser
from notifications.routing.rules import RULES, Rule

__all__ = [
    "RULES",
    "LetterAddressee",
    "Recipient",
    "RoutedNotification",
    "Rule",
    "StaffGroup",
    "StaffUser",
    "route",
    "validate_rules",
]
