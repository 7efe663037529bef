"""Tables of the tenancy service.

The infrastructure tables every service owns (outbox, inbox, access log) are
imported so that this module alone describes the whole database for Alembic.
"""

from bostad_common.auth.access_log import AccessLogEntry
from bostad_common.messaging import OutboxMessage, ProcessedEvent

__all__ = ["AccessLogEntry", "OutboxMessage", "ProcessedEvent"]
