"""Which event sets which reminder, when it is due, who is reminded and what cancels it.

Rules are data, like routing's. A reminder is due at 08.00 Stockholm time on
its day (a working morning), or a fixed time before a moment (outreach). It
keeps only ids, codes and dates (`context`), never a payload's personal data.

* återvinningsfristen: three working days before it ends (DOMAIN.md §4, the
  deadline that decides whether the tenant keeps the home) - the case's own
  caseworker, else the district's caseworkers; cancelled when the case closes;
* an eviction date a week before it (CaseOpened, or a later notice joining the
  case) - the caseworker; with children or unknown children also the
  children-and-youth unit and the unit manager (seed 004); cancelled when the
  case closes; a new date (Kronofogden postpones) replaces a reminder still
  waiting and is reminded of even when the old date's reminder has fired;
* outreach due in 12 hours (seeds 001, 002: the visit within 48 hours) - the
  two assigned staff; cancelled when the case closes or the visit is reported
  overdue (OutreachOverdue takes over);
* the three-month mark of a granted biståndsbeslut (DOMAIN.md §2) - the unit
  manager and housing officers; cancelled when the lease is signed (the
  decision is executed) or the decision ends;
* a notice from an older producer that does not say whether it opened a case
  (`opened_case` absent; such events may still sit in a DLQ or be in flight):
  the caseworkers, two minutes later unless a CaseOpened names the notice.
  Notices that say so are routed at once (routing/rules.py) and wait for nothing;
* a move-out step's deadline (seed 003: the inspection "inom 5 dagar" of the
  signed original, the renovation "inom 5 arbetsdagar" of the inspection) two
  working days before it, from tenancy's MoveOutStepDeadlineSet - the step's
  responsible role in the district; cancelled when the step is recorded (done
  or not needed), reported overdue, or the process ends. Set after its time
  (a step recorded late) it fires at once while the deadline has not passed;
  once the deadline day is over it is not sent (MoveOutStepOverdue tells).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from bostad_common.workdays import STOCKHOLM, is_working_day, legal_deadline_at_end_of_day
from notifications.routing.recipients import (
    CASEWORKER,
    CHILDREN_AND_YOUTH_UNIT,
    HOUSING_OFFICER,
    UNIT_MANAGER,
)
from notifications.routing.rules import (
    EMAIL,
    IN_APP,
    ChannelName,
    OwnerOrRole,
    RecipientSelector,
    Role,
    RoleInField,
    UsersInField,
)

REMINDER_HOUR: Final = 8
Payload = Any


def morning_of(day: date) -> datetime:
    """08.00 Stockholm time on `day`, as an aware datetime."""
    return datetime.combine(day, time(REMINDER_HOUR), tzinfo=STOCKHOLM)


def working_days_before(day: date, count: int) -> date:
    """The day `count` working days before `day` (weekends and holidays skipped)."""
    result = day
    while count > 0:
        result -= timedelta(days=1)
        if is_working_day(result):
            count -= 1
    return result


def add_months(day: date, months: int) -> date:
    """Same day `months` later; the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class CancelOn:
    """`event` with `subject(payload)` equal to the reminder's subject cancels it.

    With `before_set`, a cancelling event that arrives first leaves a cancelled
    row behind, so the reminder is never set afterwards (events keyed by
    different aggregates may arrive in either order). With `parts`, it cancels
    every reminder whose subject is `subject(payload)` + "/" + anything: the
    reminders of each step of a process.
    """

    event: str
    subject: Callable[[Payload], str | None]
    before_set: bool = False
    parts: bool = False


