"""Texts that leave the platform carry no confidential details (socialtjänstsekretess)."""

from __future__ import annotations

import uuid

import pytest

from notifications.channels.base import ChannelDisabled, NoAddress, OutboundMessage
from notifications.channels.confidentiality import (
    ConfidentialContent,
    confidentiality_findings,
    ensure_not_confidential,
)
from notifications.channels.email import EmailChannel, MailboxDirectory, SmtpConfig, neutral_email
from notifications.routing import StaffGroup, StaffUser

# Skatteverket's published test number; a "samordningsnummer" (day + 60) of the same shape.
TEST_PN = "19121212-1212"


@pytest.mark.parametrize(
    "text",
    [
        f"Ärende för {TEST_PN}",
        "pnr 191212121212",
        "born 121212-1212",
        "121212+1212",
        "19701063-2391",
        "Namn: Tolvan Tolvansson",
        '{"name": "Tolvan"}',
        "personnummer = okänt",
        "Adress: Exempelgatan 1",
        "Ring +46 70 123 45 67",
        "ring 070-123 45 67",
        "svara till tolvan@example.se",
    ],
)
def test_personal_details_are_refused(text: str) -> None:
    assert confidentiality_findings(text)
    with pytest.raises(ConfidentialContent) as info:
        ensure_not_confidential("ok", text)
    # The error says which rule fired, never what matched.
    assert TEST_PN not in str(info.value)
    assert "Tolvan" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "Du har ett nytt meddelande i Bostadsplattformen",
        "https://portal.example.se:8443/eviction-prevention/cases/3f2a9c1e-7b4d-4e21-9a0b-1c2d3e4f5a6b",
        # A UUID whose first groups are all digits is an id, not a personal number.
        "/eviction-prevention/cases/12345678-1234-4234-8234-123456789012",
        "Återvinningsfristen går ut 23 november 2026. Besök senast 2026-11-04 kl. 10.00.",
        "Ärende c-1 har öppnats: obetalda hyror, hushåll med barn.",
    ],
)
def test_ordinary_notification_text_passes(text: str) -> None:
    assert confidentiality_findings(text) == []


def test_known_sensitive_values_are_refused_whatever_their_shape() -> None:
    assert confidentiality_findings(
        "Brev till tolvan tolvansson", sensitive_values=["Tolvan Tolvansson"]
    )
    assert confidentiality_findings("Brev skickat", sensitive_values=["Tolvan Tolvansson"]) == []


def message(**overrides) -> OutboundMessage:
    values = {
        "event_id": str(uuid.uuid4()),
        "district": "bromma",
        "kind": "notice_received",
        "recipient": StaffGroup("bromma", "caseworker"),
        "title": "Ny underrättelse från hyresvärd",
        "body": "En underrättelse om obetalda hyror har kommit in.",
        "link": "/eviction-prevention/notices/n-1",
        "case_id": None,
    }
    values.update(overrides)
    return OutboundMessage(**values)


def test_an_outbound_message_cannot_be_made_with_personal_data() -> None:
    with pytest.raises(ConfidentialContent):
        message(body=f"Gäller {TEST_PN}")
    with pytest.raises(ConfidentialContent):
        message(title="Namn: Tolvan")
    with pytest.raises(ValueError, match="portal path"):
        message(link="/cases?pnr=1")


def test_the_email_says_only_that_there_is_something_to_read_and_where() -> None:
    subject, body = neutral_email("https://portal.example.se/eviction-prevention/cases/c-1")
    assert subject == "Du har ett nytt meddelande i Bostadsplattformen"
    assert "Du har ett nytt meddelande i Bostadsplattformen" in body
    assert "https://portal.example.se/eviction-prevention/cases/c-1" in body
    channel = EmailChannel(
        SmtpConfig("localhost", 25, sender="noreply@example.se"),
        MailboxDirectory(),
        "https://portal.example.se",
    )
    email = channel.compose(
        message(
            title="Barnfamilj riskerar avhysning",
            body="Ärende c-1 gäller ett hushåll med barn.",
            link="/eviction-prevention/cases/c-1",
        ),
        "ifo-bromma@example.se",
    )
    text = email.get_content()
    # Neither the notification's title nor its body leaves the platform.
    assert "barn" not in text.lower() and "barn" not in email["Subject"].lower()
    assert "https://portal.example.se/eviction-prevention/cases/c-1" in text


def test_smtp_url_parsing() -> None:
    assert SmtpConfig.from_url("", sender="a@b.se") is None
    assert SmtpConfig.from_url("  ", sender="a@b.se") is None
    plain = SmtpConfig.from_url("smtp://mail.local", sender="a@b.se")
    assert plain and (plain.host, plain.port, plain.starttls, plain.implicit_tls) == (
        "mail.local",
        25,
        False,
        False,
    )
    tls = SmtpConfig.from_url("smtp+starttls://user:p%40ss@mail.local", sender="a@b.se")
    assert tls and (tls.port, tls.starttls, tls.username, tls.password) == (
        587,
        True,
        "user",
        "p@ss",
    )
    implicit = SmtpConfig.from_url("smtps://mail.local:2465", sender="a@b.se")
    assert implicit and (implicit.port, implicit.implicit_tls) == (2465, True)
    with pytest.raises(ValueError, match="BOSTAD_SMTP_URL"):
        SmtpConfig.from_url("http://mail.local", sender="a@b.se")


async def test_disabled_channel_and_unknown_mailbox_raise() -> None:
    disabled = EmailChannel(None, MailboxDirectory(), "https://portal.example.se")
    with pytest.raises(ChannelDisabled):
        await disabled.send(message())
    enabled = EmailChannel(
        SmtpConfig("127.0.0.1", 1, sender="noreply@example.se"),
        MailboxDirectory({"bromma": {"role:caseworker": "ifo@example.se"}}),
        "https://portal.example.se",
    )
    with pytest.raises(NoAddress):
        await enabled.send(message(recipient=StaffUser("bromma", "someone")))
    with pytest.raises(NoAddress):
        await enabled.send(
            message(district="skarholmen", recipient=StaffGroup("skarholmen", "caseworker"))
        )


async def test_email_is_sent_over_smtp_to_the_mailbox(smtp_server) -> None:
    channel = EmailChannel(
        SmtpConfig.from_url(smtp_server.url, sender="noreply@example.se", timeout=5),
        MailboxDirectory({"bromma": {"user:stina.support": "stina@example.se"}}),
        "https://portal.example.se/",
    )
    await channel.send(
        message(
            recipient=StaffUser("bromma", "stina.support"), link="/eviction-prevention/cases/c-9"
        )
    )
    assert smtp_server.recipients == [["stina@example.se"]]
    sent = smtp_server.messages[0]
    assert sent["Subject"] == "Du har ett nytt meddelande i Bostadsplattformen"
    assert sent["From"] == "noreply@example.se"
    body = sent.get_content()
    assert "Du har ett nytt meddelande i Bostadsplattformen" in body
    assert "https://portal.example.se/eviction-prevention/cases/c-9" in body
