"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

A personal number is the single most sensitive identifier the platform handles, so this module
is built around not leaking it:

* ``str()``, ``repr()`` and f-strings of a :class:`PersonalNumber` give the *masked* form
  (``19121212-XXXX``), so an object that ends up in a log line or an exception does not expose
  the full number. Use :attr:`PersonalNumber.canonical` when the full value is really needed,
  e.g. for storage or for a call to a register.
* :class:`InvalidPersonalNumber` messages only name the problem and never repeat the input, so
  they can go into logs and HTTP error bodies as they are.
* The pydantic type :data:`PersonalNumberField` keeps the rejected input out of pydantic's
  validation errors too (pydantic normally echoes the input in ``input_value``).

Every accepted input form is normalised to one canonical 12-digit form, so the same person
always compares, hashes and stores equal whichever form a caller typed.

The Python package ``personnummer`` is not a dependency of this project, so the (small) rules
are implemented here: the Luhn check digit over the 10-digit form, a real calendar date, the
+60 day offset of coordination numbers, and Skatteverket's century rule for the 10-digit forms.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Final, Literal
from zoneinfo import ZoneInfo

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = [
    "PERSONAL_NUMBER_PATTERN",
    "InvalidPersonalNumber",
    "PersonalNumber",
    "PersonalNumberField",
    "contains_personal_number",
]

# Skatteverket and the municipality both live in Swedish time; "today" at 00:30 in Stockholm
# must not be yesterday just because a server runs in UTC.
_STOCKHOLM: Final = ZoneInfo("Europe/Stockholm")

# Coordination numbers add 60 to the day of birth so they can never collide with a
# personal number of someone born the same date.
_COORDINATION_DAY_OFFSET: Final = 60

# ASCII digits only ([0-9], not \d): \d also matches e.g. Arabic-Indic digits, which no
# Swedish register would issue and which int() would silently accept.
_PARSE_RE: Final = re.compile(
    r"(?P<century>[0-9]{2})?"
    r"(?P<yymmdd>[0-9]{6})"
    r"(?P<separator>[-+]?)"
    r"(?P<serial>[0-9]{3})"
    r"(?P<check>[0-9])"
)

PERSONAL_NUMBER_PATTERN: Final[re.Pattern[str]] = re.compile(
    r"(?<![0-9])(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}(?![0-9])"
)
"""Finds anything shaped like a personal number (10 or 12 digits, optional ``-`` or ``+``).

Deliberately coarse: it is meant for leak scanners (e.g. tests asserting that logs, events
and error bodies contain no personal numbers), where missing a number is worse than a false
alarm. The lookarounds stop it from matching inside longer digit runs. Use
:func:`contains_personal_number` to ignore matches that cannot be personal numbers.
"""


def mask_personal_numbers(text: str, replacement: str) -> str:
    """``text`` with everything :data:`PERSONAL_NUMBER_PATTERN` finds replaced.

    The one personal-number finder of the platform: the log masking filter, the
    dead-letter reasons and the suite's leak scan all use this pattern. Masking is
    coarse on purpose (no Luhn check): hiding a case number by mistake costs little,
    letting one personal number through costs a person's privacy.
    """
    return PERSONAL_NUMBER_PATTERN.sub(replacement, text)


_WRONG_FORMAT: Final = (
    "wrong format: expected YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN or YYMMDD+NNNN"
)
_BAD_CHECK_DIGIT: Final = "check digit does not match"
_NOT_A_DATE: Final = "not a real date"
_FUTURE_DATE: Final = "birth date is in the future"


class InvalidPersonalNumber(ValueError):
    """Raised for any input that is not a valid personal or coordination number.

    The message never contains the input (or any part of it), so it is safe to log and to
    return to an API client.
    """


