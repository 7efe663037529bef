"""Domain errors, mapped to HTTP answers in `web.py`.

Invalid input is `bostad_common.http_errors.FieldErrors` (422 with named fields).
Messages never contain personal data.
"""

from __future__ import annotations


class NotFound(Exception):
    """The record does not exist, or is in a district the caller cannot see."""

    def __init__(self, what: str = "not found") -> None:
        super().__init__(what)
        self.what = what


class NotPermitted(Exception):
    """The caller may not do this to this record (e.g. not the district's deciding role)."""

    def __init__(self, reason: str = "not permitted") -> None:
        super().__init__(reason)
        self.reason = reason


class Conflict(Exception):
    """The application's state does not allow the action; says which state would."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
