"""Fixtures of the notifications tests: a fake SMTP server, staff tokens, sample events."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bostad_common.events.eviction import (
    CaseClosedV1,
    CaseOpenedV1,
    LetterRecipient,
    LetterRequestedV1,
    NoticeReceivedV1,
    OutreachAssignedV1,
    OutreachOverdueV1,
)
from bostad_common.settings import Settings
from bostad_devkit import dev_issuer


@dataclass
class FakeSmtpServer:
    """Just enough SMTP for smtplib: records what was sent and to whom."""

    host: str = "127.0.0.1"
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    fail_next: int = 0  # answer the next N DATA commands with 451 (temporary failure)

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def reply(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        await reply("220 fake ESMTP")
        rcpts: list[str] = []
        lines: list[bytes] = []
        in_data = False
        while raw := await reader.readline():
            if in_data:
                if raw == b".\r\n":
                    in_data = False
                    if self.fail_next > 0:
                        self.fail_next -= 1
                        await reply("451 try again later")
                    else:
                        self.messages.append(
                            message_from_bytes(b"".join(lines), policy=policy.default)  # type: ignore[arg-type]
                        )
                        self.recipients.append(rcpts)
                        await reply("250 queued")
                    rcpts, lines = [], []
                else:
                    lines.append(raw[1:] if raw.startswith(b"..") else raw)
                continue
            command = raw.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                await reply("250 fake")
            elif verb == "RCPT":
                rcpts.append(command.split(":", 1)[1].strip().strip("<>"))
                await reply("250 OK")
            elif verb == "DATA":
                in_data = True
                await reply("354 end with .")
            elif verb == "QUIT":
                await reply("221 bye")
                break
            else:
                await reply("250 OK")
        writer.close()

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"


@pytest.fixture
async def smtp_server() -> AsyncIterator[FakeSmtpServer]:
    fake = FakeSmtpServer()
    server = await asyncio.start_server(fake._session, fake.host, 0)
    fake.port = server.sockets[0].getsockname()[1]
    try:
        yield fake
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
def auth_settings(tmp_path: Path) -> Iterator[Settings]:
    """Settings whose token verifier fetches the dev issuer's keys from a local HTTP server.

    The server runs in its own thread: the app under test may run on another event loop.
    """
    settings = Settings(var_dir=tmp_path, environment="test")
    body = json.dumps(dev_issuer.jwks(settings)).encode()

    class JwksHandler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), JwksHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        yield settings.model_copy(update={"oidc_jwks_url": f"http://127.0.0.1:{port}/jwks.json"})
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def token_for(auth_settings: Settings) -> Callable[[str], dict[str, str]]:
    def headers(username: str) -> dict[str, str]:
        token = dev_issuer.issue_token(username, settings=auth_settings)
        return {"Authorization": f"Bearer {token}"}

    return headers


# -- sample payloads (fictional; no personal numbers anywhere) -----------------------------


class Samples:
    @staticmethod
    def notice_received(district: str = "bromma", notice_id: str = "n-1") -> NoticeReceivedV1:
        return NoticeReceivedV1(
            notice_id=notice_id,
            landlord_id="landlord-1",
            district=district,
            kind="unpaid_rent",
            channel="http",
            received_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
        )

    @staticmethod
    def case_opened(
        track: str = "with_children", *, children_unknown: bool = False
    ) -> CaseOpenedV1:
        return CaseOpenedV1(
            case_id="c-1",
            notice_id="n-1",
            district="bromma",
            track=track,  # type: ignore[arg-type]
            children_unknown=children_unknown,
            intake_type="underrattelse",
            notice_kind="unpaid_rent",
            redemption_deadline=date(2026, 11, 23),
            eviction_date=None,
        )

    @staticmethod
    def outreach_assigned(staff: list[str] | None = None) -> OutreachAssignedV1:
        return OutreachAssignedV1(
            case_id="c-1",
            assignment_id="a-1",
            district="bromma",
            staff=staff if staff is not None else ["stina.support", "bo.support"],
            due_at=datetime(2026, 11, 4, 9, 0, tzinfo=UTC),
        )

    @staticmethod
    def outreach_overdue() -> OutreachOverdueV1:
        return OutreachOverdueV1(
            case_id="c-1",
            assignment_id="a-1",
            district="bromma",
            due_at=datetime(2026, 11, 4, 9, 0, tzinfo=UTC),
        )

    @staticmethod
    def letter_requested(
        letter: str = "home_visit_letter", visit_at: datetime | None = None
    ) -> LetterRequestedV1:
        return LetterRequestedV1(
            case_id="c-1",
            district="bromma",
            letter=letter,  # type: ignore[arg-type]
            recipient=LetterRecipient(
                name="Tolvan Tolvansson",
                street="Exempelgatan 1",
                postal_code="16731",
                city="Bromma",
                apartment_number="1102",
            ),
            visit_at=visit_at or datetime(2026, 11, 5, 13, 0, tzinfo=UTC),
            person_ref=PERSON_REF,
        )

    @staticmethod
    def case_closed() -> CaseClosedV1:
        return CaseClosedV1(
            case_id="c-1", district="bromma", outcome="prevented", closing_reason="paid"
        )


PERSON_REF = "p_" + "5e" * 16  # the addressee's pseudonym as eviction-prevention sends it


@pytest.fixture
def samples() -> type[Samples]:
    return Samples
