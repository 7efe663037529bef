"""Reusable input rules: text without control characters, dates that can mean something.

Issue #8 found NUL bytes and right-to-left overrides stored in names, streets
and notes, a home visit dated 0001-01-01 counted as "started within 48 h", and
the integer 12345 read as a 1970 timestamp. The pieces here are Annotated
types for request models and small checks for query parameters; the rules that
need the domain (a visit not before its booking, a meeting not in the past) live
in each service and use `not_after`/`not_before` with the clock passed in.

    class NoteIn(BaseModel):
        text: SafeMultilineText = Field(max_length=4000)
        visited_at: PlausibleDateTime
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BeforeValidator

__all__ = [
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "MAX_INT64",
    "PlausibleDate",
    "PlausibleDateTime",
    "SafeMultilineText",
    "SafeText",
    "check_query_datetime",
    "not_after",
    "not_before",
    "plausible_date",
    "plausible_datetime",
    "query_without_nul",
    "safe_multiline_text",
    "safe_text",
]

MAX_INT64: Final = 2**63 - 1
"""The largest integer PostgreSQL's bigint holds: the upper bound of every offset and seq."""

EARLIEST_YEAR: Final = 1900
LATEST_YEAR: Final = 2200
"""Dates outside these years mean a typing or software error, never a real event
(nobody in the platform's data was born before 1900; no deadline runs past 2200)."""

# Explicit direction controls: embeddings, overrides and isolates (Unicode TR #9).
# They make "Exempelgatan 1" display as something else; no name or street needs them.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_CONTROLS: Final = frozenset("\n\r\t")


def _clean(value: str, *, multiline: bool) -> str:
    value = unicodedata.normalize("NFC", value)
    for character in value:
        if character in _BIDI_CONTROLS:
            raise ValueError("must not contain text-direction control characters")
        if unicodedata.category(character) == "Cc" and not (
            multiline and character in _LINE_CONTROLS
        ):
            if character == "\x00":
                raise ValueError("must not contain NUL characters")
            raise ValueError("must not contain control characters")
    return value


def safe_text(value: str) -> str:
    """One line of text (a name, a street): NFC, no control or direction characters."""
    return _clean(value, multiline=False)


def safe_multiline_text(value: str) -> str:
    """Free text (a note, a message): as `safe_text`, but line breaks and tabs allowed."""
    return _clean(value, multiline=True)


SafeText = Annotated[str, AfterValidator(safe_text)]
SafeMultilineText = Annotated[str, AfterValidator(safe_multiline_text)]


def _refuse_numbers(value: Any) -> Any:
    # Pydantic reads a JSON number as seconds since 1970; no client means that.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("give the date as text in ISO 8601 (e.g. 2026-11-30), not a number")
    if isinstance(value, bool):
        raise ValueError("give the date as text in ISO 8601")
    return value


def _within_years(year: int) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise ValueError(f"year must be between {EARLIEST_YEAR} and {LATEST_YEAR}")


def plausible_date(value: date) -> date:
    _within_years(value.year)
    return value


def plausible_datetime(value: datetime) -> datetime:
    _within_years(value.year)
    if value.tzinfo is not None:
        try:
            in_utc = value.astimezone(UTC)
        except OverflowError:  # 9999-12-31T23:59:59-14:00 is in year 10000 in UTC
            raise ValueError("date and time out of range") from None
        _within_years(in_utc.year)
    return value


PlausibleDate = Annotated[date, BeforeValidator(_refuse_numbers), AfterValidator(plausible_date)]
PlausibleDateTime = Annotated[
    datetime, BeforeValidator(_refuse_numbers), AfterValidator(plausible_datetime)
]


def not_after(value: datetime, limit: datetime, message: str) -> None:
    """Raise ValueError(message) when `value` is later than `limit`."""
    if value > limit:
        raise ValueError(message)


def not_before(value: datetime, limit: datetime, message: str) -> None:
    """Raise ValueError(message) when `value` is earlier than `limit`."""
    if value < limit:
        raise ValueError(message)


def check_query_datetime(
    field: str, value: datetime | None, raw: str | None = None
) -> datetime | None:
    """A query parameter's datetime, refused with a 422 naming `field` when implausible.

    `raw` is the parameter as sent: the framework reads `12345` as seconds since
    1970, which no client means, so a bare number is refused too.
    """
    if value is None:
        return None
    try:
        if raw is not None:
            _refuse_numbers(_as_number(raw.strip()))
        return plausible_datetime(value)
    except (ValueError, OverflowError) as exc:
        from litestar.exceptions import ValidationException

        message = str(exc) if isinstance(exc, ValueError) else "date out of range"
        raise ValidationException(
            detail="invalid input", extra=[{"key": field, "message": message}]
        ) from None


def _as_number(text: str) -> Any:
    try:
        return float(text)
    except ValueError:
        return text


def query_without_nul(query_string: bytes) -> bool:
    """False when a raw query string carries a NUL (`%00`), which PostgreSQL refuses."""
    from urllib.parse import unquote_to_bytes

    return b"\x00" not in unquote_to_bytes(query_string.replace(b"+", b" "))
