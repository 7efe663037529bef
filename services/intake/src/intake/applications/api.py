"""`/api/v1/applications`: registering, listing, reading and moving applications.

Access log: every read or change records one entry per application (purpose
"housing application handling"); a list records one `read` per application
it shows, because it shows the applicant's name.
"""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires, requires_any
from bostad_common.db_types import utcnow
from bostad_common.events.vocabulary import HousingType
from bostad_common.pagination import PageOffset
from intake.applications import schemas, service, views
from intake.applications.access import load, log_application
from intake.applications.models import Application
from intake.applications.rules import ApplicationStatus
from intake.certificates.service import certificates_of
from intake.journal import service as journal

READ = "intake:application.read"
WRITE = "intake:application.write"
ASSESS = "intake:assessment.write"
PAGE_MAX = 200


def status_changed(application: Application) -> schemas.StatusChanged:
    return schemas.StatusChanged(
        application_id=application.id,
        status=application.status,
        status_since=application.status_changed_at,
    )


class ApplicationController(Controller):
    path = "/applications"
    tags = ("applications",)

    @post(
        "/",
        guards=[requires(WRITE)],
        operation_id="registerApplication",
        summary="Register an application (ansökan, anmälan or underrättelse) with its household",
        status_code=HTTP_201_CREATED,
    )
    async def register(
        self,
        data: JSONBody[schemas.ApplicationCreate],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.ApplicationRegistered:
        application, household = await service.register(db_session, actor, data, now=utcnow())
        await log_application(db_session, actor, application, household, "create")
        return schemas.ApplicationRegistered(
            application_id=application.id,
            household_id=household.id,
            status=application.status,
            path=application.path,
        )

    @get(
        "/",
        guards=[requires(READ)],
        operation_id="listApplications",
        summary="Applications, filtered and paged (e.g. waiting_for=information|coordinator)",
    )
    async def list_applications(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        status: FromQuery[ApplicationStatus | None] = None,
        housing_type: FromQuery[HousingType | None] = None,
        path_: Annotated[
            Literal["investigation", "certificate_only"] | None, QueryParameter(name="path")
        ] = None,
        housing_officer: Annotated[str | None, Parameter(max_length=200)] = None,
        waiting_for: FromQuery[
            Literal["information", "coordinator", "housing_officer", "decision"] | None
        ] = None,
        limit: Annotated[int, Parameter(ge=1, le=PAGE_MAX)] = 50,
        offset: PageOffset = 0,
    ) -> schemas.ApplicationPage:
        rows, total = await service.list_applications(
            db_session,
            service.ListFilters(
                district=district,
                status=status,
                housing_type=housing_type,
                path=path_,
                housing_officer=housing_officer,
                waiting_for=waiting_for,
            ),
            limit=limit,
            offset=offset,
        )
        waiting = await service.open_information_requests(db_session, [a.id for a, _ in rows])
        items = []
        for application, household in rows:
            items.append(views.summary(application, household, waiting.get(application.id)))
            await log_application(db_session, actor, application, household, "read")
        return schemas.ApplicationPage(items=items, total=total, limit=limit, offset=offset)

    @post(
        "/search",
        guards=[requires(READ)],
        operation_id="searchApplications",
        summary="A person's applications (the personal number goes in the body, never the URL)",
        status_code=200,
    )
    async def search(
        self,
        data: JSONBody[schemas.ApplicationSearch],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.ApplicationList:
        found = await service.search_by_personal_number(db_session, data.personal_number.canonical)
        for application, household in found:
            await log_application(db_session, actor, application, household, "read")
        return schemas.ApplicationList(items=[views.summary(a, h) for a, h in found])

    @get(
        "/{application_id:str}",
        guards=[requires(READ)],
        operation_id="getApplication",
        summary="An application with its household, certificates, investigation, "
        "the housing officer's step and the decision",
    )
    async def get_application(
        self,
        application_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.ApplicationDetail:
        application, household = await load(db_session, application_id)
        detail = await views.detail(db_session, application, household, now=utcnow())
        await log_application(db_session, actor, application, household, "read")
        return detail

    @post(
        "/{application_id:str}/send-to-housing-officer",
        guards=[requires(WRITE)],
        operation_id="sendToHousingOfficer",
        summary="Non-client or LSS: send the application with its certificate to the housing "
        "officer (no investigation)",
        status_code=200,
    )
    async def send_to_housing_officer(
        self,
        application_id: FromPath[str],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.StatusChanged:
        application, household = await load(db_session, application_id, for_update=True)
        count = len(await certificates_of(db_session, application.id))
        await service.send_to_housing_officer(
            db_session, application, certificates=count, now=utcnow()
        )
        await log_application(db_session, actor, application, household, "update")
        return status_changed(application)

    @post(
        "/{application_id:str}/withdraw",
        guards=[requires_any(WRITE, ASSESS)],
        operation_id="withdrawApplication",
        summary="The applicant withdraws the application before it is decided",
        status_code=200,
    )
    async def withdraw(
        self,
        application_id: FromPath[str],
        data: JSONBody[schemas.Withdraw],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> schemas.StatusChanged:
        application, household = await load(db_session, application_id, for_update=True)
        now = utcnow()
        await service.withdraw(db_session, application, now=now)
        await journal.write(
            db_session,
            actor,
            application,
            text=f"Ansökan återkallad: {data.reason}",
            corrects_entry_id=None,
            now=now,
        )
        await log_application(db_session, actor, application, household, "update")
        return status_changed(application)
