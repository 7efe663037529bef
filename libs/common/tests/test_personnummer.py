"""Tests for bostad_common.personnummer.

All numbers are Skatteverket-style test numbers or numbers whose check digit was computed
for the test; none belongs to a real person as far as the Luhn construction goes.
"""

from __future__ import annotations

import copy
import logging
import pickle
import re
from datetime import date

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from bostad_common.personnummer import (
    PERSONAL_NUMBER_PATTERN,
    InvalidPersonalNumber,
    PersonalNumber,
    PersonalNumberField,
    contains_personal_number,
)

TODAY = date(2026, 5, 15)


def parse(text: str, today: date = TODAY) -> PersonalNumber:
    return PersonalNumber.parse(text, today=today)


def digit_runs(text: str) -> list[str]:
    """Every run of 4+ digits: the pieces of an input that must not reappear in messages."""
    return re.findall(r"[0-9]{4,}", text)


# --- accepted forms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["19121212-1212", "191212121212", "121212+1212", "  19121212-1212\n"],
)
def test_all_forms_of_the_same_number_have_one_canonical_form(text: str) -> None:
    pn = parse(text)
    assert pn.canonical == "19121212-1212"
    assert pn.birth_date == date(1912, 12, 12)
    assert pn == parse("19121212-1212")


@pytest.mark.parametrize("text", ["121212-1212", "1212121212", "201212121212", "20121212-1212"])
def test_ten_digit_form_without_plus_means_under_100(text: str) -> None:
    # Same ten digits as 19121212-1212, but without '+' it is someone born in 2012.
    pn = parse(text)
    assert pn.canonical == "20121212-1212"
    assert pn.birth_date == date(2012, 12, 12)


def test_plus_and_minus_give_different_people() -> None:
    assert parse("121212+1212") != parse("121212-1212")


def test_century_rule_follows_calendar_year_of_100th_birthday() -> None:
    # Skatteverket: '+' from the calendar year the person turns 100.
    # Born 1926-12-01: turns 100 in 2026, so in 2026 the number is written with '+'.
    assert parse("261201+1235").birth_date == date(1926, 12, 1)
    # With '-' the same digits mean 2026-12-01, which is after TODAY.
    with pytest.raises(InvalidPersonalNumber, match="future"):
        parse("261201-1235")
    # Born 1927: still written with '-' in 2026.
    assert parse("270101-1237").birth_date == date(1927, 1, 1)
    assert parse("991231-1231").birth_date == date(1999, 12, 31)
    assert parse("991231+1231").birth_date == date(1899, 12, 31)
    assert parse("000101-1238").birth_date == date(2000, 1, 1)


def test_today_defaults_to_current_date() -> None:
    assert PersonalNumber.parse("19121212-1212").canonical == "19121212-1212"
    # Without an explicit today, the 10-digit form still resolves to a past date.
    assert PersonalNumber.parse("121212-1212").birth_date <= date.today()


def test_constructor_validates_like_parse() -> None:
    assert PersonalNumber("19121212-1212", today=TODAY) == parse("19121212-1212")
    with pytest.raises(InvalidPersonalNumber):
        PersonalNumber("19121212-1213", today=TODAY)


# --- validation -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["19121212-1213", "121212-1213", "191212121211", "19811228-9875"])
def test_wrong_check_digit(text: str) -> None:
    with pytest.raises(InvalidPersonalNumber, match=r"^check digit does not match$"):
        parse(text)


def test_skatteverket_test_number_is_valid() -> None:
    pn = parse("19811228-9874")
    assert pn.birth_date == date(1981, 12, 28)


@pytest.mark.parametrize(
    "text",
    [
        "19901301-1235",  # month 13 (check digit is valid, so the date check is what fails)
        "901301-1235",
        "19000229-1235",  # 1900 is not a leap year
        "000229+1235",  # ... also when the century comes from '+'
        "20230229-1238",
        "20000230-1232",
        "19701032-2399",  # day 32: neither a birth day nor a coordination day (61-91)
        "19701060-2394",  # day 60 = coordination number with day 0
        "19701092-2396",  # day 92 = coordination number with day 32
    ],
)
def test_impossible_dates(text: str) -> None:
    with pytest.raises(InvalidPersonalNumber, match=r"^not a real date$"):
        parse(text)