def _luhn_is_valid(ten_digits: str) -> bool:
    """Luhn (mod 10) over the 10-digit form, weights 2,1,2,1,... from the left.

    Skatteverket computes the check digit over YYMMDDNNN only, so the century never
    takes part; a 12-digit number is checked over its last ten digits.
    """
    total = 0
    for index, char in enumerate(ten_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _stockholm_today() -> date:
    return datetime.now(_STOCKHOLM).date()


def _full_year(yy: int, *, centenarian: bool, today: date) -> int:
    """Pick the century for a 10-digit number.

    Skatteverket's rule: the ``-`` separator is used until the *calendar year* in which the
    person turns 100, and ``+`` from that year on. So ``-`` means the birth year is one of the
    last 100 years up to and including this year, and ``+`` means 100 years before that. A
    ``-`` number whose date is later this year therefore resolves to a future date and is
    rejected, rather than being silently re-interpreted as someone born 100 years earlier.
    """
    base_year = today.year - 100 if centenarian else today.year
    return base_year - ((base_year - yy) % 100)


class PersonalNumber:
    """A validated Swedish personal identity number or coordination number.

    Immutable and hashable; two instances are equal when they denote the same number,
    whatever form they were parsed from.

    ``str()``/``repr()`` return the masked form (``19121212-XXXX``) so that accidental logging
    does not leak the full number. Use :attr:`canonical` to get the full value for storage.
    """

    __slots__ = ("_birth_date", "_digits")

    _digits: str  # 12 digits, no separator: YYYYMMDDNNNC (day +60 for coordination numbers)
    _birth_date: date

    def __init__(self, text: str, *, today: date | None = None) -> None:
        """Parse and validate ``text``; see :meth:`parse`."""
        digits, birth_date = _parse(text, today=today)
        object.__setattr__(self, "_digits", digits)
        object.__setattr__(self, "_birth_date", birth_date)

    @classmethod
    def parse(cls, text: str, *, today: date | None = None) -> PersonalNumber:
        """Parse any of the forms YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN, YYMMDD+NNNN.

        Surrounding whitespace is ignored. ``today`` (default: today's date in Stockholm)
        decides the century of the 10-digit forms and what counts as "in the future"; tests
        pass it explicitly so they don't start failing as the calendar moves.

        Raises:
            InvalidPersonalNumber: with a message that names the problem but not the input.
        """
        return cls(text, today=today)

    @property
    def birth_date(self) -> date:
        """Date of birth (for a coordination number: the real date, without the +60)."""
        return self._birth_date

    @property
    def is_coordination_number(self) -> bool:
        """True for a samordningsnummer (issued to people not registered in Sweden)."""
        return int(self._digits[6:8]) > _COORDINATION_DAY_OFFSET

    @property
    def sex(self) -> Literal["female", "male"]:
        """Legal sex as encoded in the number: odd second-to-last digit means male."""
        return "male" if int(self._digits[10]) % 2 == 1 else "female"

    @property
    def canonical(self) -> str:
        """The full number as ``YYYYMMDD-NNNN``: the form to store and to compare on.

        This is the only accessor that reveals the last four digits; keep it out of logs.
        For a coordination number the day keeps its +60 (``19701063-2391``), because that is
        the number as issued.
        """
        return f"{self._digits[:8]}-{self._digits[8:]}"

    @property
    def masked(self) -> str:
        """Display form that keeps the date part and hides the last four: ``19121212-XXXX``."""
        return f"{self._digits[:8]}-XXXX"

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.masked!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PersonalNumber):
            return NotImplemented
        return self._digits == other._digits

    def __hash__(self) -> int:
        return hash((PersonalNumber, self._digits))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        # The default slot-based pickling would go through the blocked __setattr__.
        return (type(self), (self.canonical,))


def _parse(text: str, *, today: date | None) -> tuple[str, date]:
    """Return (12 digits, birth date). All errors are raised ``from None`` so no underlying
    exception (whose message might quote the digits) is chained onto ours."""
    if not isinstance(text, str):
        raise InvalidPersonalNumber("wrong format: expected a string")
    match = _PARSE_RE.fullmatch(text.strip())
    if match is None:
        raise InvalidPersonalNumber(_WRONG_FORMAT)
    century, yymmdd, separator, serial, check = match.group(
        "century", "yymmdd", "separator", "serial", "check"
    )
    if century is not None and separator == "+":
        # With the century written out, '+' is meaningless; accepting it would hide typos.
        raise InvalidPersonalNumber(_WRONG_FORMAT)
    if not _luhn_is_valid(yymmdd + serial + check):
        raise InvalidPersonalNumber(_BAD_CHECK_DIGIT)

    if today is None:
        today = _stockholm_today()
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6])
    if century is not None:
        year = int(century) * 100 + yy
    else:
        year = _full_year(yy, centenarian=separator == "+", today=today)
    if day > _COORDINATION_DAY_OFFSET:
        day -= _COORDINATION_DAY_OFFSET
    try:
        birth_date = date(year, month, day)
    except ValueError:
        raise InvalidPersonalNumber(_NOT_A_DATE) from None
    if birth_date > today:
        raise InvalidPersonalNumber(_FUTURE_DATE)
    return f"{year:04d}{yymmdd[2:]}{serial}{check}", birth_date


