"""Notifications labels the contract's word lists; it keeps no list of its own."""

from __future__ import annotations

from typing import get_args

from bostad_common.events.vocabulary import (
    LETTER_KINDS,
    MOVE_OUT_STEP_CODES,
    NOTICE_KINDS,
    OUTCOME_CODES,
    TRACKS,
)
from notifications.inbox.texts import (
    MOVE_OUT_STEP_GUIDANCE_SV,
    MOVE_OUT_STEPS_SV,
    NOTICE_KINDS_SV,
    OUTCOMES_SV,
    TEXTS,
    TRACKS_SV,
    NotificationKind,
)
from notifications.letters.catalogue import LETTER_SPECS, NotificationLetterKind
from notifications.letters.render import TEMPLATES, TITLES


def test_every_code_of_the_contract_has_its_swedish_text_and_no_other() -> None:
    assert set(NOTICE_KINDS_SV) == set(NOTICE_KINDS)
    assert set(TRACKS_SV) == set(TRACKS)
    assert set(OUTCOMES_SV) == set(OUTCOME_CODES)
    assert set(TEMPLATES) == set(TITLES) == set(LETTER_KINDS)
    assert set(MOVE_OUT_STEPS_SV) == set(MOVE_OUT_STEP_CODES)
    assert set(MOVE_OUT_STEP_GUIDANCE_SV) <= set(MOVE_OUT_STEP_CODES)


def test_every_notification_kind_has_a_text_and_no_text_lacks_a_kind() -> None:
    assert set(TEXTS) == set(get_args(NotificationKind))


def test_every_letter_of_the_contract_is_in_the_catalogue() -> None:
    assert set(LETTER_KINDS) <= set(LETTER_SPECS) == set(get_args(NotificationLetterKind))
