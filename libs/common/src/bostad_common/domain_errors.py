"""The three domain errors every service raises, and the HTTP answers they become.

Invalid input is `bostad_common.http_errors.FieldErrors` (422 with named fields).
Messages never carry personal data: they name records by their random ids and
say which state or role would allow the action.
"""

from __future__ import annotations


class NotFound(Exception):
    """The record does not exist, or is in a district the caller cannot see (404)."""

    def __init__(self, what: str = "not found") -> None:
        super().__init__(what)
        self.what = what


class NotPermitted(Exception):
    """The caller may not do this to this record (403)."""

    def __init__(self, reason: str = "not permitted") -> None:
        super().__init__(reason)
        self.reason = reason


class Conflict(Exception):
    """The record's state does not allow the action; the reason says which would (409)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
