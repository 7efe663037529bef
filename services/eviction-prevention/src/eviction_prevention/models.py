"""Tables of the eviction-prevention service.

The infrastructure tables every service owns (outbox, inbox, access log) are
imported so that this module alone describes the whole database for Alembic.
"""

from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.messaging import OutboxMessage, ProcessedEvent
from eviction_prevention.cases.models import Case
from eviction_prevention.checklists.models import ChecklistItem
from eviction_prevention.districts.models import District
from eviction_prevention.landlords.models import Landlord, LandlordCredential, LandlordDistrict
from eviction_prevention.notices.models import Notice
from eviction_prevention.outcomes.models import Intervention
from eviction_prevention.outreach.models import (
    Consent,
    ContactAttempt,
    HomeVisit,
    LetterRequest,
    Meeting,
    OutreachAssignment,
)

__all__ = [
    "AccessLogEntry",
    "Case",
    "ChecklistItem",
    "Consent",
    "ContactAttempt",
    "District",
    "HomeVisit",
    "Intervention",
    "Landlord",
    "LandlordCredential",
    "LandlordDistrict",
    "LetterRequest",
    "Meeting",
    "Notice",
    "OutboxMessage",
    "OutreachAssignment",
    "ProcessedEvent",
]
