"""Assigning a case's responsible caseworker (ansvarig handläggare).

A first assignment needs no reason; a reassignment or a release back to the
team's unassigned cases does (the person's case changes hands: the journal
should say why). Each change is a row and a `CaseAssigned` event.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict
from bostad_common.events import make_event
from bostad_common.events.eviction import CaseAssignedV1
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import add_to_outbox
from eviction_prevention.cases.models import Case
from eviction_prevention.cases.service import EVENT_SOURCE
from eviction_prevention.ownership.models import CaseOwnershipChange


async def assign(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    caseworker: str | None,
    reason: str | None,
    now: datetime,
) -> CaseOwnershipChange:
    if case.status != "open":
        raise Conflict("the case is closed")
    previous = case.responsible_caseworker
    if previous == caseworker:
        raise FieldErrors([{"field": "caseworker", "message": "already responsible"}])
    if previous is not None and not reason:
        raise FieldErrors([{"field": "reason", "message": "required when the case changes hands"}])
    case.responsible_caseworker = caseworker
    change = CaseOwnershipChange(
        case_id=case.id,
        district=case.district,
        previous_caseworker=previous,
        caseworker=caseworker,
        reason=reason,
        changed_by=actor.name,
        changed_at=now,
    )
    session.add(change)
    await session.flush()
    await add_to_outbox(
        session,
        make_event(
            CaseAssignedV1(
                case_id=case.id,
                district=case.district,
                responsible_caseworker=caseworker,
                previous_caseworker=previous,
                assigned_at=now,
            ),
            source=EVENT_SOURCE,
            subject=case.id,
            district=case.district,
        ),
    )
    return change


async def history(session: AsyncSession, case_id: str) -> list[CaseOwnershipChange]:
    result = await session.execute(
        select(CaseOwnershipChange)
        .where(CaseOwnershipChange.case_id == case_id)
        .order_by(CaseOwnershipChange.changed_at)  # type: ignore[arg-type]
    )
    return list(result.scalars())
