"""The use case and the dispatcher against a migrated database (SQLite, the embedded default)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.district_scope import DistrictScopeMissing, bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, migrate
from bostad_common.events import make_event
from bostad_common.messaging import PoisonMessage
from notifications.app import DEFINITION
from notifications.channels.base import Channel, OutboundMessage
from notifications.channels.dispatcher import DeliveryDispatcher, backoff
from notifications.channels.email import EmailChannel, MailboxDirectory, SmtpConfig
from notifications.channels.models import Delivery
from notifications.handlers import EVENT_TYPES, TOPICS, handle_eviction_event
from notifications.inbox.models import InboxNotification
from notifications.letters.models import Letter
from notifications.service import apply_event

NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'notifications.db'}")
    await migrate(engine, DEFINITION.migrations_dir)
    try:
        yield make_session_factory(engine)
    finally:
        await engine.dispose()


async def apply(sessions, event_name, payload, event_id=None):
    event_id = event_id or str(uuid.uuid4())
    async with sessions() as session, session.begin():
        bind_principal(session, SYSTEM)
        result = await apply_event(
            session, event_id=event_id, event_name=event_name, payload=payload, now=NOW
        )
    return event_id, result


async def rows(sessions, model):
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        return (await session.execute(select(model))).scalars().all()


async def test_applying_an_event_twice_changes_nothing(sessions, samples) -> None:
    event_id, first = await apply(sessions, "OutreachOverdue", samples.outreach_overdue())
    _, second = await apply(sessions, "OutreachOverdue", samples.outreach_overdue(), event_id)
    assert (first.in_app, first.queued) == (2, 1)
    assert (second.in_app, second.queued) == (0, 0)
    notifications = await rows(sessions, InboxNotification)
    assert sorted((n.recipient, n.kind) for n in notifications) == [
        ("role:caseworker", "outreach_overdue"),
        ("role:unit_manager", "outreach_overdue_manager"),
    ]
    deliveries = await rows(sessions, Delivery)
    assert sorted((d.channel, d.status) for d in deliveries) == [
        ("email", "pending"),
        ("in_app", "sent"),
        ("in_app", "sent"),
    ]


async def test_named_staff_get_personal_notifications(sessions, samples) -> None:
    await apply(sessions, "OutreachAssigned", samples.outreach_assigned(["u-1", "u-2"]))
    notifications = await rows(sessions, InboxNotification)
    assert sorted(n.recipient_user for n in notifications) == ["u-1", "u-2"]
    assert all(n.recipient_role is None for n in notifications)
    assert all(n.link == "/eviction-prevention/cases/c-1" for n in notifications)


async def test_a_letter_request_stores_the_rendered_letter_once(sessions, samples) -> None:
    event_id, result = await apply(sessions, "LetterRequested", samples.letter_requested())
    await apply(sessions, "LetterRequested", samples.letter_requested(), event_id)
    letters = await rows(sessions, Letter)
    assert result.letters == 1 and len(letters) == 1
    letter = letters[0]
    assert (letter.status, letter.kind, letter.case_id) == (
        "to_print",
        "home_visit_letter",
        "c-1",
    )
    assert letter.visit_at == datetime(2026, 11, 5, 13, 0, tzinfo=UTC)
    assert "torsdag 5 november 2026 kl. 14.00" in letter.body
    assert "3 november 2026" in letter.body  # dated today, Stockholm time
    # No notification or delivery is made for a letter: nothing about it goes to staff inboxes.
    assert await rows(sessions, InboxNotification) == []
    assert await rows(sessions, Delivery) == []


async def test_district_owned_tables_refuse_writes_without_a_principal(sessions, samples) -> None:
    with pytest.raises(DistrictScopeMissing):
        async with sessions() as session, session.begin():
            await apply_event(
                session,
                event_id="e-1",
                event_name="CaseClosed",
                payload=samples.case_closed(),
            )


class RecordingChannel(Channel):
    name = "email"

    def __init__(self, failures: int = 0, error: type[Exception] = ConnectionError) -> None:
        self.sent: list[OutboundMessage] = []
        self.failures = failures
        self.error = error

    async def send(self, message: OutboundMessage) -> None:
        if self.failures:
            self.failures -= 1
            raise self.error("mail server down")
        self.sent.append(message)


async def email_deliveries(sessions):
    return sorted(
        (d for d in await rows(sessions, Delivery) if d.channel == "email"),
        key=lambda d: d.recipient,
    )


async def test_dispatcher_sends_pending_email_once(sessions, samples) -> None:
    await apply(sessions, "CaseOpened", samples.case_opened("without_children"))
    channel = RecordingChannel()
    dispatcher = DeliveryDispatcher(sessions, {"email": channel})
    assert await dispatcher.run_once(NOW) == 1
    assert await dispatcher.run_once(NOW) == 0
    assert [m.link for m in channel.sent] == ["/eviction-prevention/cases/c-1"]
    [delivery] = await email_deliveries(sessions)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, None)


async def test_dispatcher_gives_up_on_a_permanent_error(sessions, samples) -> None:
    await apply(sessions, "CaseOpened", samples.case_opened("without_children"))
    channel = RecordingChannel(failures=10, error=ValueError)
    dispatcher = DeliveryDispatcher(sessions, {"email": channel}, max_attempts=3)
    now = NOW
    assert await dispatcher.run_once(now) == 1
    [delivery] = await email_deliveries(sessions)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "pending",
        1,
        "ValueError",
    )
    assert delivery.next_attempt_at == now + backoff(1)
    assert await dispatcher.run_once(now) == 0  # not due yet
    for _ in range(2):
        now += timedelta(hours=1)
        assert await dispatcher.run_once(now) == 1
    [delivery] = await email_deliveries(sessions)
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert backoff(1) == timedelta(seconds=10) and backoff(30) == timedelta(minutes=30)


async def test_a_mail_server_that_is_down_is_retried_for_as_long_as_it_takes(
    sessions, samples
) -> None:
    await apply(sessions, "CaseOpened", samples.case_opened("without_children"))
    channel = RecordingChannel(failures=8)  # ConnectionError: the server is down
    dispatcher = DeliveryDispatcher(sessions, {"email": channel}, max_attempts=3)
    now = NOW
    for _ in range(8):
        assert await dispatcher.run_once(now) == 1
        [delivery] = await email_deliveries(sessions)
        assert delivery.status == "pending"  # never given up
        assert delivery.next_attempt_at - now <= timedelta(minutes=30)
        now = delivery.next_attempt_at
    assert await dispatcher.run_once(now) == 1
    [delivery] = await email_deliveries(sessions)
    assert (delivery.status, delivery.attempts) == ("sent", 9)
    assert len(channel.sent) == 1


async def test_disabled_email_is_recorded_as_not_sent(sessions, samples) -> None:
    await apply(sessions, "CaseOpened", samples.case_opened("without_children"))
    disabled = EmailChannel(None, MailboxDirectory(), "https://portal.example.se")
    await DeliveryDispatcher(sessions, {"email": disabled}).run_once(NOW)
    [delivery] = await email_deliveries(sessions)
    assert (delivery.status, delivery.last_error) == ("not_sent", "not sent: channel disabled")


async def test_a_recipient_without_mailbox_is_recorded_as_not_sent(sessions, samples) -> None:
    await apply(sessions, "CaseOpened", samples.case_opened("without_children"))
    channel = EmailChannel(
        SmtpConfig("127.0.0.1", 1, sender="noreply@example.se"),
        MailboxDirectory({"skarholmen": {"role:caseworker": "ifo@example.se"}}),
        "https://portal.example.se",
    )
    await DeliveryDispatcher(sessions, {"email": channel}).run_once(NOW)
    [delivery] = await email_deliveries(sessions)
    assert (delivery.status, delivery.last_error) == (
        "not_sent",
        "not sent: no address for recipient",
    )


async def test_tampered_delivery_text_is_rejected_not_sent(sessions, samples) -> None:
    await apply(sessions, "CaseOpened", samples.case_opened("without_children"))
    async with sessions() as session, session.begin():
        bind_principal(session, SYSTEM)
        await session.execute(
            update(Delivery).where(Delivery.channel == "email").values(body="Namn: Tolvan")
        )
    channel = RecordingChannel()
    await DeliveryDispatcher(sessions, {"email": channel}).run_once(NOW)
    [delivery] = await email_deliveries(sessions)
    assert channel.sent == []
    assert (delivery.status, delivery.last_error) == ("rejected", "rejected: personal data field")


async def test_inbox_rows_never_duplicate_even_without_the_messaging_inbox(
    sessions, samples
) -> None:
    event_id = str(uuid.uuid4())
    for _ in range(3):
        await apply(sessions, "CaseOpened", samples.case_opened("with_children"), event_id)
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        count = await session.scalar(select(func.count()).select_from(InboxNotification))
    assert count == 3  # caseworkers, children-and-youth unit, financial-assistance unit


def eviction_event(payload, district=None):
    return make_event(
        payload,
        source="/bostad/eviction-prevention",
        subject="c-1",
        district=district or payload.district,
    )


async def test_the_handler_subscribes_to_every_event_of_the_four_producers(samples) -> None:
    assert set(samples.every_event()) == EVENT_TYPES
    assert {topic.name for topic in TOPICS} == {
        "intake.events.v1",
        "allocation.events.v1",
        "tenancy.events.v1",
        "eviction-prevention.events.v1",
    }


async def test_the_handler_applies_the_event_as_system(sessions, samples) -> None:
    event = eviction_event(samples.case_closed())
    async with sessions() as session, session.begin():
        await handle_eviction_event(session, event, samples.case_closed())
    [notification] = await rows(sessions, InboxNotification)
    assert (notification.event_id, notification.kind) == (event.id, "case_closed")


async def test_an_envelope_for_another_district_is_poison(sessions, samples) -> None:
    event = eviction_event(samples.case_closed(), district="skarholmen")
    with pytest.raises(PoisonMessage, match="district"):
        async with sessions() as session, session.begin():
            await handle_eviction_event(session, event, samples.case_closed())
    assert await rows(sessions, InboxNotification) == []


async def test_a_home_visit_letter_without_a_time_is_poison(sessions, samples) -> None:
    payload = samples.letter_requested().model_copy(update={"visit_at": None})
    with pytest.raises(PoisonMessage, match="visit_at"):
        async with sessions() as session, session.begin():
            await handle_eviction_event(session, eviction_event(payload), payload)
    assert await rows(sessions, Letter) == []
