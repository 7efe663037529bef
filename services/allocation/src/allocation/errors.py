"""Domain errors, mapped to HTTP answers in `web.py` and to the DLQ by consumers.

Invalid input is `bostad_common.http_errors.FieldErrors` (422 with named fields).
Messages never contain personal data (household ids are random, not personal).
"""

from __future__ import annotations


class NotFound(Exception):
    """The record does not exist, or is in a district the caller cannot see."""

    def __init__(self, what: str = "not found") -> None:
        super().__init__(what)
        self.what = what


class NotPermitted(Exception):
    """The caller may not do this to this record."""

    def __init__(self, reason: str = "not permitted") -> None:
        super().__init__(reason)
        self.reason = reason


class Conflict(Exception):
    """The record's state does not allow it (e.g. the list is not frozen yet)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
