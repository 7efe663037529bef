"""Use cases of the move-out process: propose, record a step, apartment ready, overdue.

Effects of steps (seed 003): `termination_decided` makes the process decided;
`debiting_stopped` sets the lease's end date (rent runs charge up to it, pro
rata); `contract_closed` ends the lease (`LeaseEnded`) and records what is left
unpaid as the person's debt to social services (seed 000); the vacancy reported
to the planner publishes `ApartmentVacated`; the apartment ready, after the
inspection and any renovation, publishes `ApartmentReady`.

Every recorded step publishes `MoveOutStepCompleted`; a step that starts
another's deadline (the signed original starts the inspection's, the
inspection the renovation's) publishes `MoveOutStepDeadlineSet` for it, and
the apartment ready ends the process (`MoveOutProcessEnded`). Notifications
sets and cancels its move-out reminders from these three. All are written to
the outbox in the use case's transaction, keyed by the process id, so they
reach consumers in the order they happened.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound, NotPermitted
from bostad_common.events import make_event
from bostad_common.events.tenancy import (
    ApartmentReadyV1,
    ApartmentVacatedV1,
    LeaseEndedV1,
    MoveOutProcessEndedV1,
    MoveOutStepCompletedV1,
    MoveOutStepDeadlineSetV1,
    MoveOutStepOverdueV1,
    TerminationProposedV1,
)
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import add_to_outbox
from tenancy.leases.models import Lease
from tenancy.ledger import service as ledger
from tenancy.move_out import rules
from tenancy.move_out.catalogue import BY_CODE, ProcessKind, steps_for
from tenancy.move_out.models import MoveOutProcess, MoveOutStep

SOURCE = "/bostad/tenancy"


async def _publish(session: AsyncSession, payload, subject: str, district: str) -> None:  # type: ignore[no-untyped-def]
    await add_to_outbox(
        session, make_event(payload, source=SOURCE, subject=subject, district=district)
    )


async def propose(
    session: AsyncSession,
    actor: Actor,
    lease_id: str,
    *,
    kind: ProcessKind,
    reason: str,
    end_date: date,
    motivation: str | None,
    now: datetime,
) -> MoveOutProcess:
    lease = await session.get(Lease, lease_id)
    if lease is None:
        raise NotFound("lease not found")
    if lease.status != "active":
        raise Conflict("only an active lease can be terminated")
    if end_date < lease.start_date:
        raise FieldErrors([{"field": "end_date", "message": "before the lease starts"}])
    open_process = (
        await session.execute(
            select(MoveOutProcess.id).where(
                MoveOutProcess.lease_id == lease.id,  # type: ignore[arg-type]
                MoveOutProcess.status.notin_(("ready", "cancelled")),  # type: ignore[attr-defined]
            )
        )
    ).first()
    if open_process is not None:
        raise Conflict("the lease already has a move-out process")
    process = MoveOutProcess(
        district=lease.district,
        lease_id=lease.id,
        kind=kind,
        reason=reason,
        status="proposed" if kind == "termination" else "moving_out",
        end_date=end_date,
        proposed_by=actor.name,
        proposed_at=now,
        motivation=motivation,
    )
    session.add(process)
    await session.flush()
    for position, spec in enumerate(steps_for(kind)):
        session.add(
            MoveOutStep(district=lease.district, process_id=process.id, code=spec.code,
                        position=position)
        )  # fmt: skip
    if kind == "termination":
        await _publish(
            session,
            TerminationProposedV1(
                process_id=process.id, lease_id=lease.id, district=lease.district,
                proposed_by=actor.name, proposed_at=now,
            ),
            process.id, lease.district,
        )  # fmt: skip
    await session.flush()
    return process


async def get_process(session: AsyncSession, process_id: str) -> MoveOutProcess:
    process = await session.get(MoveOutProcess, process_id)
    if process is None:
        raise NotFound("move-out process not found")
    return process


async def steps_of(session: AsyncSession, process_id: str) -> list[MoveOutStep]:
    rows = await session.execute(
        select(MoveOutStep)
        .where(MoveOutStep.process_id == process_id)  # type: ignore[arg-type]
        .order_by(MoveOutStep.position)  # type: ignore[arg-type]
    )
    return list(rows.scalars())


def states_of(steps: list[MoveOutStep]) -> dict[str, rules.StepState]:
    return {s.code: rules.StepState(s.code, s.done_on, s.not_needed) for s in steps}


def may_record(actor: Actor, code: str) -> bool:
    """Seed 003: the one responsible, or one who takes part, records the step."""
    if actor.principal.is_system:
        return True
    spec = BY_CODE[code]
    return bool(set(spec.responsible + spec.participants) & set(actor.principal.roles))


async def record_step(
    session: AsyncSession,
    actor: Actor,
    process_id: str,
    code: str,
    *,
    done_on: date,
    not_needed: bool,
    note: str | None,
    now: datetime,
) -> MoveOutProcess:
    process = await get_process(session, process_id)
    if process.status in ("ready", "cancelled"):
        raise Conflict("the process is finished")
    steps = await steps_of(session, process.id)
    step = next((s for s in steps if s.code == code), None)
    if step is None:
        raise NotFound("no such step in this process")
    if not may_record(actor, code):
        raise NotPermitted("the step is recorded by the one responsible or taking part")
    if step.done_on is not None or step.not_needed:
        raise Conflict("the step is already recorded")
    if not_needed and not BY_CODE[code].optional:
        raise FieldErrors([{"field": "not_needed", "message": "this step is always needed"}])
    missing = rules.missing_prerequisites(code, states_of(steps))
    if missing:
        raise Conflict("first: " + ", ".join(missing))
    step.done_on = None if not_needed else done_on
    step.not_needed = not_needed
    step.done_by, step.done_at, step.note = actor.name, now, note
    if not not_needed:
        await _apply_effects(session, process, code, done_on)
    await _publish(
        session,
        MoveOutStepCompletedV1(
            process_id=process.id, lease_id=process.lease_id, district=process.district,
            step=step.code, done_on=step.done_on, not_needed=not_needed,  # type: ignore[arg-type]
            recorded_by=actor.name,
        ),
        process.id, process.district,
    )  # fmt: skip
    for later, deadline in rules.deadlines_set_by(code, states_of(steps)):
        await _publish(
            session,
            MoveOutStepDeadlineSetV1(
                process_id=process.id, lease_id=process.lease_id, district=process.district,
                step=later, responsible_role=BY_CODE[later].responsible[0],  # type: ignore[arg-type]
                deadline=deadline,
            ),
            process.id, process.district,
        )  # fmt: skip
    await session.flush()
    return process


async def _apply_effects(
    session: AsyncSession, process: MoveOutProcess, code: str, done_on: date
) -> None:
    lease = await session.get(Lease, process.lease_id)
    assert lease is not None
    if code == "termination_decided":
        process.status = "decided"
    elif code == "debiting_stopped":
        lease.end_date = process.end_date
        if process.status == "decided":
            process.status = "moving_out"
    elif code == "contract_closed":
        lease.status, lease.end_reason = "ended", process.reason
        lease.end_date = lease.end_date or process.end_date
        balance = await ledger.balance_of(session, lease.id)
        process.remaining_debt_ore = max(0, balance)
        await _publish(
            session,
            LeaseEndedV1(
                lease_id=lease.id, household_id=lease.household_id,
                apartment_id=lease.apartment_id, district=lease.district,
                ended_on=lease.end_date, reason=process.reason,  # type: ignore[arg-type]
            ),
            lease.id, lease.district,
        )  # fmt: skip
    elif code == "vacancy_reported_to_planner":
        process.status, process.vacated_on = "vacated", done_on
        await _publish(
            session,
            ApartmentVacatedV1(
                apartment_id=lease.apartment_id, lease_id=lease.id, district=lease.district,
                vacated_on=done_on,
            ),
            lease.apartment_id, lease.district,
        )  # fmt: skip


async def apartment_ready(
    session: AsyncSession, actor: Actor, process_id: str, *, ready_on: date
) -> MoveOutProcess:
    """Inspected (and renovated, or no renovation needed), the apartment can be offered again."""
    process = await get_process(session, process_id)
    if process.status != "vacated":
        raise Conflict("the vacancy has not been reported to the planner")
    states = states_of(await steps_of(session, process.id))
    unsettled = [c for c in ("inspection_reported", "renovation_ordered") if not states[c].settled]
    if unsettled:
        raise Conflict("first: " + ", ".join(unsettled))
    lease = await session.get(Lease, process.lease_id)
    assert lease is not None
    process.status, process.ready_on = "ready", ready_on
    await _publish(
        session,
        ApartmentReadyV1(apartment_id=lease.apartment_id, district=process.district,
                         ready_on=ready_on),
        lease.apartment_id, process.district,
    )  # fmt: skip
    await _publish(
        session,
        MoveOutProcessEndedV1(
            process_id=process.id, lease_id=process.lease_id, district=process.district,
            ending="apartment_ready", ended_on=ready_on,
        ),
        process.id, process.district,
    )  # fmt: skip
    await session.flush()
    return process


async def list_processes(
    session: AsyncSession, *, district: str | None, status: str | None, limit: int, offset: int
) -> list[MoveOutProcess]:
    query = select(MoveOutProcess).order_by(MoveOutProcess.proposed_at)  # type: ignore[arg-type]
    if district:
        query = query.where(MoveOutProcess.district == district)  # type: ignore[arg-type]
    if status:
        query = query.where(MoveOutProcess.status == status)  # type: ignore[arg-type]
    return list((await session.execute(query.limit(limit).offset(offset))).scalars())


async def flag_overdue(session: AsyncSession, *, today: date, now: datetime) -> int:
    """Publish MoveOutStepOverdue once for every step past its deadline; returns how many."""
    rows = await session.execute(
        select(MoveOutProcess).where(
            MoveOutProcess.status.notin_(("ready", "cancelled"))  # type: ignore[attr-defined]
        )
    )
    flagged = 0
    for process in rows.scalars():
        steps = await steps_of(session, process.id)
        states = states_of(steps)
        for step in steps:
            if step.overdue_notified_at is None and rules.is_overdue(step.code, states, today):
                deadline = rules.deadline_of(step.code, states)
                assert deadline is not None
                step.overdue_notified_at = now
                flagged += 1
                await _publish(
                    session,
                    MoveOutStepOverdueV1(
                        process_id=process.id, lease_id=process.lease_id,
                        district=process.district, step=step.code,
                        responsible_role=BY_CODE[step.code].responsible[0], deadline=deadline,
                    ),
                    process.id, process.district,
                )  # fmt: skip
    await session.flush()
    return flagged
