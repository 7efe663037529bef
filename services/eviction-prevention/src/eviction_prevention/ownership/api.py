"""`/api/v1/cases/{case_id}/responsible-caseworker`: who owns the case, and its history."""

from __future__ import annotations

from litestar import Controller, get, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from eviction_prevention.cases.service import get_case, log_case
from eviction_prevention.ownership import service
from eviction_prevention.ownership.schemas import (
    AssignCaseworker,
    OwnershipChangeRead,
    OwnershipRead,
)


class OwnershipController(Controller):
    path = "/cases/{case_id:str}/responsible-caseworker"
    tags = ("cases",)

    @put(
        "/",
        guards=[requires("eviction:case.assign")],
        operation_id="assignCaseworker",
        summary="Assign or reassign the responsible caseworker (a reason when it changes hands)",
        status_code=200,
    )
    async def assign(
        self,
        case_id: FromPath[str],
        data: JSONBody[AssignCaseworker],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> OwnershipRead:
        case = await get_case(db_session, case_id, for_update=True)
        await service.assign(
            db_session,
            actor,
            case,
            caseworker=data.caseworker,
            reason=data.reason,
            now=utcnow(),
        )
        await log_case(db_session, actor, case, "update")
        changes = await service.history(db_session, case.id)
        return OwnershipRead(
            responsible_caseworker=case.responsible_caseworker,
            history=[OwnershipChangeRead.of(c) for c in changes],
        )

    @get(
        "/",
        guards=[requires("eviction:case.read")],
        operation_id="readCaseOwnership",
        summary="The responsible caseworker and who has had the case before",
    )
    async def read(
        self,
        case_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> OwnershipRead:
        case = await get_case(db_session, case_id)
        await log_case(db_session, actor, case, "read")
        changes = await service.history(db_session, case.id)
        return OwnershipRead(
            responsible_caseworker=case.responsible_caseworker,
            history=[OwnershipChangeRead.of(c) for c in changes],
        )