def _could_be_personal_number(candidate: str) -> bool:
    """Luhn plus a plausible month and day (day 1-31, or 61-91 for coordination numbers).

    Looser than :meth:`PersonalNumber.parse` on purpose (no century, leap-year or future
    checks), so a scanner still flags numbers that were, say, written with the wrong separator.
    The month/day test removes most Luhn-passing timestamps and ids that are not numbers.
    """
    ten = candidate.replace("-", "").replace("+", "")[-10:]
    if not _luhn_is_valid(ten):
        return False
    month, day = int(ten[2:4]), int(ten[4:6])
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def contains_personal_number(text: str) -> bool:
    """True if ``text`` contains something that is very likely a personal/coordination number.

    Meant for leak scanners in tests. A match of :data:`PERSONAL_NUMBER_PATTERN` only counts
    if it passes the Luhn check and has a plausible month/day, so random ids and timestamps
    rarely raise false alarms (about 1 in 10 random digit strings pass Luhn alone).
    """
    return any(
        _could_be_personal_number(match.group(0))
        for match in PERSONAL_NUMBER_PATTERN.finditer(text)
    )


# --- pydantic integration ---------------------------------------------------------------


class _RedactedInput(str):
    """Stand-in for a rejected input.

    pydantic puts the value a validator received into every error (``input_value`` in
    ``str(error)``, ``input`` in ``errors()``/``json()``), and API frameworks return that to the
    client. Validation therefore runs as a two-step chain: the first step never fails and
    swaps a bad input for this placeholder, the second step raises - so the error pydantic
    records carries the placeholder, not the number.
    """

    __slots__ = ("reason",)
    reason: str


_REDACTED_TEXT: Final = "<redacted>"


def _parse_or_redact(value: Any) -> PersonalNumber | _RedactedInput:
    if isinstance(value, PersonalNumber):
        return value
    try:
        return PersonalNumber.parse(value)
    except InvalidPersonalNumber as exc:
        placeholder = _RedactedInput(_REDACTED_TEXT)
        placeholder.reason = str(exc)
        return placeholder


def _raise_if_redacted(value: PersonalNumber | _RedactedInput) -> PersonalNumber:
    if isinstance(value, _RedactedInput):
        raise PydanticCustomError(
            "personal_number",
            "Invalid personal number: {reason}",
            {"reason": value.reason},
        )
    return value


def _serialize(value: PersonalNumber) -> str:
    return value.canonical


class _PersonalNumberPydantic:
    """pydantic metadata for :data:`PersonalNumberField`."""

    def __get_pydantic_core_schema__(
        self, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.chain_schema(
            [
                core_schema.no_info_plain_validator_function(_parse_or_redact),
                core_schema.no_info_plain_validator_function(_raise_if_redacted),
            ],
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize, return_schema=core_schema.str_schema()
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        if handler.mode == "serialization":
            return {
                "type": "string",
                "pattern": r"^[0-9]{8}-[0-9]{4}$",
                "description": "Swedish personal or coordination number, YYYYMMDD-NNNN.",
            }
        return {
            "type": "string",
            "pattern": r"^\s*([0-9]{8}-?|[0-9]{6}[-+]?)[0-9]{4}\s*$",
            "description": (
                "Swedish personal or coordination number: YYYYMMDD-NNNN, YYYYMMDDNNNN, "
                "YYMMDD-NNNN, YYMMDDNNNN or YYMMDD+NNNN."
            ),
        }


PersonalNumberField = Annotated[PersonalNumber, _PersonalNumberPydantic()]
"""Use in pydantic models: ``personal_number: PersonalNumberField``.

Validates into a :class:`PersonalNumber` and serialises (both ``model_dump()`` and JSON) to the
canonical ``YYYYMMDD-NNNN`` string. Validation errors have type ``personal_number``, name the
problem and show ``<redacted>`` instead of the input. Only this field's own error is redacted:
inside a union with other types, the other branches' errors would still echo the input, so
models holding personal data should also set ``ConfigDict(hide_input_in_errors=True)``.
"""
