"""Use cases of the three-month clock: start, execute, interrupt, end, warn, report to IVO."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import SecretStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from allocation.clock import rules
from allocation.clock.models import ClockInterruption, ClockWarning, DecisionClock, IvoPeriodNotice
from allocation.districts import service as districts
from allocation.events import publish
from allocation.periods import Period, report_due_on
from bostad_common.db_types import insert_if_absent, new_id, utcnow
from bostad_common.domain_errors import Conflict, NotFound
from bostad_common.events.allocation import DecisionNotExecutedWarningV1, IvoReportDueV1

if TYPE_CHECKING:
    from allocation.pool.models import Household

RUNNING = ("waiting", "interrupted")


async def start_clock(
    session: AsyncSession, household: Household, *, now: datetime
) -> DecisionClock:
    clock = await session.get(DecisionClock, household.decision_id)
    if clock is None:
        clock = DecisionClock(
            decision_id=household.decision_id,
            district=household.district,
            household_id=household.id,
            housing_type=household.housing_type,
            decided_on=household.decided_on,
            clock_start=household.decided_on,
            applicant_birth_date=household.applicant_birth_date,
            applicant_legal_sex=household.applicant_legal_sex,
            updated_at=now,
        )
        session.add(clock)
        await session.flush()
    return clock


async def end_clock(
    session: AsyncSession, decision_id: str, *, ended_on: date, reason: str, now: datetime
) -> None:
    clock = await session.get(DecisionClock, decision_id)
    if clock is None or clock.status in ("ended",):
        return
    clock.status, clock.ended_on, clock.end_reason, clock.updated_at = (
        "ended",
        ended_on,
        reason,
        now,
    )
    await session.flush()


async def record_execution(
    session: AsyncSession, decision_id: str, *, on: date, now: datetime
) -> None:
    """A lease was signed: the decision is executed (or executed again after an interruption)."""
    clock = await session.get(DecisionClock, decision_id)
    if clock is None or clock.status not in RUNNING:
        return
    if clock.status == "waiting" and clock.executed_on is None:
        clock.executed_on = on
    else:
        interruption = await _open_interruption(session, decision_id)
        if interruption is not None:
            interruption.resumed_on = on
    clock.status, clock.updated_at = "executed", now
    await session.flush()


async def _open_interruption(session: AsyncSession, decision_id: str) -> ClockInterruption | None:
    result = await session.execute(
        select(ClockInterruption)
        .where(ClockInterruption.decision_id == decision_id, ClockInterruption.resumed_on.is_(None))  # type: ignore[union-attr]
        .order_by(ClockInterruption.started_on.desc())  # type: ignore[attr-defined]
    )
    return result.scalars().first()


async def get_clock(session: AsyncSession, decision_id: str) -> DecisionClock:
    clock = await session.get(DecisionClock, decision_id)
    if clock is None:
        raise NotFound("decision clock not found")
    return clock


async def interrupt(
    session: AsyncSession,
    clock: DecisionClock,
    *,
    started_on: date,
    reason: str,
    by: str,
    now: datetime,
) -> ClockInterruption:
    """Execution stopped while the decision stands: the clock runs again from `started_on`."""
    if clock.status != "executed":
        raise Conflict(f"only an executed decision can be interrupted (this one is {clock.status})")
    if started_on < (clock.executed_on or clock.decided_on):
        raise Conflict("the interruption cannot start before the decision was executed")
    interruption = ClockInterruption(
        id=new_id(),
        decision_id=clock.decision_id,
        district=clock.district,
        started_on=started_on,
        reason=reason,
        recorded_by=by,
        recorded_at=now,
    )
    session.add(interruption)
    clock.status, clock.clock_start, clock.updated_at = "interrupted", started_on, now
    await session.flush()
    return interruption


async def interruptions_of(session: AsyncSession, decision_id: str) -> Sequence[ClockInterruption]:
    result = await session.execute(
        select(ClockInterruption)
        .where(ClockInterruption.decision_id == decision_id)
        .order_by(ClockInterruption.started_on)  # type: ignore[arg-type]
    )
    return result.scalars().all()


def episodes(
    clock: DecisionClock, interruptions: Sequence[ClockInterruption]
) -> list[rules.Episode]:
    """The decision's stretches of waiting; the last one ends when the decision ends."""
    first_end = clock.executed_on
    found = [rules.Episode(clock.decided_on, first_end, "executed" if first_end else None)]
    for interruption in interruptions:
        end = interruption.resumed_on
        found.append(rules.Episode(interruption.started_on, end, "executed" if end else None))
    last = found[-1]
    if last.end is None and clock.ended_on is not None:
        found[-1] = rules.Episode(last.start, clock.ended_on, "ended")
    return found


