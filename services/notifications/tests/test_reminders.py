"""Reminders: fired when a simulated clock passes their time, never after the thing is done,
and never twice, across a restart or with two replicas."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.directory import seed_demo_directory
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, migrate
from bostad_common.events.tenancy import MoveOutProcessEndedV1 as ProcessEnded
from bostad_common.events.tenancy import MoveOutStepCompletedV1 as StepCompleted
from bostad_common.events.tenancy import MoveOutStepDeadlineSetV1 as DeadlineSet
from bostad_common.events.tenancy import MoveOutStepOverdueV1
from bostad_common.events.vocabulary import MOVE_OUT_STEP_CODES
from notifications.app import DEFINITION
from notifications.channels.confidentiality import confidentiality_findings
from notifications.channels.models import Delivery
from notifications.inbox.models import InboxNotification
from notifications.inbox.texts import TEXTS
from notifications.reminders.models import Reminder
from notifications.reminders.rules import REMINDER_RULES, add_months, working_days_before
from notifications.reminders.service import ReminderRunner
from notifications.service import apply_event

NOW = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
# Återvinningsfristen ends Monday 23 November 2026: three working days before is
# Wednesday 18 November, 08.00 Stockholm time = 07.00 UTC.
DEADLINE = date(2026, 11, 23)
REDEMPTION_DUE = datetime(2026, 11, 18, 7, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_working_days_and_months() -> None:
    assert working_days_before(DEADLINE, 3) == date(2026, 11, 18)
    # Across a weekend and Christmas: 28 Dec (Mon) minus 3 working days = 21 Dec (Mon).
    assert working_days_before(date(2026, 12, 28), 3) == date(2026, 12, 21)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 9, 1), 3) == date(2026, 12, 1)


def test_move_out_steps_are_reminded_two_working_days_before_at_eight() -> None:
    rule = next(r for r in REMINDER_RULES if r.kind == "reminder_move_out_step")
    step = move_out_deadline(deadline=date(2026, 11, 9))  # a Monday
    assert rule.due(step) == datetime(2026, 11, 5, 7, 0, tzinfo=UTC)  # Thursday 08.00 CET
    # A deadline on a Saturday (five calendar days): Thursday before it.
    saturday = move_out_deadline(deadline=date(2026, 11, 14))
    assert rule.due(saturday) == datetime(2026, 11, 12, 7, 0, tzinfo=UTC)
    # Monday 10 May 2027: Ascension Day (Thursday 6 May) is no working day; summer time.
    after_holiday = move_out_deadline(deadline=date(2027, 5, 10))
    assert rule.due(after_holiday) == datetime(2027, 5, 5, 6, 0, tzinfo=UTC)
    assert rule.lapses_at is not None
    assert rule.lapses_at(step) == datetime(2026, 11, 9, 22, 59, 59, 999999, tzinfo=UTC)


def test_every_reminder_has_a_text() -> None:
    assert {rule.kind for rule in REMINDER_RULES} <= set(TEXTS)


async def migrated(url: str) -> tuple:
    engine = make_engine(url)
    await migrate(engine, DEFINITION.migrations_dir)
    return engine, make_session_factory(engine)


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine, sessions = await migrated(f"sqlite+aiosqlite:///{tmp_path / 'n.db'}")
    async with sessions() as session, session.begin():
        await seed_demo_directory(session)
    try:
        yield sessions
    finally:
        await engine.dispose()


async def apply(sessions, name, payload, event_id=None) -> str:
    event_id = event_id or str(uuid.uuid4())
    async with sessions() as session, session.begin():
        bind_principal(session, SYSTEM)
        await apply_event(session, event_id=event_id, event_name=name, payload=payload, now=NOW)
    return event_id


async def reminders(sessions, prefix: str = "reminder_") -> list[Reminder]:
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        rows = (await session.execute(select(Reminder))).scalars()
        return [row for row in rows if row.kind.startswith(prefix)]


async def reminded(sessions, kind: str) -> list[str]:
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        rows = await session.execute(
            select(InboxNotification).where(InboxNotification.kind == kind)
        )
        return sorted(row.recipient for row in rows.scalars())


async def fired_by_two_replicas(sessions, postgres_url: str, clock: Clock) -> int:
    """Two replicas, each with its own connection pool, fire at the same moment;
    returns how many reminders they fired together."""
    other_engine = make_engine(postgres_url)
    try:
        fired = await asyncio.gather(
            ReminderRunner(sessions, clock=clock).run_once(),
            ReminderRunner(make_session_factory(other_engine), clock=clock).run_once(),
        )
    finally:
        await other_engine.dispose()
    return sum(fired)


def owned_case(samples, **changes):
    return samples.case_opened("without_children").model_copy(
        update={
            "responsible_caseworker": "anna.caseworker",
            "redemption_deadline": DEADLINE,
            **changes,
        }
    )


async def test_the_redemption_reminder_fires_when_the_clock_passes_its_time(
    sessions, samples
) -> None:
    event_id = await apply(sessions, "CaseOpened", owned_case(samples))
    await apply(sessions, "CaseOpened", owned_case(samples), event_id)  # redelivered
    [reminder] = await reminders(sessions)
    assert (reminder.kind, reminder.due_at, reminder.status) == (
        "reminder_redemption_deadline",
        REDEMPTION_DUE,
        "scheduled",
    )
    clock = Clock(REDEMPTION_DUE - timedelta(minutes=1))
    runner = ReminderRunner(sessions, clock=clock)
    assert await runner.run_once() == 0
    assert await reminded(sessions, "reminder_redemption_deadline") == []

    clock.now = REDEMPTION_DUE
    assert await runner.run_once() == 1
    assert await reminded(sessions, "reminder_redemption_deadline") == ["user:anna.caseworker"]
    clock.now += timedelta(days=2)
    assert await runner.run_once() == 0
    assert await reminded(sessions, "reminder_redemption_deadline") == ["user:anna.caseworker"]


async def test_a_closed_case_cancels_its_reminders(sessions, samples) -> None:
    await apply(
        sessions,
        "CaseOpened",
        owned_case(samples, track="with_children", eviction_date=date(2026, 12, 10)),
    )
    assert {r.kind for r in await reminders(sessions)} == {
        "reminder_redemption_deadline",
        "reminder_eviction_week",
        "reminder_eviction_week_children",
    }
    await apply(sessions, "CaseClosed", samples.case_closed())
    assert {r.status for r in await reminders(sessions)} == {"cancelled"}
    runner = ReminderRunner(sessions, clock=Clock(datetime(2026, 12, 31, tzinfo=UTC)))
    assert await runner.run_once() == 0
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        kinds = {row.kind for row in (await session.execute(select(InboxNotification))).scalars()}
    assert not {k for k in kinds if k.startswith("reminder_")}


async def test_the_eviction_week_reminder_reaches_the_childrens_unit_and_manager(
    sessions, samples, bromma_unit_managers
) -> None:
    await apply(
        sessions,
        "CaseOpened",
        owned_case(samples, track="with_children", eviction_date=date(2026, 12, 10)),
    )
    # A later notice moves the eviction date: the waiting reminder moves with it.
    joined = samples.notice_received().model_copy(
        update={
            "case_id": "c-1",
            "opened_case": False,
            "track": "with_children",
            "eviction_date": date(2026, 12, 17),
        }
    )
    await apply(sessions, "NoticeReceived", joined)
    week = [r for r in await reminders(sessions) if r.kind == "reminder_eviction_week_children"]
    assert sorted((r.due_at, r.status) for r in week) == [
        (datetime(2026, 12, 3, 7, 0, tzinfo=UTC), "cancelled"),
        (datetime(2026, 12, 10, 7, 0, tzinfo=UTC), "scheduled"),
    ]
    await ReminderRunner(sessions, clock=Clock(datetime(2026, 12, 10, 7, 0, tzinfo=UTC))).run_once()
    assert "ulla.manager" in bromma_unit_managers
    assert await reminded(sessions, "reminder_eviction_week_children") == [
        "user:bo.children",
        *(f"user:{manager}" for manager in bromma_unit_managers),
    ]


async def test_a_postponed_eviction_is_reminded_of_again(sessions, samples) -> None:
    """Kronofogden postpones after the first reminder fired: the new date gets its own."""
    await apply(
        sessions, "CaseOpened", owned_case(samples, redemption_deadline=None,
                                           eviction_date=date(2026, 12, 10))
    )  # fmt: skip
    clock = Clock(datetime(2026, 12, 3, 7, 0, tzinfo=UTC))
    runner = ReminderRunner(sessions, clock=clock)
    assert await runner.run_once() == 1
    assert await reminded(sessions, "reminder_eviction_week") == ["user:anna.caseworker"]

    def notice(eviction_date: date):
        return samples.notice_received(notice_id=str(uuid.uuid4())).model_copy(
            update={
                "case_id": "c-1",
                "opened_case": False,
                "track": "without_children",
                "children_possible": False,
                "eviction_date": eviction_date,
                "responsible_caseworker": "anna.caseworker",
            }
        )

    postponed = await apply(sessions, "NoticeReceived", notice(date(2027, 1, 20)))
    await apply(sessions, "NoticeReceived", notice(date(2027, 1, 20)), postponed)  # redelivered
    await apply(sessions, "NoticeReceived", notice(date(2027, 1, 20)))  # the date again
    week = [r for r in await reminders(sessions) if r.kind == "reminder_eviction_week"]
    assert sorted((r.due_at, r.status) for r in week) == [
        (datetime(2026, 12, 3, 7, 0, tzinfo=UTC), "fired"),
        (datetime(2027, 1, 13, 7, 0, tzinfo=UTC), "scheduled"),
    ]
    # Brought forward again before that: the waiting reminder gives way to the new date.
    await apply(sessions, "NoticeReceived", notice(date(2027, 1, 8)))
    clock.now = datetime(2027, 1, 31, tzinfo=UTC)
    assert await runner.run_once() == 1
    week = [r for r in await reminders(sessions) if r.kind == "reminder_eviction_week"]
    assert sorted((r.due_at, r.status) for r in week) == [
        (datetime(2026, 12, 3, 7, 0, tzinfo=UTC), "fired"),
        (datetime(2027, 1, 1, 7, 0, tzinfo=UTC), "fired"),
        (datetime(2027, 1, 13, 7, 0, tzinfo=UTC), "cancelled"),
    ]
    assert await reminded(sessions, "reminder_eviction_week") == ["user:anna.caseworker"] * 2


async def test_outreach_reminder_is_cancelled_when_the_visit_is_reported_late(
    sessions, samples
) -> None:
    assigned = samples.outreach_assigned(["stina.support", "anna.caseworker"]).model_copy(
        update={"due_at": NOW + timedelta(hours=48)}
    )
    await apply(sessions, "OutreachAssigned", assigned)
    [reminder] = await reminders(sessions)
    assert reminder.due_at == NOW + timedelta(hours=36)
    runner = ReminderRunner(sessions, clock=Clock(NOW + timedelta(hours=36)))
    assert await runner.run_once() == 1
    assert await reminded(sessions, "reminder_outreach_due") == [
        "user:anna.caseworker",
        "user:stina.support",
    ]

    second = assigned.model_copy(update={"assignment_id": "a-2"})
    await apply(sessions, "OutreachAssigned", second)
    overdue = samples.outreach_overdue().model_copy(update={"assignment_id": "a-2"})
    await apply(sessions, "OutreachOverdue", overdue)
    assert {r.subject_id: r.status for r in await reminders(sessions)} == {
        "a-1": "fired",
        "a-2": "cancelled",
    }


async def test_the_three_month_mark_is_cancelled_when_the_lease_is_signed(
    sessions, samples
) -> None:
    events = samples.every_event()
    await apply(sessions, "HousingDecisionGranted", events["HousingDecisionGranted"])
    [reminder] = await reminders(sessions)
    # Decided 2 November; three months on 2 February 2027; five working days before.
    assert reminder.due_at == datetime(2027, 1, 26, 7, 0, tzinfo=UTC)
    await apply(sessions, "LeaseSigned", events["LeaseSigned"])
    assert [r.status for r in await reminders(sessions)] == ["cancelled"]


async def test_kronofogdens_date_for_a_family_sets_the_childrens_week_reminder(
    sessions, samples
) -> None:
    """The enforcement track with known children: `children_possible` says what the
    track's name does not, so the children's unit and the manager are reminded too."""
    joined = samples.kronofogden_date_joining(date(2026, 12, 17))
    await apply(sessions, "NoticeReceived", joined)
    assert {r.kind for r in await reminders(sessions)} == {
        "reminder_eviction_week",
        "reminder_eviction_week_children",
    }
    assert await reminders(sessions, "notice_not_opening_a_case") == []  # no grace to wait


async def test_a_notice_that_opened_no_case_is_told_after_a_grace_once(sessions, samples) -> None:
    """An older producer did not say whether a notice opened a case (such events may
    still come from a DLQ): the notice waits two minutes for a CaseOpened naming it;
    without one its caseworkers hear of it."""
    received = NOW - timedelta(seconds=30)
    joined = samples.notice_received(notice_id="n-joined").model_copy(
        update={"received_at": received, "kind": "eviction_enforcement"}
    )
    opened = samples.notice_received(notice_id="n-1").model_copy(update={"received_at": received})
    await apply(sessions, "NoticeReceived", joined)
    # A case opened from n-1 arrives *before* its NoticeReceived (other partition key).
    await apply(sessions, "CaseOpened", samples.case_opened("without_children"))
    await apply(sessions, "NoticeReceived", opened)
    waiting = await reminders(sessions, "notice_not_opening_a_case")
    assert {r.subject_id: r.status for r in waiting} == {
        "n-joined": "scheduled",
        "n-1": "cancelled",
    }
    runner = ReminderRunner(sessions, clock=Clock(received + timedelta(minutes=2)))
    assert await runner.run_once() == 1
    assert await runner.run_once() == 0
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        told = (
            (
                await session.execute(
                    select(InboxNotification).where(
                        InboxNotification.kind == "notice_not_opening_a_case"
                    )
                )
            )
            .scalars()
            .all()
        )
    assert sorted(n.recipient_user for n in told) == [
        "anna.caseworker",
        "bo.children",
        "elin.financial",
        "eva.two.districts",
    ]
    assert all("Kronofogdemyndigheten" in n.body for n in told)
    assert {n.link for n in told} == {"/eviction-prevention/notices/n-joined"}


@pytest.mark.integration
async def test_fired_once_across_a_restart_and_with_two_replicas(postgres_url, samples) -> None:
    engine, sessions = await migrated(postgres_url)
    async with sessions() as session, session.begin():
        await seed_demo_directory(session)
    await apply(sessions, "CaseOpened", owned_case(samples))
    await apply(
        sessions,
        "CaseOpened",
        owned_case(samples, case_id="c-2"),
    )
    clock = Clock(REDEMPTION_DUE)
    assert await fired_by_two_replicas(sessions, postgres_url, clock) == 2
    await engine.dispose()

    # Restart: a new process, the same database, a later clock.
    engine, sessions = await migrated(postgres_url)
    try:
        clock.now += timedelta(hours=1)
        assert await ReminderRunner(sessions, clock=clock).run_once() == 0
        assert await reminded(sessions, "reminder_redemption_deadline") == [
            "user:anna.caseworker",
            "user:anna.caseworker",
        ]  # one per case, c-1 and c-2
        assert {r.status for r in await reminders(sessions)} == {"fired"}
    finally:
        await engine.dispose()


# --- move-out steps (seed 003), from tenancy's MoveOutStepDeadlineSet ----------------------

# The inspection is due Monday 9 November 2026: two working days before is Thursday
# 5 November, 08.00 Stockholm time = 07.00 UTC.
STEP_DEADLINE = date(2026, 11, 9)
STEP_DUE = datetime(2026, 11, 5, 7, 0, tzinfo=UTC)


def move_out_deadline(**changes):
    return DeadlineSet(
        process_id="p-1",
        lease_id="le-1",
        district="bromma",
        step="inspection_reported",
        responsible_role="unit_manager",
        deadline=STEP_DEADLINE,
    ).model_copy(update=changes)


def move_out_completed(**changes):
    return StepCompleted(
        process_id="p-1",
        lease_id="le-1",
        district="bromma",
        step="inspection_reported",
        done_on=date(2026, 11, 4),
        not_needed=False,
        recorded_by="hugo.housing",
    ).model_copy(update=changes)


def move_out_ended(**changes):
    return ProcessEnded(
        process_id="p-1",
        lease_id="le-1",
        district="bromma",
        ending="apartment_ready",
        ended_on=date(2026, 11, 20),
    ).model_copy(update=changes)


async def move_out_reminders(sessions) -> dict[str, str]:
    return {r.subject_id: r.status for r in await reminders(sessions, "reminder_move_out")}


async def test_a_move_out_step_is_reminded_when_the_clock_passes_its_time(
    sessions, bromma_unit_managers
) -> None:
    event_id = await apply(sessions, "MoveOutStepDeadlineSet", move_out_deadline())
    await apply(sessions, "MoveOutStepDeadlineSet", move_out_deadline(), event_id)  # redelivered
    [reminder] = await reminders(sessions, "reminder_move_out")
    assert (reminder.subject_id, reminder.due_at, reminder.status) == (
        "p-1/inspection_reported",
        STEP_DUE,
        "scheduled",
    )
    # The deadline event itself tells nobody (routing's NOT_ROUTED): the reminder does.
    async with sessions() as session:
        bind_principal(session, SYSTEM)
        assert (await session.execute(select(InboxNotification))).first() is None

    clock = Clock(STEP_DUE - timedelta(minutes=1))
    runner = ReminderRunner(sessions, clock=clock)
    assert await runner.run_once() == 0
    assert await reminded(sessions, "reminder_move_out_step") == []

    clock.now = STEP_DUE
    assert await runner.run_once() == 1
    managers = [f"user:{manager}" for manager in bromma_unit_managers]
    assert await reminded(sessions, "reminder_move_out_step") == managers
    clock.now += timedelta(days=1)
    assert await runner.run_once() == 0
    assert await reminded(sessions, "reminder_move_out_step") == managers

    async with sessions() as session:
        bind_principal(session, SYSTEM)
        told = (await session.execute(select(InboxNotification))).scalars().all()
        emails = (
            (await session.execute(select(Delivery).where(Delivery.channel == "email")))
            .scalars()
            .all()
        )
    assert {n.title for n in told} == {
        "Påminnelse: anmälan av besiktning till Stadsfastigheter senast 9 november 2026"
    }
    assert {n.link for n in told} == {"/tenancy/move-outs/p-1"}
    assert all("måndag 9 november 2026" in n.body and "enhetschef" in n.body for n in told)
    assert all(confidentiality_findings(f"{n.title}\n{n.body}") == [] for n in told)
    # An e-mail to each manager too (which says only that there is something to read).
    assert sorted(e.recipient for e in emails) == managers


async def test_a_recorded_step_or_an_ended_process_cancels_only_its_own_reminders(
    sessions,
) -> None:
    for process in ("p-1", "p-2", "p-3", "p-30"):
        await apply(sessions, "MoveOutStepDeadlineSet", move_out_deadline(process_id=process))
    await apply(
        sessions,
        "MoveOutStepDeadlineSet",
        move_out_deadline(process_id="p-2", step="renovation_ordered"),
    )
    # p-1's inspection reported (done); p-2's renovation not needed; p-3 ended.
    await apply(sessions, "MoveOutStepCompleted", move_out_completed())
    await apply(
        sessions,
        "MoveOutStepCompleted",
        move_out_completed(
            process_id="p-2", step="renovation_ordered", done_on=None, not_needed=True
        ),
    )
    await apply(sessions, "MoveOutProcessEnded", move_out_ended(process_id="p-3"))
    # Another step of p-30 being done changes nothing for its inspection.
    await apply(
        sessions,
        "MoveOutStepCompleted",
        move_out_completed(process_id="p-30", step="signed_original_to_fee_officer"),
    )
    assert await move_out_reminders(sessions) == {
        "p-1/inspection_reported": "cancelled",
        "p-2/inspection_reported": "scheduled",
        "p-2/renovation_ordered": "cancelled",
        "p-3/inspection_reported": "cancelled",
        "p-30/inspection_reported": "scheduled",  # "p-3" ended, not "p-30"
        # Recorded before any deadline of it was known: a cancelled row keeps a late
        # (or replayed) deadline from setting a reminder for a step already done.
        "p-30/signed_original_to_fee_officer": "cancelled",
    }
    # Reported overdue (the runner was not there in time): the overdue message tells.
    await apply(
        sessions,
        "MoveOutStepOverdue",
        MoveOutStepOverdueV1(
            process_id="p-2",
            lease_id="le-1",
            district="bromma",
            step="inspection_reported",
            responsible_role="unit_manager",
            deadline=STEP_DEADLINE,
        ),
    )
    # The deadline of a step already recorded comes late: nothing is set.
    await apply(
        sessions,
        "MoveOutStepDeadlineSet",
        move_out_deadline(process_id="p-30", step="signed_original_to_fee_officer"),
    )
    runner = ReminderRunner(sessions, clock=Clock(STEP_DUE + timedelta(hours=1)))
    assert await runner.run_once() == 1  # p-30's inspection only
    assert await move_out_reminders(sessions) == {
        "p-1/inspection_reported": "cancelled",
        "p-2/inspection_reported": "cancelled",
        "p-2/renovation_ordered": "cancelled",
        "p-3/inspection_reported": "cancelled",
        "p-30/inspection_reported": "fired",
        "p-30/signed_original_to_fee_officer": "cancelled",
    }


async def test_a_step_recorded_late_is_reminded_at_once_but_never_after_its_deadline(
    sessions,
) -> None:
    # NOW is Tuesday 3 November. A deadline on Wednesday 4 November: its reminder's time
    # (Monday 2 November) has passed, the deadline has not: remind now.
    await apply(sessions, "MoveOutStepDeadlineSet", move_out_deadline(deadline=date(2026, 11, 4)))
    # A deadline already over (Monday 2 November): MoveOutStepOverdue tells, not this.
    await apply(
        sessions,
        "MoveOutStepDeadlineSet",
        move_out_deadline(process_id="p-2", deadline=date(2026, 11, 2)),
    )
    [late] = await reminders(sessions, "reminder_move_out")
    assert (late.subject_id, late.due_at) == ("p-1/inspection_reported", NOW)
    # Set in time, but the runner comes back only after the deadline day is over.
    await apply(sessions, "MoveOutStepDeadlineSet", move_out_deadline(process_id="p-3"))
    runner = ReminderRunner(sessions, clock=Clock(datetime(2026, 11, 9, 23, 0, tzinfo=UTC)))
    assert await runner.run_once() == 0
    assert await move_out_reminders(sessions) == {
        "p-1/inspection_reported": "cancelled",
        "p-3/inspection_reported": "cancelled",
    }
    assert await reminded(sessions, "reminder_move_out_step") == []
    # In time, the late one is sent.
    await apply(
        sessions,
        "MoveOutStepDeadlineSet",
        move_out_deadline(process_id="p-4", deadline=date(2026, 11, 4)),
    )
    assert await ReminderRunner(sessions, clock=Clock(NOW)).run_once() == 1


@pytest.mark.integration
async def test_a_move_out_reminder_fires_once_across_a_restart_and_with_two_replicas(
    postgres_url, bromma_unit_managers
) -> None:
    engine, sessions = await migrated(postgres_url)
    async with sessions() as session, session.begin():
        await seed_demo_directory(session)
    process = str(uuid.uuid4())
    await apply(sessions, "MoveOutStepDeadlineSet", move_out_deadline(process_id=process))
    # The longest step code beside a uuid fits the subject column (migration 0009).
    longest = max(MOVE_OUT_STEP_CODES, key=len)
    await apply(
        sessions, "MoveOutStepDeadlineSet", move_out_deadline(process_id=process, step=longest)
    )
    clock = Clock(STEP_DUE)
    assert await fired_by_two_replicas(sessions, postgres_url, clock) == 2
    await engine.dispose()

    # Restart: a new process, the same database, a later clock; the step is done since.
    engine, sessions = await migrated(postgres_url)
    try:
        await apply(sessions, "MoveOutStepCompleted", move_out_completed(process_id=process))
        clock.now += timedelta(hours=1)
        assert await ReminderRunner(sessions, clock=clock).run_once() == 0
        assert await reminded(sessions, "reminder_move_out_step") == sorted(
            2 * [f"user:{manager}" for manager in bromma_unit_managers]
        )  # once per step
        assert set((await move_out_reminders(sessions)).values()) == {"fired"}
    finally:
        await engine.dispose()
