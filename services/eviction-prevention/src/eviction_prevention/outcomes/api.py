"""`/api/v1/cases/{case_id}/...`: interventions, and closing a case with its outcome."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.openapi import error_response
from eviction_prevention.cases.service import get_case, log_case
from eviction_prevention.outcomes import service
from eviction_prevention.outcomes.schemas import (
    CaseClosed,
    CloseCase,
    InterventionCreate,
    InterventionRecorded,
)


class OutcomeController(Controller):
    path = "/cases/{case_id:str}"
    tags = ("outcomes",)

    @post(
        "/interventions",
        guards=[requires("eviction:case.write")],
        operation_id="addIntervention",
        responses={409: error_response("The case is closed")},
        summary="Record an intervention (financial assistance, payment plan, ...)",
        status_code=HTTP_201_CREATED,
    )
    async def add_intervention(
        self,
        case_id: FromPath[str],
        data: JSONBody[InterventionCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> InterventionRecorded:
        case = await get_case(db_session, case_id, for_update=True)
        intervention = await service.add_intervention(
            db_session, actor, case, kind=data.kind, note=data.note, now=utcnow()
        )
        await log_case(db_session, actor, case, "update")
        return InterventionRecorded(
            intervention_id=intervention.id,
            kind=intervention.kind,  # type: ignore[arg-type]
        )

    @post(
        "/close",
        guards=[requires("eviction:case.close")],
        operation_id="closeCase",
        responses={409: error_response("The case is already closed")},
        summary="Close the case with an outcome and its closing reason",
        status_code=200,
    )
    async def close(
        self,
        case_id: FromPath[str],
        data: JSONBody[CloseCase],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> CaseClosed:
        case = await get_case(db_session, case_id, for_update=True)
        await service.close_case(
            db_session,
            actor,
            case,
            outcome=data.outcome,
            closing_reason=data.closing_reason,
            children_affected=data.children_affected,
            reason_text=data.reason_text,
            open_items_reason=data.open_items_reason,
            now=utcnow(),
        )
        await log_case(db_session, actor, case, "update")
        return CaseClosed(
            case_id=case.id,
            status=case.status,  # type: ignore[arg-type]
            outcome=case.outcome,  # type: ignore[arg-type]
            closing_reason=case.closing_reason,  # type: ignore[arg-type]
        )