@pytest.mark.parametrize(
    ("text", "birth_date"),
    [
        ("20000229-1235", date(2000, 2, 29)),  # 2000 is a leap year (divisible by 400)
        ("000229-1235", date(2000, 2, 29)),
        ("20240229-1237", date(2024, 2, 29)),
    ],
)
def test_leap_days(text: str, birth_date: date) -> None:
    assert parse(text).birth_date == birth_date


def test_birth_date_today_is_accepted_and_tomorrow_is_not() -> None:
    assert parse("260515-1238").birth_date == TODAY
    assert parse("20260515-1238").birth_date == TODAY
    with pytest.raises(InvalidPersonalNumber, match=r"^birth date is in the future$"):
        parse("20260516-1237")
    with pytest.raises(InvalidPersonalNumber, match=r"^birth date is in the future$"):
        parse("260516-1237")


def test_future_is_relative_to_today_argument() -> None:
    assert parse("20260516-1237", today=date(2026, 5, 16)).birth_date == date(2026, 5, 16)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "19121212",
        "1912121212121",  # 13 digits
        "12121212",
        "19121212--1212",
        "19121212 1212",
        "1912-12-12-1212",
        "19121212+1212",  # '+' is only meaningful in the 10-digit form
        "19121212-121",
        "X9121212-1212",
        "١٩١٢١٢١٢-١٢١٢",  # Arabic-Indic digits are not accepted
        "19121212-1212x",
    ],
)
def test_wrong_format(text: str) -> None:
    with pytest.raises(InvalidPersonalNumber, match=r"^wrong format"):
        parse(text)


@pytest.mark.parametrize("value", [None, 191212121212, b"19121212-1212"])
def test_non_string_input(value: object) -> None:
    with pytest.raises(InvalidPersonalNumber, match=r"^wrong format"):
        PersonalNumber.parse(value, today=TODAY)  # type: ignore[arg-type]


def test_invalid_personal_number_is_a_value_error() -> None:
    assert issubclass(InvalidPersonalNumber, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "19121212-1213",
        "19901301-1235",
        "20260516-1237",
        "19121212+1212",
        "1912121212121",
        "19701092-2396",
    ],
)
def test_error_messages_never_contain_the_input(text: str) -> None:
    with pytest.raises(InvalidPersonalNumber) as info:
        parse(text)
    message = str(info.value)
    assert not any(ch.isdigit() for ch in message)
    for run in digit_runs(text):
        assert run not in message
        assert run not in repr(info.value)
    # No chained exception (e.g. from int() or date()) that might quote the digits.
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__ is True or info.value.__context__ is None


# --- coordination numbers ---------------------------------------------------------------


def test_coordination_number() -> None:
    pn = parse("19701063-2391")
    assert pn.is_coordination_number
    assert pn.birth_date == date(1970, 10, 3)
    assert pn.canonical == "19701063-2391"  # day keeps its +60
    assert pn.masked == "19701063-XXXX"
    assert pn.sex == "male"


def test_coordination_number_ten_digit_form_and_last_day() -> None:
    assert parse("701063-2391") == parse("19701063-2391")
    assert parse("19701091-2397").birth_date == date(1970, 10, 31)


def test_coordination_number_with_wrong_check_digit() -> None:
    with pytest.raises(InvalidPersonalNumber, match="check digit"):
        parse("19701063-2392")


def test_personal_number_is_not_coordination_number() -> None:
    assert not parse("19121212-1212").is_coordination_number


# --- properties -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sex"),
    [("19121212-1212", "male"), ("19121212-1220", "female"), ("19811228-9874", "male")],
)
def test_sex_from_second_to_last_digit(text: str, sex: str) -> None:
    assert parse(text).sex == sex


