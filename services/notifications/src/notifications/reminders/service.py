"""Setting, cancelling and firing reminders.

`plan_reminders` runs in the consumer's transaction for every event: it sets
the reminders the event starts (insert-if-absent on `<kind>:<subject>`, so a
redelivered event sets nothing twice; a new date moves a reminder still
waiting) and cancels those it ends.

`ReminderRunner.run_once` fires what is due by its clock (injectable, so tests
let time pass). Each due reminder is claimed by a conditional update
(`scheduled` -> `fired` WHERE still scheduled) after a `FOR UPDATE SKIP
LOCKED` read on PostgreSQL: with two replicas, one claims and the other skips.
The notifications it writes use the event id `reminder:<id>`, so even a
second firing could not add a message (deliveries are unique per event,
channel and recipient). A reminder whose rule says it has lapsed by then (its
deadline is over) is cancelled instead of fired.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db_types import insert_if_absent, new_id, utcnow
from notifications.reminders.models import CANCELLED, FIRED, SCHEDULED, Reminder
from notifications.reminders.rules import REMINDER_RULES, ReminderRule
from notifications.routing.engine import route
from notifications.routing.rules import Rule

log = logging.getLogger(__name__)

# Events that end a case: every reminder of the case is cancelled.
CASE_ENDING_EVENTS = frozenset({"CaseClosed"})


async def _cancel(session: AsyncSession, where: list[Any], event_id: str, now: datetime) -> int:
    result = await session.execute(
        update(Reminder)
        .where(Reminder.status == SCHEDULED, *where)
        .values(status=CANCELLED, cancelled_at=now, cancelled_by_event=event_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def plan_reminders(
    session: AsyncSession,
    *,
    event_id: str,
    event_name: str,
    payload: BaseModel,
    now: datetime,
    rules: tuple[ReminderRule, ...] = REMINDER_RULES,
) -> tuple[int, int]:
    """(set, cancelled) by this event."""
    set_count = cancelled = 0
    district = str(getattr(payload, "district"))  # noqa: B009
    for rule in rules:
        for cancel in rule.cancel_on:
            if cancel.event == event_name and (subject := cancel.subject(payload)):
                same = (
                    Reminder.subject_id.startswith(f"{subject}/", autoescape=True)
                    if cancel.parts
                    else Reminder.subject_id == subject
                )
                cancelled += await _cancel(
                    session, [Reminder.kind == rule.kind, same], event_id, now
                )
                if cancel.before_set:
                    await _tombstone(session, rule, subject, district, event_id, now)
    if event_name in CASE_ENDING_EVENTS and (case_id := getattr(payload, "case_id", None)):
        cancelled += await _cancel(session, [Reminder.case_id == case_id], event_id, now)
    for rule in rules:
        if rule.event != event_name or not rule.when(payload):
            continue
        subject, due = rule.subject(payload), rule.due(payload)
        if not subject or due is None:
            continue
        key = f"{rule.kind}:{subject}"
        if rule.series is not None and (series := rule.series(payload)):
            if await _already_reminded(session, rule, subject):
                continue
            # A new date: the reminder waiting for the old one would name the wrong day.
            in_series = Reminder.subject_id.startswith(f"{series}/", autoescape=True)
            cancelled += await _cancel(
                session, [Reminder.kind == rule.kind, in_series], event_id, now
            )
            # Each setting has its own row, so a date that comes back after another
            # (postponed, then brought forward again) is reminded of again.
            key = f"{key}:{event_id}"
        if due <= now:
            still_useful = rule.lapses_at is not None and now < rule.lapses_at(payload)
            if not (rule.fire_if_past or still_useful):
                continue  # already past: the routing told people when the event came
            due = now
        context = json.dumps(dict(rule.context(payload)), sort_keys=True)
        inserted = await insert_if_absent(
            session,
            Reminder,
            {
                "id": new_id(),
                "district": district,
                "key": key,
                "kind": rule.kind,
                "subject_id": subject,
                "case_id": getattr(payload, "case_id", None),
                "due_at": due,
                "status": SCHEDULED,
                "context": context,
                "set_by_event": event_id,
                "created_at": now,
            },
            unique=("key",),
        )
        if inserted:
            set_count += 1
            continue
        # Already set: a new date (a later notice, a moved eviction) moves a waiting reminder.
        await session.execute(
            update(Reminder)
            .where(Reminder.key == key, Reminder.status == SCHEDULED, Reminder.due_at != due)
            .values(due_at=due, context=context)
        )
    return set_count, cancelled


async def _already_reminded(session: AsyncSession, rule: ReminderRule, subject: str) -> bool:
    """A reminder of this series and date waits or has fired (a redelivered event,
    or a second notice with the same date): nothing new to set."""
    found = await session.execute(
        select(Reminder.id)
        .where(
            Reminder.kind == rule.kind,
            Reminder.subject_id == subject,
            Reminder.status.in_((SCHEDULED, FIRED)),  # type: ignore[attr-defined]
        )
        .limit(1)
    )
    return found.first() is not None


async def _tombstone(
    session: AsyncSession,
    rule: ReminderRule,
    subject: str,
    district: str,
    event_id: str,
    now: datetime,
) -> None:
    """A cancelled row in the reminder's place, so a later setting event sets nothing."""
    await insert_if_absent(
        session,
        Reminder,
        {
            "id": new_id(),
            "district": district,
            "key": f"{rule.kind}:{subject}",
            "kind": rule.kind,
            "subject_id": subject,
            "case_id": None,
            "due_at": now,
            "status": CANCELLED,
            "context": "{}",
            "set_by_event": event_id,
            "created_at": now,
            "cancelled_at": now,
            "cancelled_by_event": event_id,
        },
        unique=("key",),
    )


