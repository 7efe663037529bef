"""Reusable input rules (issue #8 findings 5 and 6): pure, no services needed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import BaseModel, ValidationError

from bostad_common.validation import (
    PlausibleDate,
    PlausibleDateTime,
    SafeMultilineText,
    SafeText,
    query_without_nul,
)


class Sample(BaseModel):
    name: SafeText | None = None
    note: SafeMultilineText | None = None
    at: PlausibleDateTime | None = None
    on: PlausibleDate | None = None


def _error_fields(**values: object) -> list[str]:
    with pytest.raises(ValidationError) as info:
        Sample.model_validate(values)
    return [".".join(str(p) for p in e["loc"]) for e in info.value.errors()]


@pytest.mark.parametrize(
    "text",
    ["Tol\x00van", "Exempel\u202egatan", "a\u2066b\u2069", "bell\x07", "tab\there", "line\nbreak"],
)
def test_one_line_text_refuses_control_characters(text: str) -> None:
    assert _error_fields(name=text) == ["name"]


def test_free_text_allows_line_breaks_but_not_nul_or_overrides() -> None:
    assert Sample(note="Rad ett\nRad två\r\n\tindrag").note == "Rad ett\nRad två\r\n\tindrag"
    assert _error_fields(note="a\x00b") == ["note"]
    assert _error_fields(note="a\u202db") == ["note"]


def test_text_is_normalised_to_nfc() -> None:
    decomposed = "Ska\u0308rholmen"  # a + combining diaeresis
    assert Sample(name=decomposed).name == "Skärholmen"
    assert Sample(name="Åsa Öberg").name == "Åsa Öberg"


@pytest.mark.parametrize(
    "value",
    [
        12345,
        12345.0,
        True,
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59-14:00",
        "1899-12-31T12:00Z",
    ],
)
def test_implausible_datetimes_are_refused(value: object) -> None:
    assert _error_fields(at=value) == ["at"]


@pytest.mark.parametrize("value", [12345, "0001-01-01", "9999-12-31"])
def test_implausible_dates_are_refused(value: object) -> None:
    assert _error_fields(on=value) == ["on"]


def test_plausible_values_pass() -> None:
    sample = Sample(at="2026-11-30T10:00:00+01:00", on="2026-11-30")
    assert sample.at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert sample.on == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("query", "safe"),
    [(b"district=bromma", True), (b"actor=a%00b", False), (b"x=%2500", True)],
)
def test_query_strings_with_nul_are_recognised(query: bytes, safe: bool) -> None:
    assert query_without_nul(query) is safe
