"""Tables of the tenancy service.

The infrastructure tables every service owns (outbox, inbox, access log) are
imported so that this module alone describes the whole database for Alembic.
"""

from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.messaging import OutboxMessage, ProcessedEvent
from tenancy.arrears.models import ArrearsRegistration, DunningStepRecord
from tenancy.complaints.models import Complaint
from tenancy.districts.models import DistrictConfig
from tenancy.follow_up.models import CourseParticipant, FollowUpVisit, HousingCourse
from tenancy.leases.models import Counter, HeadLease, Lease, RentChange
from tenancy.ledger.models import LedgerEntry
from tenancy.move_out.models import MoveOutProcess, MoveOutStep
from tenancy.payments.models import Payment, PaymentFile
from tenancy.rent.models import Invoice, RentRun

__all__ = [
    "AccessLogEntry",
    "ArrearsRegistration",
    "Complaint",
    "Counter",
    "CourseParticipant",
    "DistrictConfig",
    "DunningStepRecord",
    "FollowUpVisit",
    "HeadLease",
    "HousingCourse",
    "Invoice",
    "Lease",
    "LedgerEntry",
    "MoveOutProcess",
    "MoveOutStep",
    "OutboxMessage",
    "Payment",
    "PaymentFile",
    "ProcessedEvent",
    "RentChange",
    "RentRun",
]
