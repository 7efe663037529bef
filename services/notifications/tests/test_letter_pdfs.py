"""Every letter renders to an A4 PDF whose text carries the Swedish content and how to reach us."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from bostad_common.references import short_reference
from notifications.letters.letterhead import Sender
from notifications.letters.pdf import render_pdf
from notifications.letters.render import compose_letter
from notifications.letters.termination import TerminationLetterRequest

TODAY = date(2026, 11, 3)
CASE_ID = "0b6f1d3e-2f0a-4b1e-9d7c-1a2b3c4d5e6f"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CONTACT = (
    "Socialtjänsten, Bromma",
    "Telefon: 08-100 100 00",
    "Besöksadress: Exempelvägen 10, Bromma",
    "Postadress: Box 100, 161 00 Bromma",
)
ADDRESS = ("Tolvan Tolvansson", "Exempelgatan 1, lgh 1102", "167 31 Bromma")


def pdf_text(kind: str, payload, sender: Sender | None = None) -> str:
    data = render_pdf(compose_letter(kind, payload, today=TODAY, sender=sender))
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    # Lines wrap where the PDF wraps them: compare words, not line breaks.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def assert_complete(text: str, reference: str) -> None:
    for line in (*ADDRESS, *CONTACT, "3 november 2026", f"Vår referens: {reference}"):
        assert line in text, line
    assert not UUID.search(text)  # a short reference, never the 36-character id


def information(samples, kind: str, **changes):
    return samples.letter_requested("information_letter").model_copy(
        update={"case_id": CASE_ID, "notice_kind": kind, **changes}
    )


def test_unpaid_rent_letter_gives_the_right_to_stay_with_the_computed_date(samples) -> None:
    text = pdf_text(
        "information_letter",
        information(samples, "unpaid_rent", redemption_deadline=date(2026, 11, 23)),
    )
    assert_complete(text, short_reference(CASE_ID))
    assert "rätt att bo kvar" in text
    assert "Betala senast 23 november 2026" in text
    assert "återvinningsfristen" in text
    assert "budget- och skuldrådgivning" in text


def test_unpaid_rent_without_a_served_date_explains_the_three_weeks(samples) -> None:
    text = pdf_text("information_letter", information(samples, "unpaid_rent"))
    assert "inom tre veckor från den dag du fick" in text


@pytest.mark.parametrize(
    ("kind", "expected", "absent"),
    [
        ("disturbance", "rätta till störningar i boendet", "obetald hyra"),
        ("unauthorised_sublet", "i andra hand utan tillstånd", "obetald hyra"),
        ("electricity_debt", "elen kan stängas av", "hyresskulden"),
        ("eviction_enforcement", "Kronofogdemyndigheten", "hyresvärd har sagt upp"),
    ],
)
def test_each_notice_kind_has_its_own_text(samples, kind, expected, absent) -> None:
    text = pdf_text(
        "information_letter", information(samples, kind, eviction_date=date(2026, 12, 1))
    )
    assert_complete(text, short_reference(CASE_ID))
    assert expected in text and absent not in text
    if kind == "eviction_enforcement":
        assert "Avhysningen är utsatt till 1 december 2026" in text


def test_home_visit_letter_says_first_that_the_visit_is_voluntary(samples) -> None:
    payload = samples.letter_requested(
        "home_visit_letter", datetime(2026, 11, 5, 13, 0, tzinfo=UTC)
    ).model_copy(update={"case_id": CASE_ID})
    text = pdf_text("home_visit_letter", payload)
    assert_complete(text, short_reference(CASE_ID))
    assert text.index("Besöket är frivilligt") < text.index("Tid:")
    assert "torsdag 5 november 2026 kl. 14.00" in text
    assert "två personer" in text


def test_consent_form_has_boxes_and_a_signature_line(samples) -> None:
    payload = samples.letter_requested("consent_form").model_copy(update={"case_id": CASE_ID})
    text = pdf_text("consent_form", payload)
    assert_complete(text, short_reference(CASE_ID))
    for title in ("Hyresvärden", "Kronofogdemyndigheten", "Ekonomiskt bistånd"):
        assert f"[ ] {title}" in text
    assert "Underskrift:" in text and "ta tillbaka samtycket" in text


def test_the_two_month_rent_warning(samples) -> None:
    payload = samples.every_event()["RentDunningStepTaken"]
    text = pdf_text("rent_warning_letter", payload)
    assert_complete(text, short_reference("le-1"))
    assert "2 månader" in text and "13 000 kr" in text
    assert "ännu en månads hyra inte betalas lämnar vi skulden till inkasso" in text


def test_the_no_queue_letter(samples) -> None:
    text = pdf_text("no_queue_letter", samples.every_event()["HousingDecisionGranted"])
    assert_complete(text, short_reference("app-1"))
    assert "Det finns ingen kö" in text and "socialt kontrakt" in text
    assert "kan vi inte säga hur lång tid det tar" in text


def test_the_termination_letter_goes_by_registered_post(samples) -> None:
    request = TerminationLetterRequest(
        lease_id="le-1",
        district="bromma",
        recipient=samples.every_event()["RentDunningStepTaken"].recipient,
        end_date=date(2026, 12, 31),
        reason="unpaid_rent",
        redemption_deadline=date(2026, 11, 24),
        copy_to_representative=True,
    )
    text = pdf_text("termination_letter", request)
    assert_complete(text, short_reference("le-1"))
    assert "REKOMMENDERAT BREV" in text
    assert "att upphöra 31 december 2026" in text
    assert "bo kvar om du betalar hela hyresskulden senast 24 november 2026" in text
    assert "hyresnämnden" in text and "god man eller förvaltare" in text


def test_a_named_sender_signs_with_name_and_phone(samples) -> None:
    payload = information(samples, "disturbance")
    sender = Sender(name="Anna Andersson", title="Socialsekreterare", phone="08-100 100 42")
    text = pdf_text("information_letter", payload, sender=sender)
    assert "Anna Andersson" in text and "Socialsekreterare" in text
    assert "Telefon: 08-100 100 42" in text
    assert "Besöksadress: Exempelvägen 10, Bromma" in text
