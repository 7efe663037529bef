"""Tables of the notifications service.

The infrastructure tables every service owns (outbox, inbox, access log) are
imported so that this module alone describes the whole database for Alembic.
"""

from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.auth.directory import StaffMember, StaffMembership
from bostad_common.messaging import OutboxMessage, ProcessedEvent
from notifications.channels.models import Delivery
from notifications.inbox.models import InboxNotification, InboxReadReceipt
from notifications.letters.models import Letter
from notifications.preferences.models import NotificationPreference
from notifications.reminders.models import Reminder
from notifications.routing.store import RoutingRuleSet

__all__ = [
    "AccessLogEntry",
    "Delivery",
    "InboxNotification",
    "InboxReadReceipt",
    "Letter",
    "NotificationPreference",
    "OutboxMessage",
    "ProcessedEvent",
    "Reminder",
    "RoutingRuleSet",
    "StaffMember",
    "StaffMembership",
]
