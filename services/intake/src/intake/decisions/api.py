"""`/api/v1/applications/{id}/decision`: decide, appeal, end."""

from __future__ import annotations

from litestar import Controller, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires, requires_any
from bostad_common.db_types import utcnow
from intake.applications.access import load, log_application
from intake.applications.views import appeal_view, decision_view
from intake.decisions import schemas, service
from intake.decisions.models import Decision

DECIDE = "intake:decision.write"


async def _view(session: AsyncSession, decision: Decision) -> schemas.DecisionRead:
    return decision_view(decision, await service.appeals_of(session, decision.id))


class DecisionController(Controller):
    path = "/applications/{application_id:str}/decision"
    tags = ("decisions",)

    @post(
        "/",
        guards=[requires(DECIDE)],
        operation_id="decideApplication",
        summary="Grant or reject, with reasons; made by the role the district configures",
        status_code=HTTP_201_CREATED,
    )
    async def decide(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.DecisionCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.DecisionRead:
        application, household = await load(db_session, application_id, for_update=True)
        decision = await service.decide(db_session, actor, application, data, now=utcnow())
        await log_application(db_session, actor, application, household, "update")
        return await _view(db_session, decision)

    @post(
        "/appeals",
        guards=[requires(DECIDE)],
        operation_id="recordAppeal",
        summary="Record an appeal against a rejection",
        status_code=HTTP_201_CREATED,
    )
    async def appeal(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.AppealCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.AppealRead:
        application, household = await load(db_session, application_id, for_update=True)
        appeal = await service.record_appeal(
            db_session, actor, application, received_on=data.received_on, now=utcnow()
        )
        await log_application(db_session, actor, application, household, "update")
        return appeal_view(appeal)

    @post(
        "/appeals/{appeal_id:str}/outcome",
        guards=[requires(DECIDE)],
        operation_id="recordAppealOutcome",
        summary="Record the court's outcome: upheld (rejection stands) or overturned",
        status_code=200,
    )
    async def appeal_outcome(
        self,
        application_id: FromPath[str],
        appeal_id: FromPath[str],
        data: JSONBody[schemas.AppealOutcome],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.AppealRead:
        application, household = await load(db_session, application_id, for_update=True)
        appeal = await service.record_appeal_outcome(
            db_session,
            actor,
            application,
            appeal_id,
            outcome=data.outcome,
            outcome_on=data.outcome_on,
            note=data.note,
            now=utcnow(),
        )
        await log_application(db_session, actor, application, household, "update")
        return appeal_view(appeal)

    @post(
        "/end",
        guards=[requires_any(DECIDE, "intake:application.write")],
        operation_id="endDecision",
        summary="A granted decision ends: withdrawn, moved away or no longer needed",
        status_code=200,
    )
    async def end(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.DecisionEnd],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.DecisionRead:
        application, household = await load(db_session, application_id, for_update=True)
        decision = await service.end_decision(
            db_session, actor, application, reason=data.reason, ended_on=data.ended_on, now=utcnow()
        )
        await log_application(db_session, actor, application, household, "update")
        return await _view(db_session, decision)