def _context(row: Reminder) -> SimpleNamespace:
    """The stored context with its dates and times as Python values again."""
    values: dict[str, Any] = json.loads(row.context)
    for name, value in list(values.items()):
        if isinstance(value, str) and name.endswith(("_date", "deadline", "_on")):
            values[name] = date.fromisoformat(value)
        elif isinstance(value, str) and name.endswith("_at"):
            values[name] = datetime.fromisoformat(value)
    values.setdefault("district", row.district)
    return SimpleNamespace(**values)


def _rule_for(kind: str) -> ReminderRule:
    return next(rule for rule in REMINDER_RULES if rule.kind == kind)


async def fire(
    session: AsyncSession,
    row: Reminder,
    now: datetime,
    letterheads: Mapping[str, Any] | None = None,
) -> None:
    """Tell the reminder's recipients, as if an event `reminder:<id>` had come."""
    from notifications.formatting import stockholm_today
    from notifications.service import deliver

    rule = _rule_for(row.kind)
    context = _context(row)
    as_rule = Rule("reminder", rule.kind, rule.recipients, rule.channels)
    routed = route("reminder", context, [as_rule], today=stockholm_today(now))  # type: ignore[arg-type]
    await deliver(
        session,
        event_id=f"reminder:{row.id}",
        routed=routed,
        payload=context,
        actors=frozenset(),
        now=now,
        letterheads=letterheads,
    )


class ReminderRunner:
    """Fires due reminders; `clock` is injectable so tests can let time pass."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Callable[[], datetime] = utcnow,
        batch_size: int = 50,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._batch_size = batch_size

    async def run_once(self) -> int:
        """Fire every reminder due by the clock; returns how many this runner fired."""
        now = self._clock()
        fired = 0
        async with self._sessions() as session, session.begin():
            bind_principal(session, SYSTEM)
            due = (
                (
                    await session.execute(
                        select(Reminder)
                        .where(Reminder.status == SCHEDULED, Reminder.due_at <= now)
                        .order_by(Reminder.due_at, Reminder.id)
                        .limit(self._batch_size)
                        .with_for_update(skip_locked=True)
                    )
                )
                .scalars()
                .all()
            )
            for row in due:
                lapses_at = _rule_for(row.kind).lapses_at
                lapsed = lapses_at is not None and now >= lapses_at(_context(row))
                claimed = await session.execute(
                    update(Reminder)
                    .where(Reminder.id == row.id, Reminder.status == SCHEDULED)
                    .values(
                        {"status": CANCELLED, "cancelled_at": now}
                        if lapsed
                        else {"status": FIRED, "fired_at": now}
                    )
                    .execution_options(synchronize_session=False)
                )
                if lapsed or not getattr(claimed, "rowcount", 0):
                    continue  # lapsed; or another replica fired it, or it was cancelled
                await fire(session, row, now)
                fired += 1
        return fired

    async def run_forever(self, interval: float) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.error("reminder round failed", extra={"error_type": type(exc).__name__})
            await asyncio.sleep(interval)
