"""Tables of the intake service.

The infrastructure tables every service owns (outbox, inbox, access log) are
imported so that this module alone describes the whole database for Alembic.
"""

from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.messaging import OutboxMessage, ProcessedEvent
from intake.applications.models import Application
from intake.assessment.models import InformationRequest, LandlordJudgement, Meeting
from intake.certificates.models import Certificate
from intake.decisions.models import Appeal, Decision
from intake.households.models import Debt, Household, HouseholdMember
from intake.investigations.models import Investigation, InvestigationAnswer
from intake.journal.models import JournalEntry

__all__ = [
    "AccessLogEntry",
    "Appeal",
    "Application",
    "Certificate",
    "Debt",
    "Decision",
    "Household",
    "HouseholdMember",
    "InformationRequest",
    "Investigation",
    "InvestigationAnswer",
    "JournalEntry",
    "LandlordJudgement",
    "Meeting",
    "OutboxMessage",
    "ProcessedEvent",
]
