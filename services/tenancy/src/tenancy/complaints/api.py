"""`/api/v1/leases/{id}/complaints` and `/api/v1/complaints`."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.pagination import PageLimit, PageOffset
from tenancy.actor import log_tenant_access
from tenancy.complaints import schemas, service
from tenancy.complaints.models import Complaint
from tenancy.leases.service import get_lease


async def _log(session: AsyncSession, actor: Actor, complaint: Complaint, action: str) -> None:
    lease = await get_lease(session, complaint.lease_id)
    await log_tenant_access(
        session, actor, personal_number=lease.tenant_personal_number, action=action,
        resource=f"complaint:{complaint.id}", district=complaint.district,
    )  # fmt: skip


class LeaseComplaintController(Controller):
    path = "/leases/{lease_id:str}/complaints"
    tags = ("complaints",)

    @post(
        "/",
        guards=[requires("tenancy:complaint.write")],
        operation_id="receiveComplaint",
        status_code=HTTP_201_CREATED,
        summary="A landlord's complaint reached the housing officer; the caseworker is told",
    )
    async def receive(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
        data: JSONBody[schemas.NewComplaint],
    ) -> schemas.ComplaintView:
        complaint = await service.receive(
            db_session, actor, lease_id, received_on=data.received_on, category=data.category,
            description=data.description,
        )  # fmt: skip
        await _log(db_session, actor, complaint, "create")
        return schemas.view(complaint)


class ComplaintController(Controller):
    path = "/complaints"
    tags = ("complaints",)

    @get("/", guards=[requires("tenancy:lease.read")], operation_id="listComplaints")
    async def list_complaints(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        lease_id: Annotated[str | None, Parameter(max_length=64)] = None,
        status: Annotated[str | None, Parameter(max_length=16)] = None,
        limit: PageLimit = 50,
        offset: PageOffset = 0,
    ) -> list[schemas.ComplaintView]:
        complaints = await service.list_complaints(
            db_session, district=district, lease_id=lease_id, status=status, limit=limit,
            offset=offset,
        )  # fmt: skip
        for complaint in complaints:
            await _log(db_session, actor, complaint, "read")
        return [schemas.view(c) for c in complaints]

    @post(
        "/{complaint_id:str}/talk",
        guards=[requires("tenancy:complaint.write")],
        operation_id="recordComplaintTalk",
        status_code=HTTP_200_OK,
    )
    async def talk(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        complaint_id: FromPath[str],
        data: JSONBody[schemas.TalkRecord],
    ) -> schemas.ComplaintView:
        complaint = await service.record_talk(
            db_session, actor, complaint_id, held_on=data.held_on, note=data.note,
            resolved=data.resolved,
        )  # fmt: skip
        await _log(db_session, actor, complaint, "update")
        return schemas.view(complaint)