@dataclass(frozen=True)
class ReminderRule:
    event: str
    kind: str  # the Swedish text (inbox/texts.py)
    subject: Callable[[Payload], str | None]  # what it is about (case id, decision id)
    due: Callable[[Payload], datetime | None]
    context: Callable[[Payload], Mapping[str, Any]]
    recipients: tuple[RecipientSelector, ...]
    channels: tuple[ChannelName, ...] = (IN_APP, EMAIL)
    cancel_on: tuple[CancelOn, ...] = field(default_factory=tuple)
    when: Callable[[Payload], bool] = lambda _payload: True
    # Fire at once when the due time has already passed (a replayed event), rather
    # than not at all: for reminders that stand in for a message, not a warning.
    fire_if_past: bool = False
    # When the reminder stops making sense (its deadline is over): set after its own
    # time but before this, it fires at once; due after this, it is not sent. Gets
    # the payload when set and the stored context when due, so both must carry
    # what it reads.
    lapses_at: Callable[[Payload], datetime] | None = None
    # For a date that can move (a case's eviction date): the thing the dates belong
    # to, e.g. the case id; `subject` is then `<series>/<date>`. A new date cancels
    # the reminder still waiting for the old one and sets its own, also when the old
    # one has fired already (a postponed eviction is reminded of again). Relies on
    # the series' events arriving in order: eviction-prevention keys them by case.
    series: Callable[[Payload], str | None] | None = None


def _case(p: Payload) -> str | None:
    return getattr(p, "case_id", None)


