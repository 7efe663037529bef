"""Preferences: immediate e-mail or a daily digest per kind; in-app stays immediate; never twice."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.directory import seed_demo_directory
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, migrate
from notifications.app import DEFINITION
from notifications.channels.dispatcher import DeliveryDispatcher
from notifications.channels.models import Delivery
from notifications.inbox.models import InboxNotification
from notifications.preferences.service import next_digest_at, set_preference
from notifications.service import apply_event

NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)  # 09.00 in Stockholm
NEXT_DIGEST = datetime(2026, 11, 4, 6, 0, tzinfo=UTC)  # 07.00 in Stockholm


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'notifications.db'}")
    await migrate(engine, DEFINITION.migrations_dir)
    sessions = make_session_factory(engine)
    async with sessions() as session, session.begin():
        await seed_demo_directory(session)
    try:
        yield sessions
    finally:
        await engine.dispose()


class RecordingEmail:
    name = "email"

    def __init__(self) -> None:
        self.immediate: list[str] = []
        self.digests: list[tuple[str, str | None, int]] = []

    async def send(self, message) -> None:
        self.immediate.append(message.recipient.user_id)

    async def send_digest(self, district: str, person: str, address: str | None, count: int):
        self.digests.append((person, address, count))


async def apply(sessions, name, payload):
    async with sessions() as session, session.begin():
        bind_principal(session, SYSTEM)
        await apply_event(
            session, event_id=str(uuid.uuid4()), event_name=name, payload=payload, now=NOW
        )


def test_the_digest_hour_is_stockholm_time_in_winter_and_summer() -> None:
    assert next_digest_at(NOW, 7) == NEXT_DIGEST
    summer = datetime(2026, 6, 1, 4, 0, tzinfo=UTC)  # 06.00 CEST: today's 07.00 is ahead
    assert next_digest_at(summer, 7) == datetime(2026, 6, 1, 5, 0, tzinfo=UTC)


async def test_a_daily_digest_gathers_a_kind_into_one_email_the_next_morning(
    sessions, samples
) -> None:
    async with sessions() as session, session.begin():
        await set_preference(session, "anna.caseworker", "complaint_received", "daily_digest")
    complaint = samples.every_event()["ComplaintReceived"]
    await apply(sessions, "ComplaintReceived", complaint)
    await apply(sessions, "ComplaintReceived", complaint.model_copy(update={"complaint_id": "x"}))

    async with sessions() as session:
        bind_principal(session, SYSTEM)
        anna_inbox = (
            (
                await session.execute(
                    select(InboxNotification).where(
                        InboxNotification.recipient_user == "anna.caseworker"
                    )
                )
            )
            .scalars()
            .all()
        )
    assert len(anna_inbox) == 2  # in-app is immediate whatever the e-mail choice

    email = RecordingEmail()
    dispatcher = DeliveryDispatcher(sessions, {"email": email})
    await dispatcher.run_once(NOW)
    assert "anna.caseworker" not in email.immediate
    assert sorted(set(email.immediate)) == ["bo.children", "elin.financial", "eva.two.districts"]
    assert len(email.immediate) == 6  # three people, two events, once each
    assert email.digests == []

    await dispatcher.run_once(NEXT_DIGEST)
    assert email.digests == [("anna.caseworker", "anna.caseworker@bostad.example", 2)]
    await dispatcher.run_once(NEXT_DIGEST)
    assert len(email.digests) == 1  # never the same event twice
    assert len(email.immediate) == 6
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        statuses = {d.status for d in (await session.execute(select(Delivery))).scalars()}
    assert statuses == {"sent"}


async def test_every_kind_choice_applies_unless_a_kind_has_its_own(sessions, samples) -> None:
    async with sessions() as session, session.begin():
        await set_preference(session, "ulla.manager", "*", "daily_digest")
        await set_preference(session, "ulla.manager", "termination_proposed", "immediate")
    events = samples.every_event()
    await apply(sessions, "IvoReportDue", events["IvoReportDue"])
    await apply(sessions, "TerminationProposed", events["TerminationProposed"])
    email = RecordingEmail()
    await DeliveryDispatcher(sessions, {"email": email}).run_once(NOW)
    # Ulla gets the termination at once, not the IVO report; a manager of the same
    # district who chose nothing gets both at once.
    assert email.immediate.count("ulla.manager") == 1
    assert email.immediate.count("ivar.manager") == 2
    await DeliveryDispatcher(sessions, {"email": email}).run_once(NEXT_DIGEST)
    assert email.digests == [("ulla.manager", "ulla.manager@bostad.example", 1)]