def test_masked_keeps_birth_date_and_hides_last_four() -> None:
    assert parse("121212+1212").masked == "19121212-XXXX"
    assert parse("1212121212").masked == "20121212-XXXX"


def test_str_repr_and_format_are_masked() -> None:
    pn = parse("19121212-1212")
    assert str(pn) == "19121212-XXXX"
    assert repr(pn) == "PersonalNumber('19121212-XXXX')"
    assert f"{pn}" == "19121212-XXXX"
    for rendered in (str(pn), repr(pn), repr([pn]), repr({"pn": pn}), str((pn,))):
        assert "1212121212" not in rendered.replace("-", "")
        assert "-1212" not in rendered


def test_logging_does_not_leak(caplog: pytest.LogCaptureFixture) -> None:
    pn = parse("19121212-1212")
    logger = logging.getLogger("test_personnummer")
    with caplog.at_level(logging.INFO, logger="test_personnummer"):
        logger.info("handling %s", pn)
        logger.info("handling %r", pn)
        logger.info("applicant=%s", {"personal_number": pn})
    assert caplog.text
    assert not contains_personal_number(caplog.text)
    assert "19121212-XXXX" in caplog.text


def test_exception_with_personal_number_does_not_leak() -> None:
    pn = parse("19121212-1212")
    error = RuntimeError(f"could not process {pn}", pn)
    assert not contains_personal_number(str(error))
    assert not contains_personal_number(repr(error))


# --- value semantics --------------------------------------------------------------------


def test_immutable() -> None:
    pn = parse("19121212-1212")
    with pytest.raises(AttributeError):
        pn._digits = "201212121212"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        pn.anything = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        del pn._digits
    with pytest.raises(AttributeError):
        pn.canonical = "x"  # type: ignore[misc]
    assert pn.canonical == "19121212-1212"


def test_hashable_and_equal_across_forms() -> None:
    numbers = {parse("19121212-1212"), parse("191212121212"), parse("121212+1212")}
    assert len(numbers) == 1
    assert hash(parse("19121212-1212")) == hash(parse("121212+1212"))
    assert parse("19121212-1212") != parse("19811228-9874")


def test_not_equal_to_strings() -> None:
    pn = parse("19121212-1212")
    assert pn != "19121212-1212"
    assert pn != pn.canonical


def test_pickle_and_copy_round_trip() -> None:
    pn = parse("19701063-2391")
    assert pickle.loads(pickle.dumps(pn)) == pn
    assert copy.copy(pn) == pn
    assert copy.deepcopy(pn) == pn


# --- leak scanning ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id 19121212-1212 end", ["19121212-1212"]),
        ("191212121212", ["191212121212"]),
        ("a 121212-1212, b 121212+1212", ["121212-1212", "121212+1212"]),
        ("1212121212", ["1212121212"]),
        ("12345678901234", []),  # inside a longer digit run
        ("19121212-XXXX", []),
        ("no numbers here", []),
    ],
)
def test_pattern_finds_number_shaped_text(text: str, expected: list[str]) -> None:
    assert PERSONAL_NUMBER_PATTERN.findall(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "user 19121212-1212 logged in",
        '{"pnr":"191212121212"}',
        "121212-1212",
        "121212+1212",
        "samordningsnummer 19701063-2391",
        "written with wrong separator: 19121212+1212",
        "at end: 19811228-9874",
    ],
)
def test_contains_personal_number_true(text: str) -> None:
    assert contains_personal_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "masked 19121212-XXXX",
        "wrong check digit 19121212-1213",
        "month 13 with valid Luhn 19901301-1235",
        "unix time 1712345675",  # passes Luhn, but month 23
        "id 0701991234",  # passes Luhn, but day 99
        "phone 0701234567",  # fails Luhn
        "order 2026051512345678",  # longer digit run
        "uuid 12345678-1234-5678-1234-567812345678",
    ],
)
def test_contains_personal_number_false(text: str) -> None:
    assert not contains_personal_number(text)