def _case_context(p: Payload) -> dict[str, Any]:
    return {
        "district": p.district,
        "case_id": p.case_id,
        "responsible_caseworker": getattr(p, "responsible_caseworker", None),
        "redemption_deadline": _iso(getattr(p, "redemption_deadline", None)),
        "eviction_date": _iso(getattr(p, "eviction_date", None)),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _children_possible(p: Payload) -> bool:
    said = getattr(p, "children_possible", None)
    if said is not None:
        return bool(said)
    # Events from before `children_possible` say it only through the track.
    return getattr(p, "track", None) == "with_children" or bool(
        getattr(p, "children_unknown", False)
    )


CASE_CLOSED: Final = CancelOn("CaseClosed", _case)
# The eviction-date reminders of a closed case, whatever their date.
CASE_CLOSED_EVERY_DATE: Final = CancelOn("CaseClosed", _case, parts=True)
CASE_OWNER: Final = OwnerOrRole("responsible_caseworker", CASEWORKER)


def _case_eviction_date(p: Payload) -> str:
    """One reminder per case and eviction date: `<case id>/<date>`."""
    return f"{p.case_id}/{p.eviction_date.isoformat()}"


def _eviction_rules(event: str) -> tuple[ReminderRule, ...]:
    def due(p: Payload) -> datetime | None:
        return morning_of(p.eviction_date - timedelta(days=7)) if p.eviction_date else None

    return (
        ReminderRule(
            event,
            "reminder_eviction_week",
            _case_eviction_date,
            due,
            _case_context,
            (CASE_OWNER,),
            cancel_on=(CASE_CLOSED_EVERY_DATE,),
            when=lambda p: p.eviction_date is not None and getattr(p, "case_id", None) is not None,
            series=_case,
        ),
        ReminderRule(
            event,
            "reminder_eviction_week_children",
            _case_eviction_date,
            due,
            _case_context,
            (Role(CHILDREN_AND_YOUTH_UNIT), Role(UNIT_MANAGER)),
            cancel_on=(CASE_CLOSED_EVERY_DATE,),
            when=lambda p: (
                p.eviction_date is not None
                and getattr(p, "case_id", None) is not None
                and _children_possible(p)
            ),
            series=_case,
        ),
    )


# Seed 003's move-out deadlines are five days long: two working days' notice leaves
# the responsible role time to act without a reminder the day the clock starts.
MOVE_OUT_NOTICE_WORKING_DAYS: Final = 2


def _move_out_step(p: Payload) -> str:
    """One reminder per step of a process: `<process id>/<step code>`."""
    return f"{p.process_id}/{p.step}"


def _move_out_process(p: Payload) -> str:
    return str(p.process_id)


# How long a notice waits for the CaseOpened that would make its own message redundant.
NOTICE_GRACE: Final = timedelta(minutes=2)

REMINDER_RULES: Final[tuple[ReminderRule, ...]] = (
    # Only for NoticeReceived events without `opened_case` (eviction-prevention
    # before 2026-11-30, replayed from a DLQ or still in flight). Those that carry
    # it are routed at once by the routing rules and set nothing here. An old
    # notice waits NOTICE_GRACE for a CaseOpened naming it, which cancels this
    # (the new case's own message is enough: one message per notice); without
    # one, it joined an open case and the district's caseworkers hear of it.
    ReminderRule(
        "NoticeReceived",
        "notice_not_opening_a_case",
        lambda p: p.notice_id,
        lambda p: p.received_at + NOTICE_GRACE,
        lambda p: {
            "district": p.district,
            "notice_id": p.notice_id,
            "kind": p.kind,
            "case_id": p.case_id,
        },
        (Role(CASEWORKER),),
        cancel_on=(CancelOn("CaseOpened", lambda p: p.notice_id, before_set=True),),
        when=lambda p: p.opened_case is None,
        fire_if_past=True,
    ),
    ReminderRule(
        "CaseOpened",
        "reminder_redemption_deadline",
        _case,
        lambda p: (
            morning_of(working_days_before(p.redemption_deadline, 3))
            if p.redemption_deadline
            else None
        ),
        _case_context,
        (CASE_OWNER,),
        cancel_on=(CASE_CLOSED,),
    ),
    # A served date that came after the case opened (CONTRACTS.md v1.1): the same
    # reminder, from the deadline the later notice or the caseworker made known.
    ReminderRule(
        "DeadlineSet",
        "reminder_redemption_deadline",
        _case,
        lambda p: morning_of(working_days_before(p.due_on, 3)),
        lambda p: {
            "district": p.district,
            "case_id": p.case_id,
            "responsible_caseworker": p.responsible_caseworker,
            "redemption_deadline": _iso(p.due_on),
            "eviction_date": None,
        },
        (CASE_OWNER,),
        cancel_on=(CASE_CLOSED,),
        when=lambda p: p.deadline == "redemption_period",
    ),
    *_eviction_rules("CaseOpened"),
    *_eviction_rules("NoticeReceived"),
    ReminderRule(
        "OutreachAssigned",
        "reminder_outreach_due",
        lambda p: p.assignment_id,
        lambda p: p.due_at - timedelta(hours=12),
        lambda p: {
            "district": p.district,
            "case_id": p.case_id,
            "staff": list(p.staff),
            "due_at": p.due_at.isoformat(),
        },
        (UsersInField("staff"),),
        # A closed case cancels every reminder of the case (service.py).
        cancel_on=(CancelOn("OutreachOverdue", lambda p: p.assignment_id),),
    ),
    ReminderRule(
        "HousingDecisionGranted",
        "reminder_three_months",
        lambda p: p.decision_id,
        lambda p: morning_of(working_days_before(add_months(p.decided_on, 3), 5)),
        lambda p: {
            "district": p.district,
            "decision_id": p.decision_id,
            "decided_on": p.decided_on.isoformat(),
            "three_months_on": add_months(p.decided_on, 3).isoformat(),
        },
        (Role(UNIT_MANAGER), Role(HOUSING_OFFICER)),
        cancel_on=(
            CancelOn("LeaseSigned", lambda p: p.decision_id),
            CancelOn("DecisionEnded", lambda p: p.decision_id),
        ),
        when=lambda p: p.is_bistandsbeslut,
    ),
    ReminderRule(
        "MoveOutStepDeadlineSet",
        "reminder_move_out_step",
        _move_out_step,
        lambda p: morning_of(working_days_before(p.deadline, MOVE_OUT_NOTICE_WORKING_DAYS)),
        lambda p: {
            "district": p.district,
            "process_id": p.process_id,
            "lease_id": p.lease_id,
            "step": p.step,
            "responsible_role": p.responsible_role,
            "deadline": _iso(p.deadline),
        },
        (RoleInField("responsible_role"),),
        cancel_on=(
            # A replayed deadline after its step was recorded sets nothing again.
            CancelOn("MoveOutStepCompleted", _move_out_step, before_set=True),
            CancelOn("MoveOutStepOverdue", _move_out_step),
            CancelOn("MoveOutProcessEnded", _move_out_process, parts=True),
        ),
        lapses_at=lambda p: legal_deadline_at_end_of_day(p.deadline),
    ),
)
