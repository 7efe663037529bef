"""Tables of the allocation service.

The infrastructure tables every service owns (outbox, inbox, access log) are
imported so that this module alone describes the whole database for Alembic.
"""

from allocation.apartments.models import Apartment, Vacancy
from allocation.clock.models import ClockInterruption, ClockWarning, DecisionClock, IvoPeriodNotice
from allocation.districts.models import DistrictAllocationConfig
from allocation.offers.models import Offer
from allocation.pool.models import Household
from allocation.reports.models import LeaseRecord, TakeoverRecord, VacatedRecord
from allocation.rounds.models import Nomination, Round, RoundStep, Verdict
from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.messaging import OutboxMessage, ProcessedEvent

__all__ = [
    "AccessLogEntry",
    "Apartment",
    "ClockInterruption",
    "ClockWarning",
    "DecisionClock",
    "DistrictAllocationConfig",
    "Household",
    "IvoPeriodNotice",
    "LeaseRecord",
    "Nomination",
    "Offer",
    "OutboxMessage",
    "ProcessedEvent",
    "Round",
    "RoundStep",
    "TakeoverRecord",
    "Vacancy",
    "VacatedRecord",
    "Verdict",
]
