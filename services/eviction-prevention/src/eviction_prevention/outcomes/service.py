"""Interventions and closing a case with its outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict
from bostad_common.events import make_event
from bostad_common.events.eviction import CaseClosedV1
from bostad_common.http_errors import FieldErrors
from bostad_common.messaging import add_to_outbox
from eviction_prevention.cases.models import Case
from eviction_prevention.cases.service import EVENT_SOURCE
from eviction_prevention.checklists import service as checklists
from eviction_prevention.checklists.rules import open_mandatory
from eviction_prevention.outcomes import rules
from eviction_prevention.outcomes.models import Intervention


async def add_intervention(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    kind: str,
    note: str | None,
    now: datetime,
) -> Intervention:
    if case.status != "open":
        raise Conflict("the case is closed")
    if kind not in rules.INTERVENTIONS:
        raise FieldErrors(
            [
                {
                    "field": "kind",
                    "message": "must be one of " + ", ".join(sorted(rules.INTERVENTIONS)),
                }
            ]
        )
    intervention = Intervention(
        case_id=case.id,
        district=case.district,
        kind=kind,
        started_at=now,
        recorded_by=actor.name,
        note=note,
    )
    session.add(intervention)
    await session.flush()
    return intervention


async def interventions_of(session: AsyncSession, case_id: str) -> list[Intervention]:
    result = await session.execute(
        select(Intervention)
        .where(Intervention.case_id == case_id)
        .order_by(Intervention.started_at)
    )
    return list(result.scalars())


async def close_case(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    outcome: str,
    closing_reason: str | None,
    children_affected: int | None,
    reason_text: str | None,
    open_items_reason: str | None,
    now: datetime,
) -> Case:
    """Close with an outcome and its closing reason; `CaseClosed` goes out in the same commit."""
    if case.status != "open":
        raise Conflict("the case is already closed")
    items = await checklists.items_of(session, case.id)
    code, errors = rules.validate_closing(
        outcome=outcome,
        closing_reason=closing_reason,
        children_affected=children_affected,
        reason_text=reason_text,
        open_mandatory_items=open_mandatory(
            (item.code, item.mandatory, item.done_at is not None) for item in items
        ),
        open_items_reason=open_items_reason,
    )
    if errors:
        raise FieldErrors(errors)
    case.status = "closed"
    case.closed_at = now
    case.closed_by = actor.name
    case.outcome = outcome
    case.closing_reason = code
    case.outcome_reason_text = reason_text
    case.open_items_reason = open_items_reason
    case.children_affected = children_affected
    await session.flush()
    await add_to_outbox(
        session,
        make_event(
            CaseClosedV1(
                case_id=case.id,
                district=case.district,
                outcome=outcome,  # type: ignore[arg-type]
                closing_reason=code,
                children_affected=children_affected,
            ),
            source=EVENT_SOURCE,
            subject=case.id,
            district=case.district,
        ),
    )
    return case
