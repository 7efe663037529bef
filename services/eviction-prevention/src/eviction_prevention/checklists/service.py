"""Checklist operations: give a case its items, mark items done."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.db_types import new_id
from bostad_common.domain_errors import Conflict, NotFound
from bostad_common.http_errors import FieldErrors
from eviction_prevention.checklists.models import ChecklistItem, ChecklistItemChange
from eviction_prevention.checklists.rules import CaseProfile, items_to_add


def settled(item: ChecklistItem) -> bool:
    """Done, or marked not applicable with a reason."""
    return item.done_at is not None or item.not_applicable_at is not None


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
    if item.not_applicable_at is not None:
        raise FieldErrors([{"field": "code", "message": "marked not applicable; undo it first"}])
    item.done_at = now
    item.done_by = actor.name
    item.note = note
    _record(session, actor, item, "done", note, now)
    return item


def _record(
    session: AsyncSession,
    actor: Actor,
    item: ChecklistItem,
    action: str,
    reason: str | None,
    now: datetime,
) -> None:
    session.add(
        ChecklistItemChange(
            case_id=item.case_id,
            district=item.district,
            code=item.code,
            action=action,
            reason=reason,
            changed_by=actor.name,
            changed_at=now,
        )
    )


async def _open_item(
    session: AsyncSession, case_id: str, code: str, case_status: str
) -> ChecklistItem:
    if case_status != "open":
        raise Conflict("the case is closed")
    item = (
        await session.execute(
            select(ChecklistItem).where(
                ChecklistItem.case_id == case_id, ChecklistItem.code == code
            )
        )
    ).scalar_one_or_none()
    if item is None:
        raise NotFound("checklist item not found")
    return item


async def mark_not_applicable(
    session: AsyncSession,
    actor: Actor,
    *,
    case_id: str,
    code: str,
    reason: str,
    now: datetime,
    case_status: str,
) -> ChecklistItem:
    """The item does not apply to this household (e.g. no children live there)."""
    item = await _open_item(session, case_id, code, case_status)
    if item.done_at is not None or item.not_applicable_at is not None:
        raise FieldErrors([{"field": "code", "message": "already settled; undo it first"}])
    item.not_applicable_at, item.not_applicable_by = now, actor.name
    item.not_applicable_reason = reason
    _record(session, actor, item, "not_applicable", reason, now)
    await session.flush()
    return item


async def undo(
    session: AsyncSession,
    actor: Actor,
    *,
    case_id: str,
    code: str,
    reason: str,
    now: datetime,
    case_status: str,
) -> ChecklistItem:
    """Undo a wrongly ticked item (or a wrong "not applicable"); the history keeps both."""
    item = await _open_item(session, case_id, code, case_status)
    if item.done_at is None and item.not_applicable_at is None:
        raise FieldErrors([{"field": "code", "message": "nothing to undo"}])
    item.done_at = item.done_by = None
    item.not_applicable_at = item.not_applicable_by = item.not_applicable_reason = None
    _record(session, actor, item, "undone", reason, now)
    await session.flush()
    return item


async def changes_of(session: AsyncSession, case_id: str) -> list[ChecklistItemChange]:
    result = await session.execute(
        select(ChecklistItemChange)
        .where(ChecklistItemChange.case_id == case_id)
        .order_by(ChecklistItemChange.changed_at)  # type: ignore[arg-type]
    )
    return list(result.scalars())
