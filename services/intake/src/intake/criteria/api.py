"""`/api/v1/applications/{id}/criteria`: the district's criteria, checked."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from intake.applications.access import load, log_application
from intake.applications.service import today_in_sweden
from intake.certificates.service import certificates_of
from intake.criteria import schemas
from intake.criteria.service import check_application


class CriteriaController(Controller):
    path = "/applications/{application_id:str}/criteria"
    tags = ("criteria",)

    @get(
        "/",
        guards=[requires("intake:application.read")],
        operation_id="checkCriteria",
        summary="Per criterion: met, not met or not yet known, and why",
    )
    async def check(
        self,
        application_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.CriteriaCheckRead:
        application, household = await load(db_session, application_id)
        result = check_application(
            application,
            household,
            await certificates_of(db_session, application.id),
            today=today_in_sweden(utcnow()),
        )
        await log_application(db_session, actor, application, household, "read")
        return schemas.CriteriaCheckRead(
            verdict=result.verdict,
            why=result.why,
            criteria=[
                schemas.CriterionRead(
                    code=c.code, label_sv=c.label_sv, verdict=c.verdict, why=c.why
                )
                for c in result.criteria
            ],
        )
