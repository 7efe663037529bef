"""Domain errors, mapped to HTTP answers in `web.py`. Messages never carry personal data.

Invalid input is `bostad_common.http_errors.FieldErrors` (422 with named fields).
"""

from __future__ import annotations


class NotFound(Exception):
    """The record does not exist, or is in a district the caller cannot see."""

    def __init__(self, what: str = "not found") -> None:
        super().__init__(what)
        self.what = what


class NotPermitted(Exception):
    def __init__(self, reason: str = "not permitted") -> None:
        super().__init__(reason)
        self.reason = reason


class Conflict(Exception):
    """The record's state does not allow it (e.g. the lease is already signed)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
