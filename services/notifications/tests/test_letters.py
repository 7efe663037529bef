"""Letter rendering (pure): Swedish text, Stockholm time across DST, strict templates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from jinja2 import DictLoader, UndefinedError

from bostad_common.references import short_reference
from notifications.formatting import swedish_datetime, to_stockholm
from notifications.letters.render import (
    CONSENT_SCOPES,
    TEMPLATES,
    LetterDataMissing,
    make_environment,
    render_letter,
)

TODAY = date(2026, 11, 3)


def test_information_letter_is_swedish_and_addressed(samples) -> None:
    text = render_letter(samples.letter_requested("information_letter"), today=TODAY)
    assert "Tolvan Tolvansson" in text
    assert "Exempelgatan 1, lgh 1102" in text
    assert "167 31 Bromma" in text
    assert "3 november 2026" in text
    assert f"Vår referens: {short_reference('c-1')}" in text and "c-1" not in text
    assert "Socialtjänsten, Bromma" in text
    assert "budget- och skuldrådgivning" in text


@pytest.mark.parametrize(
    ("visit_utc", "expected"),
    [
        # Winter time (CET, UTC+1)
        (datetime(2026, 11, 5, 13, 0, tzinfo=UTC), "torsdag 5 november 2026 kl. 14.00"),
        # Summer time (CEST, UTC+2)
        (datetime(2026, 6, 16, 7, 30, tzinfo=UTC), "tisdag 16 juni 2026 kl. 09.30"),
        # The day after the spring change (29 March 2026) and before the autumn one
        (datetime(2026, 3, 30, 8, 0, tzinfo=UTC), "måndag 30 mars 2026 kl. 10.00"),
        (datetime(2026, 10, 24, 8, 0, tzinfo=UTC), "lördag 24 oktober 2026 kl. 10.00"),
        (datetime(2026, 10, 26, 8, 0, tzinfo=UTC), "måndag 26 oktober 2026 kl. 09.00"),
        # Late evening UTC is already the next day in Stockholm
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "fredag 1 januari 2027 kl. 00.30"),
    ],
)
def test_home_visit_letter_gives_the_time_in_stockholm(samples, visit_utc, expected) -> None:
    text = render_letter(samples.letter_requested("home_visit_letter", visit_utc), today=TODAY)
    assert f"Tid:     {expected}" in text
    assert "två personer" in text
    assert "lämnar vi en lapp" in text


def test_stockholm_conversion_on_the_dst_change_nights() -> None:
    # 29 March 2026: 02.00 CET jumps to 03.00 CEST (01:00 UTC).
    assert to_stockholm(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)).hour == 1
    assert to_stockholm(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)).hour == 3
    # 25 October 2026: 03.00 CEST falls back to 02.00 CET (01:00 UTC).
    assert swedish_datetime(datetime(2026, 10, 25, 0, 30, tzinfo=UTC)).endswith("kl. 02.30")
    assert swedish_datetime(datetime(2026, 10, 25, 1, 30, tzinfo=UTC)).endswith("kl. 02.30")
    # Summer time: 10.00 UTC is 12.00 in Stockholm.
    assert (
        swedish_datetime(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "onsdag 1 juli 2026 kl. 12.00"
    )
    # The platform's one rule (bostad_common.workdays.to_stockholm): a naive time is refused,
    # never guessed to be UTC or local.
    with pytest.raises(ValueError, match="naive"):
        swedish_datetime(datetime(2026, 7, 1, 10, 0))


def test_home_visit_letter_without_a_time_is_refused(samples) -> None:
    request = samples.letter_requested("home_visit_letter").model_copy(update={"visit_at": None})
    with pytest.raises(LetterDataMissing):
        render_letter(request, today=TODAY)


def test_consent_form_lists_each_scope_to_tick(samples) -> None:
    text = render_letter(samples.letter_requested("consent_form"), today=TODAY)
    assert "SAMTYCKE" in text
    for title in ("Hyresvärden", "Kronofogdemyndigheten", "Ekonomiskt bistånd"):
        assert f"[ ] {title}" in text
    assert [scope.code for scope in CONSENT_SCOPES] == [
        "landlord",
        "enforcement_authority",
        "financial_assistance",
    ]
    assert "ta tillbaka samtycket" in text
    assert "Underskrift:" in text


def test_every_letter_kind_has_a_template(samples) -> None:
    for kind in ("information_letter", "home_visit_letter", "consent_form"):
        assert kind in TEMPLATES
        assert render_letter(samples.letter_requested(kind), today=TODAY).strip()


def test_missing_values_are_errors_not_blank_lines() -> None:
    env = make_environment(DictLoader({"brev.txt.j2": "Hej {{ recipient.name }}"}))
    with pytest.raises(UndefinedError):
        env.get_template("brev.txt.j2").render()


def test_html_templates_are_autoescaped_and_text_templates_are_not() -> None:
    env = make_environment(
        DictLoader({"brev.html.j2": "<p>{{ name }}</p>", "brev.txt.j2": "{{ name }}"})
    )
    name = "<script>x</script> & Co"
    assert env.get_template("brev.html.j2").render(name=name) == (
        "<p>&lt;script&gt;x&lt;/script&gt; &amp; Co</p>"
    )
    assert env.get_template("brev.txt.j2").render(name=name) == name