# ---------------------------------------------------------------- warnings


async def send_due_warnings(session: AsyncSession, *, today: date, batch: int = 500) -> int:
    """`DecisionNotExecutedWarning` for every running clock past a configured day, once.

    Walks all running clocks in batches (keyset on the decision id); a warning is
    published only by the transaction whose insert of its row succeeded, so two
    watchdogs never both send it.
    """
    configs: dict[str, tuple[int, ...]] = {}
    sent = 0
    after = ""
    while True:
        clocks = (
            (
                await session.execute(
                    select(DecisionClock)
                    .where(DecisionClock.status.in_(RUNNING), DecisionClock.decision_id > after)  # type: ignore[attr-defined]
                    .order_by(DecisionClock.decision_id)  # type: ignore[arg-type]
                    .limit(batch)
                )
            )
            .scalars()
            .all()
        )
        if not clocks:
            return sent
        after = clocks[-1].decision_id
        already: dict[tuple[str, date], set[int]] = {}
        for decision_id, start, day in await session.execute(
            select(
                ClockWarning.decision_id, ClockWarning.clock_start, ClockWarning.warning_day
            ).where(
                ClockWarning.decision_id.in_([c.decision_id for c in clocks])  # type: ignore[attr-defined]
            )
        ):
            already.setdefault((decision_id, start), set()).add(day)
        for clock in clocks:
            if clock.district not in configs:
                configs[clock.district] = (
                    await districts.config_of(session, clock.district)
                ).warning_days
            day, covered = rules.due_warning(
                clock.clock_start,
                today,
                configs[clock.district],
                already.get((clock.decision_id, clock.clock_start), set()),
            )
            if day is None:
                continue
            ours = False
            for covered_day in covered:
                inserted = await insert_if_absent(
                    session,
                    ClockWarning,
                    {
                        "id": new_id(),
                        "decision_id": clock.decision_id,
                        "clock_start": clock.clock_start,
                        "warning_day": covered_day,
                        "sent_at": utcnow(),
                        "district": clock.district,
                    },
                    unique=("decision_id", "clock_start", "warning_day"),
                )
                ours = inserted if covered_day == day else ours
            if not ours:
                continue  # another watchdog sent it
            await publish(
                session,
                DecisionNotExecutedWarningV1(
                    decision_id=clock.decision_id,
                    household_id=clock.household_id,
                    district=clock.district,
                    decided_on=clock.decided_on,
                    days_waited=rules.days_waited(clock.clock_start, today),
                    warning_day=day,
                    three_months_on=rules.three_months_on(clock.clock_start),
                ),
                subject=clock.decision_id,
                district=clock.district,
            )
            sent += 1
        if len(clocks) < batch:
            return sent


# ---------------------------------------------------------------- IVO reports


@dataclass(frozen=True)
class IvoReport:
    kind: str
    ivo_person_id: str
    decision_id: str
    district: str
    decided_on: date
    housing_type: str
    clock_start: date
    days_waited: int
    executed_on: date | None
    ended_on: date | None
    delay_reason: str
    consequences: str
    offered_meanwhile: str
    missing_texts: list[str]


