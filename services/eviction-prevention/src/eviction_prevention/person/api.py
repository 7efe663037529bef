"""`/api/v1/cases/{case_id}/person`: the differences notices show, and the caseworker's
decisions and corrections, each recorded with who and why (issue #9)."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from eviction_prevention.cases.service import get_case, log_case
from eviction_prevention.person import service
from eviction_prevention.person.schemas import (
    NoticeDecision,
    PersonCorrection,
    PersonDataChangeRead,
    PersonDifferenceRead,
    PersonRead,
)


class PersonController(Controller):
    path = "/cases/{case_id:str}/person"
    tags = ("cases",)

    @get(
        "/",
        guards=[requires("eviction:case.read")],
        operation_id="readCasePerson",
        summary="Differences between the case's person data and its notices, and the history",
    )
    async def read(
        self,
        case_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> PersonRead:
        case = await get_case(db_session, case_id)
        pending = await service.pending_differences(db_session, case)
        changes = await service.history(db_session, case.id)
        await log_case(db_session, actor, case, "read")
        return PersonRead(
            differences=[PersonDifferenceRead.of(p) for p in pending],
            history=[PersonDataChangeRead.of(c) for c in changes],
        )

    async def _decide(
        self, case_id: str, data: NoticeDecision, session: AsyncSession, actor: Actor, accept: bool
    ) -> PersonDataChangeRead:
        case = await get_case(session, case_id, for_update=True)
        change = await service.decide_on_notice(
            session,
            actor,
            case,
            notice_id=data.notice_id,
            accept=accept,
            reason=data.reason,
            now=utcnow(),
        )
        await log_case(session, actor, case, "update")
        return PersonDataChangeRead.of(change)

    @post(
        "/accept-notice",
        guards=[requires("eviction:case.write")],
        operation_id="acceptNoticePersonData",
        summary="Take over a notice's differing tenant or address (with a reason)",
        status_code=HTTP_201_CREATED,
    )
    async def accept(
        self,
        case_id: FromPath[str],
        data: JSONBody[NoticeDecision],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> PersonDataChangeRead:
        return await self._decide(case_id, data, db_session, actor, accept=True)

    @post(
        "/keep-case-data",
        guards=[requires("eviction:case.write")],
        operation_id="keepCasePersonData",
        summary="Keep the case's person data over a notice's (with a reason)",
        status_code=HTTP_201_CREATED,
    )
    async def keep(
        self,
        case_id: FromPath[str],
        data: JSONBody[NoticeDecision],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> PersonDataChangeRead:
        return await self._decide(case_id, data, db_session, actor, accept=False)

    @post(
        "/corrections",
        guards=[requires("eviction:case.write")],
        operation_id="correctCasePerson",
        summary="Correct the case's name, phone or address (who and why are recorded)",
        status_code=HTTP_201_CREATED,
    )
    async def correct(
        self,
        case_id: FromPath[str],
        data: JSONBody[PersonCorrection],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> PersonDataChangeRead:
        case = await get_case(db_session, case_id, for_update=True)
        change = await service.correct(
            db_session, actor, case, changes=data.changes(), reason=data.reason, now=utcnow()
        )
        await log_case(db_session, actor, case, "update")
        return PersonDataChangeRead.of(change)
