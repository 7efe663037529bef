"""The restlista (`/api/v1/arrears`, `.csv`), dunning runs and a lease's dunning steps.

The list shows names: one access-log entry per tenant shown.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.domain_errors import NotPermitted
from bostad_common.workdays import now_stockholm
from tenancy.actor import PURPOSE_RENT_ACCOUNTING, log_tenant_access
from tenancy.arrears import schemas, service
from tenancy.leases import service as leases


async def _items(
    session: AsyncSession, actor: Actor, district: str, caseworker: str | None, as_of: date | None
) -> list[schemas.ArrearsItem]:
    if not actor.principal.in_district(district):
        raise NotPermitted("you do not work in this district")
    rows = await service.arrears_list(
        session, district=district, caseworker=caseworker, as_of=as_of or now_stockholm().date()
    )
    for row in rows:
        await log_tenant_access(
            session, actor, personal_number=row.lease.tenant_personal_number, action="read",
            resource=f"arrears:{row.lease.id}", district=row.lease.district,
            purpose=PURPOSE_RENT_ACCOUNTING,
        )  # fmt: skip
    return [schemas.item(row) for row in rows]


class ArrearsController(Controller):
    path = "/arrears"
    tags = ("arrears",)

    @get("/", guards=[requires("tenancy:arrears.read")], operation_id="arrearsList")
    async def arrears(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str, Parameter(max_length=64)],
        caseworker: Annotated[str | None, Parameter(max_length=200)] = None,
        as_of: date | None = None,
    ) -> list[schemas.ArrearsItem]:
        """The restlista: rent overdue per tenant, most months first."""
        return await _items(db_session, actor, district, caseworker, as_of)


class ArrearsCsvController(Controller):
    path = "/arrears.csv"
    tags = ("arrears",)

    @get(
        "/",
        guards=[requires("tenancy:arrears.read")],
        operation_id="arrearsListCsv",
        media_type="text/csv; charset=utf-8",
    )
    async def arrears_csv(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str, Parameter(max_length=64)],
        caseworker: Annotated[str | None, Parameter(max_length=200)] = None,
        as_of: date | None = None,
    ) -> Response[str]:
        """The restlista as the caseworkers' sheet (semicolons, Swedish headings)."""
        items = await _items(db_session, actor, district, caseworker, as_of)
        return Response(
            schemas.to_csv(items),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="restlista-{district}.csv"'},
        )


class DunningController(Controller):
    path = "/dunning-runs"
    tags = ("arrears",)

    @post(
        "/",
        guards=[requires("tenancy:payment.write")],
        operation_id="runDunning",
        status_code=HTTP_200_OK,
    )
    async def run(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: JSONBody[schemas.DunningRunRequest],
    ) -> schemas.DunningRunView:
        """Take the dunning steps due on `as_of` (also done daily by the service itself)."""
        if not actor.principal.in_district(data.district):
            raise NotPermitted("you do not work in this district")
        result = await service.run_dunning(db_session, district=data.district, as_of=data.as_of)
        return schemas.DunningRunView(
            steps_taken=result.steps_taken, arrears_registered=result.arrears_registered
        )


class LeaseDunningController(Controller):
    path = "/leases/{lease_id:str}/dunning-steps"
    tags = ("arrears",)

    @get("/", guards=[requires("tenancy:lease.read")], operation_id="leaseDunningSteps")
    async def steps(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
    ) -> list[schemas.DunningStepView]:
        lease = await leases.get_lease(db_session, lease_id)
        await log_tenant_access(
            db_session, actor, personal_number=lease.tenant_personal_number, action="read",
            resource=f"dunning:{lease.id}", district=lease.district,
            purpose=PURPOSE_RENT_ACCOUNTING,
        )  # fmt: skip
        return [schemas.step_view(s) for s in await service.steps_of(db_session, lease.id)]
