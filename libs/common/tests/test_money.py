"""Tests for bostad_common.money."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from bostad_common.money import InvalidAmount, Money, MoneyField

# --- parsing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("12450", 1_245_000),
        ("12450.5", 1_245_050),
        ("12450.50", 1_245_050),
        ("12450.05", 1_245_005),
        ("12450.00", 1_245_000),
        ("0", 0),
        ("0.01", 1),
        ("0.1", 10),
        ("-0", 0),
        ("-0.05", -5),
        ("-12.05", -1205),
        ("007.10", 710),
        ("99999999999999999999.99", int("9" * 22)),  # no float rounding
    ],
)
def test_from_decimal_string(text: str, ore: int) -> None:
    assert Money.from_decimal_string(text) == Money.from_ore(ore)


def test_more_than_two_decimals_is_rejected_not_rounded() -> None:
    for text in ("12450.505", "0.001", "1.000", "-1.999"):
        with pytest.raises(InvalidAmount, match="more than two decimals"):
            Money.from_decimal_string(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "NaN",
        "nan",
        "sNaN",
        "inf",
        "-inf",
        "Infinity",
        "1e3",
        "1E3",
        "1.5e2",
        "12 450",
        "12\u00a0450",
        "12,450.00",
        "12450,50",  # Swedish decimal comma
        "12450.",
        ".5",
        "+5",
        "--5",
        "1_000",
        " 12",
        "12 ",
        "0x10",
        "١٢",  # Arabic-Indic digits
        "12.5.0",
    ],
)
def test_rejects_non_numbers(text: str) -> None:
    with pytest.raises(InvalidAmount, match="decimal string"):
        Money.from_decimal_string(text)


@pytest.mark.parametrize("value", [12.5, 12, Decimal("12.50"), None, b"12"])
def test_from_decimal_string_requires_str(value: object) -> None:
    with pytest.raises(InvalidAmount):
        Money.from_decimal_string(value)  # type: ignore[arg-type]


def test_invalid_amount_is_value_error() -> None:
    assert issubclass(InvalidAmount, ValueError)


# --- construction -----------------------------------------------------------------------


def test_from_ore_and_zero() -> None:
    assert Money.from_ore(1205).ore == 1205
    assert Money.from_ore(1205).currency == "SEK"
    assert Money.zero() == Money.from_ore(0)


@pytest.mark.parametrize("ore", [1.5, 1.0, True, False, Decimal(1), "100", None])
def test_ore_must_be_int(ore: object) -> None:
    with pytest.raises(InvalidAmount, match="int"):
        Money(ore)  # type: ignore[arg-type]


def test_only_sek() -> None:
    with pytest.raises(InvalidAmount, match="SEK"):
        Money(100, "EUR")  # type: ignore[arg-type]


def test_frozen() -> None:
    amount = Money.from_ore(100)
    with pytest.raises(dataclasses.FrozenInstanceError):
        amount.ore = 200  # type: ignore[misc]


# --- output -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ore", "text", "decimal"),
    [
        (1_245_000, "12450.00", Decimal("12450.00")),
        (1_245_050, "12450.50", Decimal("12450.50")),
        (5, "0.05", Decimal("0.05")),
        (0, "0.00", Decimal("0.00")),
        (-5, "-0.05", Decimal("-0.05")),
        (-1205, "-12.05", Decimal("-12.05")),
        (100, "1.00", Decimal("1.00")),
    ],
)
def test_to_string_and_to_decimal(ore: int, text: str, decimal: Decimal) -> None:
    amount = Money.from_ore(ore)
    assert amount.to_string() == text
    assert amount.to_decimal() == decimal
    assert str(amount.to_decimal()) == text  # exactly two decimals, no exponent


def test_string_round_trip() -> None:
    for ore in [*range(-1005, 1005), 10**20, -(10**20) - 1]:
        amount = Money.from_ore(ore)
        assert Money.from_decimal_string(amount.to_string()) == amount


def test_str_includes_currency() -> None:
    assert str(Money.from_ore(1_245_050)) == "12450.50 SEK"


# --- arithmetic -------------------------------------------------------------------------


def test_add_sub_neg() -> None:
    a, b = Money.from_ore(1000), Money.from_ore(250)
    assert a + b == Money.from_ore(1250)
    assert a - b == Money.from_ore(750)
    assert b - a == Money.from_ore(-750)
    assert -a == Money.from_ore(-1000)
    assert -Money.from_ore(-1000) == a


def test_multiply_by_int_both_sides() -> None:
    rent = Money.from_decimal_string("6500.50")
    assert rent * 3 == Money.from_decimal_string("19501.50")
    assert 3 * rent == rent * 3
    assert rent * 0 == Money.zero()
    assert rent * -1 == -rent


@pytest.mark.parametrize("factor", [1.5, Decimal("1.5"), True, "2", None])
def test_multiply_by_non_int_is_refused(factor: object) -> None:
    with pytest.raises(TypeError):
        Money.from_ore(100) * factor  # type: ignore[operator]
    with pytest.raises(TypeError):
        factor * Money.from_ore(100)  # type: ignore[operator]


@pytest.mark.parametrize("other", [1, 0, 1.0, Decimal(1), "1.00"])
def test_add_and_sub_only_money(other: object) -> None:
    amount = Money.from_ore(100)
    with pytest.raises(TypeError):
        amount + other  # type: ignore[operator]
    with pytest.raises(TypeError):
        other + amount  # type: ignore[operator]
    with pytest.raises(TypeError):
        amount - other  # type: ignore[operator]


def test_sum_with_zero_start() -> None:
    items = [Money.from_decimal_string(s) for s in ("0.10", "0.20", "0.30")]
    # 0.1 + 0.2 + 0.3 != 0.6 with floats; in öre it is exact.
    assert sum(items, Money.zero()) == Money.from_decimal_string("0.60")
    assert sum([], Money.zero()) == Money.zero()


def test_is_negative() -> None:
    assert Money.from_ore(-1).is_negative
    assert not Money.from_ore(0).is_negative
    assert not Money.from_ore(1).is_negative


# --- comparisons ------------------------------------------------------------------------


def test_ordering() -> None:
    small, large = Money.from_ore(-500), Money.from_ore(500)
    assert small < large
    assert small <= large
    assert large > small
    assert large >= small
    assert small <= Money.from_ore(-500)
    assert sorted([large, Money.zero(), small]) == [small, Money.zero(), large]
    assert max([small, large]) == large


def test_not_equal_or_comparable_to_numbers() -> None:
    amount = Money.from_ore(100)
    assert amount != 100
    assert amount != Decimal("1.00")
    with pytest.raises(TypeError):
        _ = amount < 200  # type: ignore[operator]


def test_hashable() -> None:
    amounts = {Money.from_ore(100), Money.from_decimal_string("1.00"), Money.from_ore(101)}
    assert len(amounts) == 2
    assert {Money.from_ore(5): "x"}[Money.from_decimal_string("0.05")] == "x"


# --- pydantic ---------------------------------------------------------------------------


class Invoice(BaseModel):
    amount: MoneyField


class OptionalInvoice(BaseModel):
    amount: MoneyField | None = None


@pytest.mark.parametrize(
    ("value", "ore"),
    [
        ("12450.50", 1_245_050),
        ("12450", 1_245_000),
        ("-0.05", -5),
        (12450, 1_245_000),  # an int is whole kronor, like "12450"
        (0, 0),
        (-3, -300),
    ],
)
def test_pydantic_accepts_strings_and_ints(value: object, ore: int) -> None:
    assert Invoice.model_validate({"amount": value}).amount == Money.from_ore(ore)


def test_pydantic_accepts_money_instance() -> None:
    amount = Money.from_ore(5)
    assert Invoice(amount=amount).amount is amount


@pytest.mark.parametrize("value", [12450.5, 12450.0, 0.0, float("nan"), float("inf")])
def test_pydantic_rejects_floats(value: float) -> None:
    with pytest.raises(ValidationError) as info:
        Invoice.model_validate({"amount": value})
    [error] = info.value.errors()
    assert error["type"] == "money_float"
    assert "floating-point" in error["msg"]
    assert "decimal string" in error["msg"]


@pytest.mark.parametrize("raw", ["12450.5", "12450.0", "1e3", "12450.50e0"])
def test_pydantic_rejects_json_numbers_with_fraction_or_exponent(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        Invoice.model_validate_json(f'{{"amount": {raw}}}')
    assert info.value.errors()[0]["type"] == "money_float"


def test_pydantic_json_int_and_string() -> None:
    assert Invoice.model_validate_json('{"amount": 12450}').amount == Money.from_ore(1_245_000)
    assert Invoice.model_validate_json('{"amount": "12450.50"}').amount == Money.from_ore(1_245_050)


@pytest.mark.parametrize(
    ("value", "error_type", "fragment"),
    [
        ("12450.505", "money", "more than two decimals"),
        ("NaN", "money", "decimal string"),
        ("1e3", "money", "decimal string"),
        ("12450,50", "money", "decimal string"),
        (True, "money_type", "decimal string"),
        (None, "money_type", "decimal string"),
        (Decimal("1.00"), "money_type", "decimal string"),
        ([1], "money_type", "decimal string"),
    ],
)
def test_pydantic_rejects_other_input(value: object, error_type: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        Invoice.model_validate({"amount": value})
    [error] = info.value.errors()
    assert error["type"] == error_type
    assert fragment in error["msg"]


def test_pydantic_serialises_to_decimal_string() -> None:
    invoice = Invoice.model_validate({"amount": "12450.5"})
    assert invoice.model_dump() == {"amount": "12450.50"}
    assert invoice.model_dump_json() == '{"amount":"12450.50"}'
    assert Invoice.model_validate_json(invoice.model_dump_json()) == invoice


def test_pydantic_optional() -> None:
    assert OptionalInvoice().amount is None
    assert OptionalInvoice.model_validate({"amount": None}).amount is None
    assert OptionalInvoice.model_validate({"amount": "1"}).amount == Money.from_ore(100)


def test_pydantic_json_schema() -> None:
    validation = Invoice.model_json_schema(mode="validation")["properties"]["amount"]
    assert {"type": "integer", "description": "Whole kronor."} in validation["anyOf"]
    serialization = Invoice.model_json_schema(mode="serialization")["properties"]["amount"]
    assert serialization["type"] == "string"
    assert serialization["pattern"] == r"^-?[0-9]+(\.[0-9]{1,2})?$"
