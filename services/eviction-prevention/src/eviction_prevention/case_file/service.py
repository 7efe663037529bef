"""Reads across a case's aggregates: the worklist and the whole case (the case file, akten).

The aggregates (cases, notices, checklists, outreach, outcomes) each own their
tables and know only `cases`; this module is the one place that reads them
all together, so none of them has to import the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from eviction_prevention.case_file.schemas import CaseDetail
from eviction_prevention.cases import rules
from eviction_prevention.cases import service as case_service
from eviction_prevention.cases.models import Case
from eviction_prevention.checklists import service as checklists
from eviction_prevention.notices import service as notices
from eviction_prevention.notices.schemas import NoticeRead
from eviction_prevention.outcomes import service as outcomes
from eviction_prevention.outreach import service as outreach
from eviction_prevention.outreach.models import OutreachAssignment
from eviction_prevention.person import service as person
from eviction_prevention.person.schemas import PersonDifferenceRead


async def case_detail(session: AsyncSession, case: Case, *, now: datetime) -> CaseDetail:
    notice_reads = [
        NoticeRead.of(notice, await notices.notice_status(session, notice))
        for notice in await notices.notices_of(session, case.id)
    ]
    history = await outreach.history(session, case.id)
    pending: list[OutreachAssignment] = [
        a for a in history["assignments"] if a.first_visit_at is None and a.cancelled_at is None
    ]
    deadlines = case_service.deadlines_of(case, min((a.due_at for a in pending), default=None))
    return CaseDetail.of(
        case,
        notices=notice_reads,
        checklist=await checklists.items_of(session, case.id),
        outreach=history,
        interventions=await outcomes.interventions_of(session, case.id),
        deadlines=deadlines,
        person_differences=[
            PersonDifferenceRead.of(p) for p in await person.pending_differences(session, case)
        ],
        now=now,
    )


@dataclass(frozen=True)
class WorklistEntry:
    case: Case
    deadlines: list[rules.Deadline]
    next_deadline: rules.Deadline | None
    outreach_overdue: bool


async def worklist(
    session: AsyncSession,
    *,
    now: datetime,
    district: str | None = None,
    responsible: str | None = None,
    unassigned: bool = False,
    limit: int = 100,
) -> list[WorklistEntry]:
    """Open cases (in the districts the session may see), nearest legal deadline first.

    Sorting happens here, not in SQL, because "next deadline" depends on now:
    a passed redemption period gives way to an eviction date still ahead.
    Open cases per district are hundreds, not millions.
    """
    query = select(Case).where(Case.status == "open")
    if district is not None:
        query = query.where(Case.district == district)
    if responsible is not None:
        query = query.where(Case.responsible_caseworker == responsible)
    if unassigned:
        query = query.where(Case.responsible_caseworker.is_(None))  # type: ignore[union-attr]
    cases = [
        case
        for case in (await session.execute(query)).scalars()
        if case_service.visible_to_session(session, case)
    ]
    if not cases:
        return []
    pending = await session.execute(
        select(OutreachAssignment.case_id, OutreachAssignment.due_at).where(
            OutreachAssignment.case_id.in_([c.id for c in cases]),  # type: ignore[attr-defined]
            OutreachAssignment.first_visit_at.is_(None),  # type: ignore[union-attr]
            OutreachAssignment.cancelled_at.is_(None),  # type: ignore[union-attr]
        )
    )
    outreach_due: dict[str, datetime] = {}
    for case_id, due_at in pending:
        if case_id not in outreach_due or due_at < outreach_due[case_id]:
            outreach_due[case_id] = due_at
    entries = []
    for case in cases:
        deadlines = case_service.deadlines_of(case, outreach_due.get(case.id))
        due = outreach_due.get(case.id)
        entries.append(
            WorklistEntry(
                case=case,
                deadlines=deadlines,
                next_deadline=rules.next_legal_deadline(deadlines, now),
                outreach_overdue=due is not None and now > due,
            )
        )
    entries.sort(key=lambda e: rules.worklist_sort_key(e.next_deadline, e.case.opened_at, now))
    return entries[:limit]
