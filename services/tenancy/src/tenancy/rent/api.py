"""`POST /api/v1/rent-runs` and `GET /api/v1/invoices` (CONTRACTS.md)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.domain_errors import NotPermitted
from bostad_common.pagination import PageOffset
from tenancy.actor import PURPOSE_RENT_ACCOUNTING, log_tenant_access
from tenancy.districts import service as districts
from tenancy.leases.models import Lease
from tenancy.rent import schemas, service


class RentRunController(Controller):
    path = "/rent-runs"
    tags = ("rent",)

    @post(
        "/",
        guards=[requires("tenancy:payment.write")],
        operation_id="runRent",
        responses={
            200: ResponseSpec(
                data_container=schemas.RentRunView,
                description="The month was already run: nothing created, the first run",
            )
        },
    )
    async def run(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: JSONBody[schemas.RentRunRequest],
    ) -> Response[schemas.RentRunView]:
        """201 with the new run; 200 with the first run when the month was already run."""
        if not actor.principal.in_district(data.district):
            raise NotPermitted("you do not work in this district")
        result = await service.run_rent(
            db_session, actor, district=data.district, month_text=data.month
        )
        return Response(schemas.run_view(result.run), status_code=201 if result.created else 200)


class InvoiceController(Controller):
    path = "/invoices"
    tags = ("rent",)

    @get("/", guards=[requires("tenancy:lease.read")], operation_id="listInvoices")
    async def list_invoices(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        month: Annotated[str | None, Parameter(max_length=7)] = None,
        lease_id: Annotated[str | None, Parameter(max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=1000)] = 200,
        offset: PageOffset = 0,
    ) -> list[schemas.InvoiceView]:
        invoices = await service.list_invoices(
            db_session, district=district, month=month, lease_id=lease_id,
            limit=limit, offset=offset,
        )  # fmt: skip
        configs = (await districts.by_bankgiro(db_session)).values()
        bankgiro = {config.code: config.bankgiro for config in configs}
        logged: set[str] = set()
        for invoice in invoices:
            if invoice.lease_id in logged:
                continue
            logged.add(invoice.lease_id)
            lease = await db_session.get(Lease, invoice.lease_id)
            if lease is not None:
                await log_tenant_access(
                    db_session, actor, personal_number=lease.tenant_personal_number,
                    action="read", resource=f"invoices:{lease.id}", district=lease.district,
                    purpose=PURPOSE_RENT_ACCOUNTING,
                )  # fmt: skip
        return [schemas.invoice_view(i, bankgiro[i.district]) for i in invoices]
