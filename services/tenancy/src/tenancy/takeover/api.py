"""`/api/v1/leases/{id}/takeover`: may the tenant take over the first-hand lease, and do it."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.workdays import now_stockholm
from tenancy.actor import log_tenant_access
from tenancy.leases import schemas as lease_schemas
from tenancy.leases.api import lease_detail
from tenancy.leases.service import get_lease
from tenancy.takeover import schemas, service


class TakeoverController(Controller):
    path = "/leases/{lease_id:str}/takeover"
    tags = ("leases",)

    @get("/", guards=[requires("tenancy:lease.read")], operation_id="takeoverCheck")
    async def check(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
    ) -> schemas.TakeoverCheck:
        lease = await get_lease(db_session, lease_id)
        await log_tenant_access(
            db_session, actor, personal_number=lease.tenant_personal_number, action="read",
            resource=f"takeover:{lease.id}", district=lease.district,
        )  # fmt: skip
        reasons = await service.refusals(db_session, lease, today=now_stockholm().date())
        return schemas.TakeoverCheck(lease_id=lease.id, eligible=not reasons, reasons=reasons)

    @post(
        "/",
        guards=[requires("tenancy:lease.write")],
        operation_id="takeOverLease",
        status_code=HTTP_200_OK,
        summary="The tenant takes over the first-hand lease; the apartment leaves the pool",
    )
    async def take_over(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
        data: JSONBody[schemas.TakeoverRequest],
    ) -> lease_schemas.LeaseDetail:
        lease = await service.take_over(
            db_session, actor, lease_id, takeover_on=data.takeover_on,
            today=now_stockholm().date(),
        )  # fmt: skip
        await log_tenant_access(
            db_session, actor, personal_number=lease.tenant_personal_number, action="update",
            resource=f"takeover:{lease.id}", district=lease.district,
        )  # fmt: skip
        return await lease_detail(db_session, lease)
