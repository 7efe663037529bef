"""The purposes for which allocation reads a household's data.

The actor itself and the access-log entry are the platform's
(`bostad_common.auth.actor`); what is this service's own is why it reads a
person's data, the purpose the access log records.
"""

from __future__ import annotations

from functools import partial

from bostad_common.auth.actor import log_person_access

PURPOSE_ALLOCATION = "allocation"
PURPOSE_IVO_REPORTING = "ivo reporting"

log_household_access = partial(log_person_access, purpose=PURPOSE_ALLOCATION)
