"""`GET /api/v1/leases/{lease_id}/ledger` (CONTRACTS.md) and corrections by reversal."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from tenancy.actor import PURPOSE_RENT_ACCOUNTING, log_tenant_access
from tenancy.leases import service as leases
from tenancy.ledger import schemas, service


class LedgerController(Controller):
    path = "/leases/{lease_id:str}/ledger"
    tags = ("ledger",)

    @get("/", guards=[requires("tenancy:lease.read")], operation_id="getLedger")
    async def ledger(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
    ) -> schemas.LedgerView:
        lease = await leases.get_lease(db_session, lease_id)
        await log_tenant_access(
            db_session, actor, personal_number=lease.tenant_personal_number, action="read",
            resource=f"ledger:{lease.id}", district=lease.district,
            purpose=PURPOSE_RENT_ACCOUNTING,
        )  # fmt: skip
        return schemas.ledger_view(lease.id, await service.entries_of(db_session, lease.id))

    @post(
        "/write-offs",
        guards=[requires("tenancy:payment.write")],
        operation_id="writeOffDebt",
        status_code=HTTP_201_CREATED,
    )
    async def write_off(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
        data: JSONBody[schemas.WriteOffRequest],
    ) -> schemas.LedgerView:
        lease = await leases.get_lease(db_session, lease_id)
        await service.write_off(
            db_session, actor, lease.id, amount_ore=data.amount_ore, reason=data.reason,
            on=data.booked_on,
        )  # fmt: skip
        await log_tenant_access(
            db_session, actor, personal_number=lease.tenant_personal_number, action="update",
            resource=f"ledger:{lease.id}", district=lease.district,
            purpose=PURPOSE_RENT_ACCOUNTING,
        )  # fmt: skip
        return schemas.ledger_view(lease.id, await service.entries_of(db_session, lease.id))

    @post(
        "/reversals",
        guards=[requires("tenancy:payment.write")],
        operation_id="reverseLedgerEntry",
        status_code=HTTP_201_CREATED,
    )
    async def reverse(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        lease_id: FromPath[str],
        data: JSONBody[schemas.ReversalRequest],
    ) -> schemas.LedgerView:
        lease = await leases.get_lease(db_session, lease_id)
        await service.reverse(
            db_session, actor, lease.id, data.entry_id, reason=data.reason, on=data.booked_on
        )
        await log_tenant_access(
            db_session, actor, personal_number=lease.tenant_personal_number, action="update",
            resource=f"ledger:{lease.id}", district=lease.district,
            purpose=PURPOSE_RENT_ACCOUNTING,
        )  # fmt: skip
        return schemas.ledger_view(lease.id, await service.entries_of(db_session, lease.id))
