"""`/api/v1/cases/{case_id}/checklist`: staff mark the routine's items done."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.openapi import error_response
from eviction_prevention.cases.service import get_case, log_case
from eviction_prevention.checklists import service
from eviction_prevention.checklists.schemas import ChecklistDone, ChecklistItemRead


class ChecklistController(Controller):
    path = "/cases/{case_id:str}/checklist"
    tags = ("checklists",)

    @post(
        "/{code:str}/done",
        guards=[requires("eviction:case.write")],
        operation_id="completeChecklistItem",
        responses={409: error_response("The case is closed")},
        summary="Mark a checklist item done (who and when are recorded)",
        status_code=200,
    )
    async def complete_item(
        self,
        case_id: FromPath[str],
        code: FromPath[str],
        data: JSONBody[ChecklistDone],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> ChecklistItemRead:
        case = await get_case(db_session, case_id)
        item = await service.complete_item(
            db_session,
            actor,
            case_id=case.id,
            code=code,
            note=data.note,
            now=utcnow(),
            case_status=case.status,
        )
        await log_case(db_session, actor, case, "update")
        return ChecklistItemRead.of(item)
