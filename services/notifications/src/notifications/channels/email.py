"""E-mail to staff mailboxes: "there is something to read, and where" - nothing else.

The e-mail never carries the notification's own title or body: it is the same
neutral Swedish text for every kind, plus the portal link (ids only), so not
even the kind of matter (e.g. that children are involved) leaves the platform.
The text is checked again right before it is handed to SMTP.

SMTP is the standard library's `smtplib`, run in a worker thread. Configured by
`BOSTAD_SMTP_URL`:
  smtp://host:25                 plain (a local relay)
  smtp+starttls://user:pw@host:587
  smtps://user:pw@host:465       implicit TLS
Empty means the channel is disabled: deliveries are recorded as not sent.

Recipients are people or staff functions. A person's address comes from the
staff directory (the dispatcher puts it on the message); a function's from the
mailbox configuration (`BOSTAD_NOTIFY_MAILBOXES`), typically a unit's
functional mailbox. A person without an address in the directory falls back to
a mailbox configured for them there.
"""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import ClassVar, Final
from urllib.parse import unquote, urlsplit

from notifications.channels.base import Channel, ChannelDisabled, NoAddress, OutboundMessage
from notifications.channels.confidentiality import ensure_not_confidential
from notifications.routing.recipients import StaffGroup, StaffUser

SUBJECT: Final = "Du har ett nytt meddelande i Bostadsplattformen"
BODY_TEMPLATE: Final = (
    "Hej!\n\n"
    "Du har ett nytt meddelande i Bostadsplattformen. Läs det här:\n"
    "{url}\n\n"
    "Av sekretesskäl står inga uppgifter om ärendet i det här meddelandet. "
    "Logga in i Bostadsplattformen för att läsa.\n\n"
    "Det här är ett automatiskt meddelande som inte går att svara på.\n"
)


DIGEST_SUBJECT: Final = "Dina nya meddelanden i Bostadsplattformen"
DIGEST_TEMPLATE: Final = (
    "Hej!\n\n"
    "Du har {count} nya meddelanden i Bostadsplattformen sedan förra sammanfattningen. "
    "Läs dem här:\n"
    "{url}\n\n"
    "Av sekretesskäl står inga uppgifter om ärendena i det här meddelandet. "
    "Logga in i Bostadsplattformen för att läsa.\n\n"
    "Det här är ett automatiskt meddelande som inte går att svara på.\n"
)
INBOX_PAGE: Final = "/inbox"


def neutral_email(url: str) -> tuple[str, str]:
    """Subject and body of every notification e-mail."""
    return SUBJECT, BODY_TEMPLATE.format(url=url)


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    implicit_tls: bool = False
    starttls: bool = False
    timeout: float = 10.0

    @classmethod
    def from_url(cls, url: str, *, sender: str, timeout: float = 10.0) -> SmtpConfig | None:
        """None when `url` is empty (the channel is disabled)."""
        if not url.strip():
            return None
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in {"smtp", "smtps", "smtp+starttls"} or not parts.hostname:
            raise ValueError("BOSTAD_SMTP_URL must be smtp://, smtp+starttls:// or smtps://")
        implicit_tls = scheme == "smtps"
        default_port = 465 if implicit_tls else 587 if scheme == "smtp+starttls" else 25
        return cls(
            host=parts.hostname,
            port=parts.port or default_port,
            sender=sender,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            implicit_tls=implicit_tls,
            starttls=scheme == "smtp+starttls",
            timeout=timeout,
        )


class MailboxDirectory:
    """Addresses of staff mailboxes: {district: {"role:caseworker" | "user:<id>": address}}."""

    def __init__(self, mailboxes: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self._mailboxes = {
            district: dict(entries) for district, entries in (mailboxes or {}).items()
        }

    def address_for(self, recipient: StaffGroup | StaffUser) -> str | None:
        return self._mailboxes.get(recipient.district, {}).get(recipient.key)


class EmailChannel(Channel):
    name: ClassVar[str] = "email"

    def __init__(
        self, smtp: SmtpConfig | None, mailboxes: MailboxDirectory, portal_url: str
    ) -> None:
        self._smtp = smtp
        self._mailboxes = mailboxes
        self._portal_url = portal_url.rstrip("/")

    @property
    def enabled(self) -> bool:
        return self._smtp is not None

    def compose(self, message: OutboundMessage, address: str) -> EmailMessage:
        subject, body = neutral_email(self._portal_url + message.link)
        ensure_not_confidential(subject, body)
        email = EmailMessage()
        email["Subject"] = subject
        email["From"] = self._smtp.sender if self._smtp else ""
        email["To"] = address
        email.set_content(body)
        return email

    async def send(self, message: OutboundMessage) -> None:
        if self._smtp is None:
            raise ChannelDisabled(self.name)
        address = message.address or self._mailboxes.address_for(message.recipient)
        if not address:
            raise NoAddress()
        email = self.compose(message, address)
        await asyncio.to_thread(_send_sync, self._smtp, email)

    async def send_digest(
        self, district: str, person: str, address: str | None, count: int
    ) -> None:
        """One e-mail for a person's daily digest: how many, and where to read them."""
        if self._smtp is None:
            raise ChannelDisabled(self.name)
        address = address or self._mailboxes.address_for(StaffUser(district, person))
        if not address:
            raise NoAddress()
        subject = DIGEST_SUBJECT
        body = DIGEST_TEMPLATE.format(count=count, url=self._portal_url + INBOX_PAGE)
        ensure_not_confidential(subject, body)
        email = EmailMessage()
        email["Subject"], email["To"] = subject, address
        email["From"] = self._smtp.sender
        email.set_content(body)
        await asyncio.to_thread(_send_sync, self._smtp, email)


def _send_sync(config: SmtpConfig, email: EmailMessage) -> None:
    context = ssl.create_default_context()
    if config.implicit_tls:
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            config.host, config.port, timeout=config.timeout, context=context
        )
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    with client:
        if config.starttls:
            client.starttls(context=context)
        if config.username:
            client.login(config.username, config.password or "")
        client.send_message(email)
