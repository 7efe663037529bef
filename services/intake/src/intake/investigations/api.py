"""`/api/v1/applications/{id}/investigation`: submit, sign (approve), return."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.domain_errors import NotFound
from intake.applications.access import load, log_application
from intake.applications.views import investigation_view
from intake.investigations import schemas, service

APPROVE = "intake:investigation.approve"


class InvestigationController(Controller):
    path = "/applications/{application_id:str}/investigation"
    tags = ("investigations",)

    async def _view(self, session: AsyncSession, application_id: str) -> schemas.InvestigationRead:
        view = await investigation_view(session, application_id)
        if view is None:  # pragma: no cover - the use case has just written it
            raise NotFound("investigation not found")
        return view

    @post(
        "/",
        guards=[requires("intake:application.write")],
        operation_id="submitInvestigation",
        summary="Submit the investigation: all ten points of seed 000, each answered",
        status_code=200,
    )
    async def submit(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.InvestigationSubmit],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.InvestigationRead:
        application, household = await load(db_session, application_id, for_update=True)
        await service.submit(db_session, actor, application, data.answers, now=utcnow())
        await log_application(db_session, actor, application, household, "update")
        return await self._view(db_session, application.id)

    @post(
        "/approve",
        guards=[requires(APPROVE)],
        operation_id="approveInvestigation",
        summary="The coordinator of the district signs the investigation; it goes to the "
        "housing officer",
        status_code=200,
    )
    async def approve(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.InvestigationSign],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.InvestigationRead:
        application, household = await load(db_session, application_id, for_update=True)
        await service.approve(db_session, actor, application, note=data.note, now=utcnow())
        await log_application(db_session, actor, application, household, "update")
        return await self._view(db_session, application.id)

    @post(
        "/return",
        guards=[requires(APPROVE)],
        operation_id="returnInvestigation",
        summary="The coordinator returns the investigation to the caseworker, saying why",
        status_code=200,
    )
    async def return_for_completion(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.InvestigationReturn],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.InvestigationRead:
        application, household = await load(db_session, application_id, for_update=True)
        await service.return_for_completion(
            db_session, actor, application, note=data.note, now=utcnow()
        )
        await log_application(db_session, actor, application, household, "update")
        return await self._view(db_session, application.id)
