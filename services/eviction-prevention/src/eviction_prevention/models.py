"""Tables of the eviction-prevention service.

The infrastructure tables every service owns (outbox, inbox, access log) are
imported so that this module alone describes the whole database for Alembic.
"""

from bostad_common.auth.access_log import AccessLogEntry

# A copy of the staff directory (kept by directory_feed/): outreach is booked
# only for people active as housing support in the case's district.
from bostad_common.auth.directory import StaffMember, StaffMembership
from bostad_common.messaging import OutboxMessage, ProcessedEvent
from eviction_prevention.cases.models import Case
from eviction_prevention.checklists.models import ChecklistItem, ChecklistItemChange
from eviction_prevention.districts.models import District
from eviction_prevention.journal.models import Attachment, JournalEntry
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
from eviction_prevention.ownership.models import CaseOwnershipChange
from eviction_prevention.person.models import PersonDataChange

__all__ = [
    "AccessLogEntry",
    "Attachment",
    "Case",
    "CaseOwnershipChange",
    "ChecklistItem",
    "ChecklistItemChange",
    "Consent",
    "ContactAttempt",
    "District",
    "HomeVisit",
    "Intervention",
    "JournalEntry",
    "Landlord",
    "LandlordCredential",
    "LandlordDistrict",
    "LetterRequest",
    "Meeting",
    "Notice",
    "OutboxMessage",
    "OutreachAssignment",
    "PersonDataChange",
    "ProcessedEvent",
    "StaffMember",
    "StaffMembership",
]
