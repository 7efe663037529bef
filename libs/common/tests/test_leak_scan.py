"""The suite's leak scanner: finds personal numbers, not machine ids."""

from __future__ import annotations

import uuid

from bostad_common.personnummer import contains_personal_number
from bostad_devkit.leak_scan import carries_personal_number


def test_finds_personal_numbers_in_any_form() -> None:
    assert carries_personal_number("tenant 19121212-1212 looked up")
    assert carries_personal_number("key=191212121212")
    assert carries_personal_number("121212-1212")


def test_ignores_uuids_and_trace_ids_that_merely_contain_such_digits() -> None:
    # A real UUID whose last group is ten digits passing as a coordination number.
    unlucky = "3f1c2a9e-5b7d-4c11-9e0a-7f2908661230"
    assert contains_personal_number(unlucky)  # what the bare check would say
    assert not carries_personal_number(f"event {unlucky} published")
    assert not carries_personal_number("trace 0af7651916cd43dd8448eb211c80319c")
    for _ in range(20_000):
        assert not carries_personal_number(str(uuid.uuid4()))


def test_a_personal_number_next_to_an_id_is_still_found() -> None:
    assert carries_personal_number(f"{uuid.uuid4()} 19121212-1212")
