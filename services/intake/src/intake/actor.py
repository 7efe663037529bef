"""The purposes for which intake reads and changes a person's data.

The actor itself and the access-log entry are the platform's
(`bostad_common.auth.actor`); what is this service's own is why it reads a
person's data, the purpose the access log records.
"""

from __future__ import annotations

from functools import partial

from bostad_common.auth.actor import log_person_access as _log_person_access

PURPOSE_APPLICATION_HANDLING = "housing application handling"

log_person_access = partial(_log_person_access, purpose=PURPOSE_APPLICATION_HANDLING)
