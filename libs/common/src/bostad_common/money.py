"""Money as a whole number of öre.

Rent, debts and benefit amounts are stored and computed as integer öre so that no binary
floating-point rounding can ever creep into an amount that ends up in a decision, an invoice
or a report to the Kronofogden. Amounts enter and leave the system as decimal strings
("12450.50"): JSON numbers are parsed as floats by many clients, so a decimal string is the
only wire format that round-trips exactly.

Only SEK exists. The currency is still carried so that stored/serialised amounts say what
they are, and so a second currency would be an explicit change rather than a silent one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = ["InvalidAmount", "Money", "MoneyField"]

Currency = Literal["SEK"]

_ORE_PER_KRONA: Final = 100

# Deliberately narrow: optional minus, ASCII digits, optionally '.' and one or two decimals.
# This rejects NaN/Infinity, exponents ("1e3"), thousands separators, a Swedish decimal
# comma and a trailing '.', all of which Decimal() or float() would otherwise accept or guess.
_DECIMAL_RE: Final = re.compile(r"(?P<sign>-?)(?P<kronor>[0-9]+)(?:\.(?P<ore>[0-9]{1,2}))?")

_AMOUNT_PATTERN_FOR_SCHEMA: Final = r"^-?[0-9]+(\.[0-9]{1,2})?$"


class InvalidAmount(ValueError):
    """Raised when a value cannot be an exact amount of money in öre."""


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An exact amount of money: an integer number of öre in SEK.

    Immutable, hashable and ordered. Arithmetic is limited to what is exact in öre
    (addition, subtraction, negation, multiplication by an integer); division is left out on
    purpose, because splitting an amount needs an explicit rounding/remainder policy.
    """

    ore: int
    currency: Currency = "SEK"

    def __post_init__(self) -> None:
        # bool is an int subclass; Money(True) is certainly a bug.
        if not isinstance(self.ore, int) or isinstance(self.ore, bool):
            raise InvalidAmount("amount in öre must be an int")
        if self.currency != "SEK":
            raise InvalidAmount("only SEK is supported")

    @classmethod
    def from_ore(cls, ore: int) -> Money:
        return cls(ore)

    @classmethod
    def zero(cls) -> Money:
        """The start value for ``sum(amounts, Money.zero())``."""
        return cls(0)

    @classmethod
    def from_decimal_string(cls, text: str) -> Money:
        """Parse "12450", "12450.5", "12450.50" or "-12.05" (kronor, at most two decimals).

        Raises:
            InvalidAmount: for anything else, including more than two decimals (rounding them
                away would silently change the amount), NaN/inf and exponent notation.
        """
        if not isinstance(text, str):
            raise InvalidAmount("amount must be a decimal string such as '12450.50'")
        match = _DECIMAL_RE.fullmatch(text)
        if match is None:
            if re.fullmatch(r"-?[0-9]+\.[0-9]{3,}", text):
                raise InvalidAmount("amount has more than two decimals")
            raise InvalidAmount("amount must be a decimal string such as '12450.50'")
        kronor = int(match["kronor"])
        ore = int((match["ore"] or "0").ljust(2, "0"))
        total = kronor * _ORE_PER_KRONA + ore
        return cls(-total if match["sign"] else total)

    def to_decimal(self) -> Decimal:
        """The amount in kronor with exactly two decimals, e.g. ``Decimal('12450.00')``."""
        return Decimal(self.ore).scaleb(-2)

    def to_string(self) -> str:
        """The amount in kronor as a decimal string with two decimals: ``"12450.00"``.

        This is the wire format; :meth:`from_decimal_string` reads it back exactly.
        """
        kronor, ore = divmod(abs(self.ore), _ORE_PER_KRONA)
        sign = "-" if self.ore < 0 else ""
        return f"{sign}{kronor}.{ore:02d}"

    @property
    def is_negative(self) -> bool:
        return self.ore < 0

    def __str__(self) -> str:
        return f"{self.to_string()} {self.currency}"

    def __add__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.ore + other.ore)

    def __sub__(self, other: object) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.ore - other.ore)

    def __neg__(self) -> Money:
        return Money(-self.ore)

    def __mul__(self, factor: object) -> Money:
        # Only ints: multiplying by a float or Decimal would need a rounding rule.
        if not isinstance(factor, int) or isinstance(factor, bool):
            return NotImplemented
        return Money(self.ore * factor)

    __rmul__ = __mul__


# --- pydantic integration ---------------------------------------------------------------


def _validate(value: Any) -> Money:
    if isinstance(value, Money):
        return value
    if isinstance(value, float):
        raise PydanticCustomError(
            "money_float",
            "Amounts must not be sent as floating-point numbers; "
            "send a decimal string such as '12450.50'",
        )
    if isinstance(value, int) and not isinstance(value, bool):
        # An int is whole kronor, exactly like the decimal string "12450".
        return Money(value * _ORE_PER_KRONA)
    if isinstance(value, str):
        try:
            return Money.from_decimal_string(value)
        except InvalidAmount as exc:
            raise PydanticCustomError(
                "money", "Invalid amount: {reason}", {"reason": str(exc)}
            ) from None
    raise PydanticCustomError(
        "money_type",
        "Amount must be a decimal string such as '12450.50' or a whole number of kronor",
    )


def _serialize(value: Money) -> str:
    return value.to_string()


class _MoneyPydantic:
    """pydantic metadata for :data:`MoneyField`."""

    def __get_pydantic_core_schema__(
        self, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                _serialize, return_schema=core_schema.str_schema()
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_string: JsonSchemaValue = {
            "type": "string",
            "pattern": _AMOUNT_PATTERN_FOR_SCHEMA,
            "description": "Amount in SEK (kronor) with at most two decimals, e.g. '12450.50'.",
            "examples": ["12450.50"],
        }
        if handler.mode == "serialization":
            return as_string
        return {"anyOf": [as_string, {"type": "integer", "description": "Whole kronor."}]}


MoneyField = Annotated[Money, _MoneyPydantic()]
"""Use in pydantic models: ``rent: MoneyField``.

Accepts a decimal string in kronor ("12450.50") or an int meaning whole kronor (``12450`` is
12 450 kr, not öre). Floats - including JSON numbers with a fraction, and ``12450.0`` - are
rejected rather than rounded. Serialises (both ``model_dump()`` and JSON) to the decimal string.
"""
