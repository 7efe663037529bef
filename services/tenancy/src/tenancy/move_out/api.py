"""`/api/v1/move-outs`: seed 003's termination and move-out process, step by step."""

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
from bostad_common.pagination import PageLimit, PageOffset
from bostad_common.workdays import now_stockholm
from tenancy.actor import log_tenant_access
from tenancy.leases import service as leases
from tenancy.move_out import schemas, service
from tenancy.move_out.models import MoveOutProcess


async def _view(
    session: AsyncSession, actor: Actor, process: MoveOutProcess, action: str
) -> schemas.MoveOutView:
    lease = await leases.get_lease(session, process.lease_id)
    await log_tenant_access(
        session, actor, personal_number=lease.tenant_personal_number, action=action,
        resource=f"move_out:{process.id}", district=process.district,
    )  # fmt: skip
    steps = await service.steps_of(session, process.id)
    return schemas.view(process, steps, now_stockholm().date())


class LeaseMoveOutController(Controller):
    path = "/leases/{lease_id:str}/move-out"
    tags = ("move-out",)

    @post(
        "/",
        guards=[requires("tenancy:moveout.write")],
        operation_id="proposeMoveOut",
        status_code=HTTP_201_CREATED,
        summary="Start the termination (or the tenant's notice) and move-out process",
    )
    async def propose(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
        data: JSONBody[schemas.ProposeMoveOut],
    ) -> schemas.MoveOutView:
        process = await service.propose(
            db_session, actor, lease_id, kind=data.kind, reason=data.reason,
            end_date=data.end_date, motivation=data.motivation, now=utcnow(),
        )  # fmt: skip
        return await _view(db_session, actor, process, "create")


class MoveOutController(Controller):
    path = "/move-outs"
    tags = ("move-out",)

    @get("/", guards=[requires("tenancy:lease.read")], operation_id="listMoveOuts")
    async def list_processes(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        status: Annotated[str | None, Parameter(max_length=16)] = None,
        overdue_only: bool = False,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> list[schemas.MoveOutView]:
        processes = await service.list_processes(
            db_session, district=district, status=status, limit=limit, offset=offset
        )
        views = [await _view(db_session, actor, p, "read") for p in processes]
        return [v for v in views if v.overdue_steps] if overdue_only else views

    @get("/{process_id:str}", guards=[requires("tenancy:lease.read")], operation_id="getMoveOut")
    async def get_process(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        process_id: FromPath[str],
    ) -> schemas.MoveOutView:
        return await _view(
            db_session, actor, await service.get_process(db_session, process_id), "read"
        )

    @post(
        "/{process_id:str}/steps/{code:str}",
        guards=[requires("tenancy:moveout.write")],
        operation_id="recordMoveOutStep",
        status_code=HTTP_200_OK,
        summary="Record a step as done (or, for an optional step, not needed): who and when",
    )
    async def record_step(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        process_id: FromPath[str],
        code: FromPath[str],
        data: JSONBody[schemas.RecordStep],
    ) -> schemas.MoveOutView:
        process = await service.record_step(
            db_session, actor, process_id, code, done_on=data.done_on,
            not_needed=data.not_needed, note=data.note, now=utcnow(),
        )  # fmt: skip
        return await _view(db_session, actor, process, "update")

    @post(
        "/{process_id:str}/apartment-ready",
        guards=[requires("tenancy:moveout.write")],
        operation_id="apartmentReady",
        status_code=HTTP_200_OK,
    )
    async def ready(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        process_id: FromPath[str],
        data: JSONBody[schemas.ApartmentReady],
    ) -> schemas.MoveOutView:
        process = await service.apartment_ready(
            db_session, actor, process_id, ready_on=data.ready_on
        )
        return await _view(db_session, actor, process, "update")
