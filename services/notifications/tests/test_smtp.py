"""E-mail for real: a real SMTP server (aiosmtpd) on loopback.

No personal data leaves in any e-mail; a server that is down leaves the e-mail
pending and retried until it is back, never lost and never sent twice.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.directory import seed_demo_directory
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, migrate
from notifications.app import DEFINITION
from notifications.channels.confidentiality import confidentiality_findings
from notifications.channels.dispatcher import DeliveryDispatcher
from notifications.channels.email import EmailChannel, MailboxDirectory, SmtpConfig
from notifications.channels.models import Delivery
from notifications.service import apply_event

NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
PORTAL = "https://portal.example.se"
# Every personal detail the sample events carry: none may appear in an e-mail.
PERSONAL = [
    "Tolvan",
    "Tolvansson",
    "Exempelgatan",
    "19900101",
    "16731",
    "167 31",
    "1102",
    "Störst behov",
    "Längst väntetid",
    "skolan",
    "disturbance",
]


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'n.db'}")
    await migrate(engine, DEFINITION.migrations_dir)
    sessions = make_session_factory(engine)
    async with sessions() as session, session.begin():
        await seed_demo_directory(session)
    try:
        yield sessions
    finally:
        await engine.dispose()


def email_channel(server) -> EmailChannel:
    return EmailChannel(
        SmtpConfig.from_url(server.url, sender="bostadsplattformen@example.se", timeout=5),
        MailboxDirectory({"bromma": {"role:planner": "planering-bromma@example.se"}}),
        PORTAL,
    )


async def apply(sessions, name, payload) -> str:
    event_id = str(uuid.uuid4())
    async with sessions() as session, session.begin():
        bind_principal(session, SYSTEM)
        await apply_event(session, event_id=event_id, event_name=name, payload=payload, now=NOW)
    return event_id


async def email_rows(sessions) -> list[Delivery]:
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        rows = await session.execute(select(Delivery).where(Delivery.channel == "email"))
        return list(rows.scalars())


async def test_no_personal_data_in_any_email_of_any_event(sessions, samples, smtp_server) -> None:
    events = samples.every_event()
    # Staff the directory knows (an unknown id has no address: not_sent, tested elsewhere).
    events["OutreachAssigned"] = samples.outreach_assigned(["stina.support", "anna.caseworker"])
    for name, payload in events.items():
        await apply(sessions, name, payload)
    pending = await email_rows(sessions)
    assert pending, "some events are e-mailed"
    dispatcher = DeliveryDispatcher(sessions, {"email": email_channel(smtp_server)})
    while await dispatcher.run_once(NOW):
        pass
    assert {row.status for row in await email_rows(sessions)} == {"sent"}
    assert len(smtp_server.messages) == len(pending)

    for rcpts, message in zip(smtp_server.recipients, smtp_server.messages, strict=True):
        assert len(rcpts) == 1 and rcpts[0].endswith("@bostad.example")  # a person's address
        text = f"{message['Subject']}\n{message.get_content()}"
        assert confidentiality_findings(text, sensitive_values=PERSONAL) == [], text
        assert message["Subject"] == "Du har ett nytt meddelande i Bostadsplattformen"
        assert f"{PORTAL}/" in text
        assert message["Cc"] is None and message["Bcc"] is None
    # Each person got one e-mail per event, never two.
    deliveries = await email_rows(sessions)
    assert len({(d.event_id, d.recipient) for d in deliveries}) == len(deliveries)
    ulla = [
        m
        for r, m in zip(smtp_server.recipients, smtp_server.messages, strict=True)
        if r == ["ulla.manager@bostad.example"]
    ]
    links = sorted(line for m in ulla for line in m.get_content().splitlines() if PORTAL in line)
    assert f"{PORTAL}/tenancy/move-outs/p-1" in links  # the termination to decide


async def test_a_server_that_is_down_leaves_the_email_pending_until_it_is_back(
    sessions, samples, smtp_server, bromma_unit_managers
) -> None:
    await apply(sessions, "IvoReportDue", samples.every_event()["IvoReportDue"])
    managers = len(bromma_unit_managers)  # the IVO report goes to every unit manager
    smtp_server.stop()
    dispatcher = DeliveryDispatcher(sessions, {"email": email_channel(smtp_server)}, max_attempts=2)
    now = NOW
    for _ in range(3):  # more attempts than max_attempts: a server outage is never given up
        assert await dispatcher.run_once(now) == managers
        rows = await email_rows(sessions)
        assert {(r.status, r.last_error) for r in rows} == {("pending", "ConnectionRefusedError")}
        now = max(r.next_attempt_at for r in rows)
    smtp_server.start()
    assert await dispatcher.run_once(now - timedelta(seconds=1)) == 0  # not due yet
    assert await dispatcher.run_once(now) == managers
    rows = await email_rows(sessions)
    assert {(r.status, r.attempts) for r in rows} == {("sent", 4)}
    assert sorted(smtp_server.recipients) == [
        [f"{manager}@bostad.example"] for manager in bromma_unit_managers
    ]
    assert await dispatcher.run_once(now + timedelta(hours=1)) == 0


async def test_a_temporary_refusal_is_retried(
    sessions, samples, smtp_server, bromma_unit_managers
) -> None:
    await apply(sessions, "ApartmentVacated", samples.every_event()["ApartmentVacated"])
    smtp_server.fail_next = 1
    dispatcher = DeliveryDispatcher(sessions, {"email": email_channel(smtp_server)})
    assert await dispatcher.run_once(NOW) == 0  # ApartmentVacated is in-app only
    await apply(sessions, "TerminationProposed", samples.every_event()["TerminationProposed"])
    managers = len(bromma_unit_managers)  # a termination to decide goes to every unit manager
    assert await dispatcher.run_once(NOW) == managers
    [refused] = [row for row in await email_rows(sessions) if row.status == "pending"]
    assert refused.last_error == "SMTPDataError"
    assert len(smtp_server.messages) == managers - 1
    assert await dispatcher.run_once(refused.next_attempt_at) == 1
    assert {row.status for row in await email_rows(sessions)} == {"sent"}
    assert len(smtp_server.messages) == managers