def _seed(key: SecretStr, decision_id: str, period: str) -> int:
    digest = hmac.new(
        key.get_secret_value().encode(), f"{decision_id}:{period}".encode(), hashlib.sha256
    )
    return int.from_bytes(digest.digest()[:4], "big")


async def ivo_reports(
    session: AsyncSession,
    *,
    district: str,
    period: Period,
    as_of: date,
    pseudonym_key: SecretStr,
    offered_summaries: dict[str, str] | None = None,
) -> list[IvoReport]:
    clocks = (
        (
            await session.execute(
                select(DecisionClock).where(
                    DecisionClock.district == district, DecisionClock.decided_on <= period.end
                )
            )
        )
        .scalars()
        .all()
    )
    found: list[tuple[DecisionClock, rules.ReportEntry]] = []
    for clock in clocks:
        for entry in rules.reports_in_period(
            episodes(clock, await interruptions_of(session, clock.decision_id)), period, as_of
        ):
            found.append((clock, entry))
    ids = rules.assign_ivo_ids(
        (
            clock.decision_id,
            clock.applicant_birth_date,
            clock.applicant_legal_sex,
            _seed(pseudonym_key, clock.decision_id, period.label),
        )
        for clock in {c.decision_id: c for c, _ in found}.values()
    )
    offered = offered_summaries or {}
    reports = [
        IvoReport(
            kind=entry.kind,
            ivo_person_id=ids[clock.decision_id],
            decision_id=clock.decision_id,
            district=clock.district,
            decided_on=clock.decided_on,
            housing_type=clock.housing_type,
            clock_start=entry.episode.start,
            days_waited=entry.days_waited,
            executed_on=entry.episode.end if entry.episode.end_kind == "executed" else None,
            ended_on=entry.episode.end if entry.episode.end_kind == "ended" else None,
            delay_reason=clock.delay_reason or "",
            consequences=clock.consequences or "",
            offered_meanwhile=clock.offered_meanwhile or offered.get(clock.household_id, ""),
            # Never invented: a text nobody wrote is named so the officer writes it.
            missing_texts=[
                name
                for name, text in (
                    ("delay_reason", clock.delay_reason),
                    ("consequences", clock.consequences),
                    (
                        "offered_meanwhile",
                        clock.offered_meanwhile or offered.get(clock.household_id),
                    ),
                )
                if not text
            ],
        )
        for clock, entry in found
    ]
    order = {"new": 0, "repeated": 1, "closing": 2}
    reports.sort(key=lambda r: (order[r.kind], r.decided_on, r.ivo_person_id))
    return reports


async def announce_finished_periods(
    session: AsyncSession, *, period: Period, as_of: date, pseudonym_key: SecretStr
) -> int:
    """`IvoReportDue` once per district for a finished period with reports to send."""
    districts_with_clocks = set(
        (await session.execute(select(DecisionClock.district).distinct())).scalars()
    )
    announced = set(
        (
            await session.execute(
                select(IvoPeriodNotice.district).where(IvoPeriodNotice.period == period.label)
            )
        ).scalars()
    )
    sent = 0
    for district in sorted(districts_with_clocks - announced):
        reports = await ivo_reports(
            session, district=district, period=period, as_of=as_of, pseudonym_key=pseudonym_key
        )
        if not reports:
            continue
        inserted = await insert_if_absent(
            session,
            IvoPeriodNotice,
            {"id": new_id(), "district": district, "period": period.label, "sent_at": utcnow()},
            unique=("district", "period"),
        )
        if not inserted:
            continue
        kinds = [r.kind for r in reports]
        await publish(
            session,
            IvoReportDueV1(
                district=district,
                period=period.label,
                due_on=report_due_on(period),
                new_reports=kinds.count("new"),
                repeated_reports=kinds.count("repeated"),
                closing_reports=kinds.count("closing"),
            ),
            subject=f"{district}:{period.label}",
            district=district,
        )
        sent += 1
    return sent
