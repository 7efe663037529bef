"""Person data of a case: differences notices show, and the caseworker's decisions.

Functions flush but never commit (the request's unit of work commits).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict
from bostad_common.http_errors import FieldErrors
from eviction_prevention.cases.models import Case
from eviction_prevention.notices.models import Notice
from eviction_prevention.person import rules
from eviction_prevention.person.models import PersonDataChange


@dataclass(frozen=True)
class PendingDifference:
    notice: Notice
    fields: dict[str, tuple[str | None, str | None]]


async def history(session: AsyncSession, case_id: str) -> list[PersonDataChange]:
    result = await session.execute(
        select(PersonDataChange)
        .where(PersonDataChange.case_id == case_id)
        .order_by(PersonDataChange.recorded_at)  # type: ignore[arg-type]
    )
    return list(result.scalars())


async def pending_differences(session: AsyncSession, case: Case) -> list[PendingDifference]:
    """Notices of the case whose tenant or address differ from the case's and that the
    caseworker has not yet decided on, oldest first."""
    decided = select(PersonDataChange.notice_id).where(
        PersonDataChange.case_id == case.id,
        PersonDataChange.notice_id.is_not(None),  # type: ignore[union-attr]
    )
    notices = (
        await session.execute(
            select(Notice)
            .where(Notice.case_id == case.id, Notice.id.not_in(decided))  # type: ignore[attr-defined]
            .order_by(Notice.received_at)  # type: ignore[arg-type]
        )
    ).scalars()
    pending = []
    for notice in notices:
        fields = rules.differences(case, notice)
        if fields:
            pending.append(PendingDifference(notice, fields))
    return pending


async def _record(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    decision: rules.Decision,
    after: dict[str, str | None],
    reason: str,
    notice_id: str | None,
    now: datetime,
) -> PersonDataChange:
    before = rules.person_data(case)
    for name, value in after.items():
        setattr(case, name, value)
    change = PersonDataChange(
        case_id=case.id,
        district=case.district,
        notice_id=notice_id,
        decision=decision,
        before=before,
        after=rules.person_data(case),
        reason=reason,
        recorded_by=actor.name,
        recorded_at=now,
    )
    session.add(change)
    await session.flush()
    return change


async def decide_on_notice(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    notice_id: str,
    accept: bool,
    reason: str,
    now: datetime,
) -> PersonDataChange:
    """Take over the notice's differing tenant and address, or keep the case's."""
    pending = {p.notice.id: p for p in await pending_differences(session, case)}
    if notice_id not in pending:
        raise FieldErrors(
            [{"field": "notice_id", "message": "no undecided difference from this notice"}]
        )
    difference = pending[notice_id]
    after = {name: theirs for name, (_, theirs) in difference.fields.items()} if accept else {}
    return await _record(
        session,
        actor,
        case,
        decision="accepted_from_notice" if accept else "kept_case_data",
        after=after,
        reason=reason,
        notice_id=notice_id,
        now=now,
    )


async def correct(
    session: AsyncSession,
    actor: Actor,
    case: Case,
    *,
    changes: dict[str, str | None],
    reason: str,
    now: datetime,
) -> PersonDataChange:
    """The caseworker's own correction (e.g. the person told a new phone number)."""
    if case.status != "open":
        raise Conflict("the case is closed")
    if not changes:
        raise FieldErrors([{"field": "tenant", "message": "nothing to correct"}])
    return await _record(
        session,
        actor,
        case,
        decision="corrected",
        after=changes,
        reason=reason,
        notice_id=None,
        now=now,
    )
