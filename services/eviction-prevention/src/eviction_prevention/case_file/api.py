"""`/api/v1/cases/worklist` and `/api/v1/cases/{case_id}`: what staff read about cases.

District isolation is the data layer's: the request's session is bound to the
caller, so a case of another district is simply not found (404).

Access log: reading a case records one entry (purpose "case handling"); the
worklist records one `read` entry per case it shows, because it shows the
person's name — the log then answers "who saw this person" without exceptions.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from eviction_prevention.case_file import service
from eviction_prevention.case_file.schemas import CaseDetail, OverdueFlags, WorklistEntryRead
from eviction_prevention.cases.schemas import CaseSummary, DeadlineRead, NextDeadlineRead
from eviction_prevention.cases.service import get_case, log_case

WORKLIST_MAX = 200


class CaseFileController(Controller):
    path = "/cases"
    tags = ("cases",)
    guards = (requires("eviction:case.read"),)

    @get(
        "/worklist",
        operation_id="caseWorklist",
        summary="Open cases, nearest legal deadline first, with overdue flags",
    )
    async def worklist(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=WORKLIST_MAX)] = 50,
    ) -> list[WorklistEntryRead]:
        now = utcnow()
        entries = await service.worklist(db_session, now=now, district=district, limit=limit)
        items = []
        for entry in entries:
            overdue = {d.name: d.is_overdue(now) for d in entry.deadlines if d.legal}
            items.append(
                WorklistEntryRead(
                    **CaseSummary.fields_of(entry.case),  # type: ignore[arg-type]
                    next_legal_deadline=NextDeadlineRead.of(entry.next_deadline),
                    deadlines=DeadlineRead.all_of(entry.deadlines, now),
                    overdue=OverdueFlags(
                        redemption_period=overdue.get("redemption_period", False),
                        eviction_date=overdue.get("eviction_date", False),
                        outreach_visit=entry.outreach_overdue,
                        any=any(overdue.values()) or entry.outreach_overdue,
                    ),
                )
            )
            await log_case(db_session, actor, entry.case, "read")
        return items

    @get(
        "/{case_id:str}",
        operation_id="getCase",
        summary="A case with its notices, checklist, outreach, interventions and outcome",
    )
    async def read_case(
        self,
        case_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> CaseDetail:
        case = await get_case(db_session, case_id)
        detail = await service.case_detail(db_session, case, now=utcnow())
        await log_case(db_session, actor, case, "read")
        return detail
