"""The purposes for which tenancy reads and changes a tenant's data.

The actor itself and the access-log entry are the platform's
(`bostad_common.auth.actor`); what is this service's own is why it reads a
person's data, the purpose the access log records.
"""

from __future__ import annotations

from functools import partial

from bostad_common.auth.actor import log_person_access

PURPOSE_RENT_ACCOUNTING = "rent accounting"
PURPOSE_TENANCY = "tenancy administration"

log_tenant_access = partial(log_person_access, purpose=PURPOSE_TENANCY)
