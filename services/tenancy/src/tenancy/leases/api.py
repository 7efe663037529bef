"""`/api/v1/leases`: leases, signing and rent changes. District isolation is the data layer's."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.pagination import PageOffset
from tenancy.actor import log_tenant_access
from tenancy.leases import schemas, service
from tenancy.leases.models import Lease


async def log_lease(session: AsyncSession, actor: Actor, lease: Lease, action: str) -> None:
    await log_tenant_access(
        session,
        actor,
        personal_number=lease.tenant_personal_number,
        action=action,
        resource=f"lease:{lease.id}",
        district=lease.district,
    )


async def lease_detail(session: AsyncSession, lease: Lease) -> schemas.LeaseDetail:
    head = await service.head_lease_of(session, lease)
    return schemas.detail(lease, head, await service.rent_changes_of(session, lease.id))


class LeaseController(Controller):
    path = "/leases"
    tags = ("leases",)

    @get("/", guards=[requires("tenancy:lease.read")], operation_id="listLeases")
    async def list_leases(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        status: Annotated[str | None, Parameter(max_length=24)] = None,
        caseworker: Annotated[str | None, Parameter(max_length=200)] = None,
        limit: Annotated[int, Parameter(ge=1, le=500)] = 100,
        offset: PageOffset = 0,
    ) -> list[schemas.LeaseSummary]:
        leases = await service.list_leases(
            db_session, district=district, status=status, caseworker=caseworker,
            limit=limit, offset=offset,
        )  # fmt: skip
        for lease in leases:
            await log_lease(db_session, actor, lease, "read")
        return [schemas.summary(lease) for lease in leases]

    @get("/{lease_id:str}", guards=[requires("tenancy:lease.read")], operation_id="getLease")
    async def get_lease(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
    ) -> schemas.LeaseDetail:
        lease = await service.get_lease(db_session, lease_id)
        await log_lease(db_session, actor, lease, "read")
        return await lease_detail(db_session, lease)

    @post(
        "/{lease_id:str}/signature",
        guards=[requires("tenancy:lease.write")],
        operation_id="signLease",
        status_code=HTTP_200_OK,
        summary="The housing officer signed with the tenant and handed over the keys",
    )
    async def sign(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
        data: JSONBody[schemas.SignLease],
    ) -> schemas.LeaseDetail:
        lease = await service.sign(
            db_session, actor, lease_id, signed_on=data.signed_on,
            keys_handed_over_on=data.keys_handed_over_on, caseworker=data.caseworker,
            now=utcnow(),
        )  # fmt: skip
        await log_lease(db_session, actor, lease, "update")
        return await lease_detail(db_session, lease)

    @post(
        "/{lease_id:str}/rent-changes",
        guards=[requires("tenancy:lease.write")],
        operation_id="changeRent",
        status_code=HTTP_201_CREATED,
    )
    async def change_rent(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
        data: JSONBody[schemas.NewRent],
    ) -> schemas.LeaseDetail:
        await service.change_rent(
            db_session, actor, lease_id, effective_from=data.effective_from, rent_ore=data.rent_ore
        )
        lease = await service.get_lease(db_session, lease_id)
        await log_lease(db_session, actor, lease, "update")
        return await lease_detail(db_session, lease)
