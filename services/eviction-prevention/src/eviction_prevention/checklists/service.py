"""Checklist operations: give a case its items, mark items done."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.db_types import new_id
from bostad_common.domain_errors import Conflict, NotFound
from bostad_common.http_errors import FieldErrors
from eviction_prevention.checklists.models import ChecklistItem
from eviction_prevention.checklists.rules import CaseProfile, items_to_add


async def items_of(session: AsyncSession, case_id: str) -> list[ChecklistItem]:
    result = await session.execute(
        select(ChecklistItem)
        .where(ChecklistItem.case_id == case_id)
        .order_by(ChecklistItem.position, ChecklistItem.code)
    )
    return list(result.scalars())


async def ensure_items(
    session: AsyncSession,
    *,
    case_id: str,
    district: str,
    profile: CaseProfile,
    now: datetime,
    new_case: bool = False,
) -> int:
    """Add the catalogue items the case's profile calls for and it lacks; returns how many.

    `new_case`: the case was created in this unit of work, so it has no items yet
    (saves reading them). The items go in as one ORM bulk INSERT — a case gets
    about fifteen, and building an ORM object per item cost more than the
    insert; the district filter checks bulk INSERTs row by row like any flush.
    """
    existing = [] if new_case else await items_of(session, case_id)
    start = max((item.position for item in existing), default=-1) + 1
    rows = [
        {
            "id": new_id(),
            "case_id": case_id,
            "district": district,
            "code": spec.code,
            "label": spec.label,
            "unit": spec.unit,
            "mandatory": spec.mandatory,
            "position": start + offset,
            "added_at": now,
        }
        for offset, spec in enumerate(items_to_add(profile, (item.code for item in existing)))
    ]
    if rows:
        await session.execute(insert(ChecklistItem), rows)
    return len(rows)


async def complete_item(
    session: AsyncSession,
    actor: Actor,
    *,
    case_id: str,
    code: str,
    note: str | None,
    now: datetime,
    case_status: str,
) -> ChecklistItem:
    if case_status != "open":
        raise Conflict("the case is closed")
    result = await session.execute(
        select(ChecklistItem).where(ChecklistItem.case_id == case_id, ChecklistItem.code == code)
    )
    item = result.scalar_one_or_none()
    if item is None:
        raise NotFound("checklist item not found")
    if item.done_at is not None:
        raise FieldErrors([{"field": "code", "message": "already done"}])
    item.done_at = now
    item.done_by = actor.name
    item.note = note
    return item