def test_contains_personal_number_known_false_positive() -> None:
    # Documented limit: a Luhn-valid 10-digit id with a plausible date is indistinguishable
    # from a personal number (this is a mobile-number-shaped string, 07-01-23).
    assert contains_personal_number("0701234569")


# --- pydantic ---------------------------------------------------------------------------


class Applicant(BaseModel):
    personal_number: PersonalNumberField


class OptionalApplicant(BaseModel):
    personal_number: PersonalNumberField | None = None


def test_pydantic_validates_into_personal_number() -> None:
    applicant = Applicant(personal_number="191212121212")  # type: ignore[arg-type]
    assert isinstance(applicant.personal_number, PersonalNumber)
    assert applicant.personal_number.canonical == "19121212-1212"


def test_pydantic_accepts_personal_number_instance() -> None:
    pn = parse("19121212-1212")
    assert Applicant(personal_number=pn).personal_number is pn


def test_pydantic_serialises_to_canonical_string() -> None:
    applicant = Applicant.model_validate({"personal_number": "19121212-1212"})
    assert applicant.model_dump() == {"personal_number": "19121212-1212"}
    assert applicant.model_dump_json() == '{"personal_number":"19121212-1212"}'
    assert Applicant.model_validate_json(applicant.model_dump_json()) == applicant


def test_pydantic_model_repr_is_masked() -> None:
    applicant = Applicant.model_validate({"personal_number": "19121212-1212"})
    assert not contains_personal_number(repr(applicant))
    assert not contains_personal_number(str(applicant))


def test_pydantic_json_input() -> None:
    applicant = Applicant.model_validate_json('{"personal_number": "19701063-2391"}')
    assert applicant.personal_number.is_coordination_number


def test_pydantic_optional_field() -> None:
    assert OptionalApplicant().personal_number is None
    assert OptionalApplicant(personal_number=None).personal_number is None
    with pytest.raises(ValidationError) as info:
        OptionalApplicant.model_validate({"personal_number": "19121212-1213"})
    assert "1213" not in str(info.value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("19121212-1213", "check digit does not match"),
        ("19901301-1235", "not a real date"),
        ("2026-05-15-1212", "wrong format"),
        ("20991231-1231", "birth date is in the future"),
        (191212121212, "wrong format"),
    ],
)
def test_pydantic_error_names_problem_without_echoing_input(value: object, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        Applicant.model_validate({"personal_number": value})
    error = info.value
    [detail] = error.errors()
    assert detail["type"] == "personal_number"
    assert detail["loc"] == ("personal_number",)
    assert reason in detail["msg"]
    assert detail["ctx"] == {"reason": detail["msg"].removeprefix("Invalid personal number: ")}
    assert detail["input"] == "<redacted>"
    for rendered in (str(error), error.json(), repr(error), repr(error.errors())):
        for run in digit_runs(str(value)):
            assert run not in rendered


def test_pydantic_json_error_does_not_echo_input() -> None:
    with pytest.raises(ValidationError) as info:
        Applicant.model_validate_json('{"personal_number": "19121212-1213"}')
    assert "1213" not in info.value.json()
    assert "19121212" not in str(info.value)


def test_pydantic_hide_input_config_still_works() -> None:
    class Strict(BaseModel):
        model_config = ConfigDict(hide_input_in_errors=True)
        personal_number: PersonalNumberField

    with pytest.raises(ValidationError) as info:
        Strict.model_validate({"personal_number": "19121212-1213"})
    assert "check digit does not match" in str(info.value)
    assert "1213" not in str(info.value)


def test_pydantic_json_schema() -> None:
    validation = Applicant.model_json_schema(mode="validation")
    field = validation["properties"]["personal_number"]
    assert field["type"] == "string"
    pattern = re.compile(field["pattern"])
    for form in ("19121212-1212", "191212121212", "121212-1212", "1212121212", "121212+1212"):
        assert pattern.search(form)
    serialization = Applicant.model_json_schema(mode="serialization")
    assert serialization["properties"]["personal_number"]["pattern"] == r"^[0-9]{8}-[0-9]{4}$"
