"""`POST /api/v1/payment-files`, `GET /api/v1/unmatched-payments` and manual allocation.

The payment file is the body itself (text/plain or application/octet-stream),
as the bank integration sends it; the access log records one entry per lease
a payment was booked on by the allocation (the import touches no one's
personal data beyond amounts, and names no person in its answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import FromPath, JSONBody, Parameter
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.db_types import utcnow
from bostad_common.http_errors import FieldErrors
from bostad_common.pagination import PageOffset
from tenancy.actor import PURPOSE_RENT_ACCOUNTING, log_tenant_access
from tenancy.leases import service as leases
from tenancy.payments import schemas, service

ACCEPTED_TYPES = ("text/plain", "application/octet-stream")
# A month's file for a large district is far above the platform's default body limit.
MAX_FILE_BYTES = 32 * 1024 * 1024


@dataclass
class PaymentFileUpload(Operation):
    """OpenAPI: the body is the BgMax file itself, not JSON."""

    def __post_init__(self) -> None:
        schema = Schema(type=OpenAPIType.STRING, format="binary")
        self.request_body = RequestBody(
            content={media: OpenAPIMediaType(schema=schema) for media in ACCEPTED_TYPES},
            required=True,
            description="The BgMax file (Bankgirot, ISO-8859-1, 80-character records) as sent",
        )


class PaymentFileController(Controller):
    path = "/payment-files"
    tags = ("payments",)

    @post(
        "/",
        guards=[requires("tenancy:payment.write")],
        operation_id="importPaymentFile",
        operation_class=PaymentFileUpload,
        request_max_body_size=MAX_FILE_BYTES,
        responses={
            200: ResponseSpec(
                data_container=schemas.PaymentFileResult,
                description="The same file again: nothing booked, the first result",
            )
        },
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
    ) -> Response[schemas.PaymentFileResult]:
        """Body: the BgMax file's bytes. 201 booked; 200 the same file again; 422 names the line."""
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            wanted = " or ".join(ACCEPTED_TYPES)
            raise FieldErrors([{"field": "Content-Type", "message": f"send the file as {wanted}"}])
        result = await service.import_file(db_session, actor, await request.body(), now=utcnow())
        return Response(
            schemas.PaymentFileResult(**result.body), status_code=201 if result.created else 200
        )


class UnmatchedPaymentController(Controller):
    path = "/unmatched-payments"
    tags = ("payments",)

    @get("/", guards=[requires("tenancy:payment.write")], operation_id="listUnmatchedPayments")
    async def list_unmatched(
        self,
        db_session: NamedDependency[AsyncSession],
        district: Annotated[str | None, Parameter(max_length=64)] = None,
        limit: Annotated[int, Parameter(ge=1, le=1000)] = 200,
        offset: PageOffset = 0,
    ) -> list[schemas.UnmatchedPaymentView]:
        payments = await service.unmatched_payments(
            db_session, district=district, limit=limit, offset=offset
        )
        return [schemas.unmatched_view(p) for p in payments]

    @post(
        "/{payment_id:str}/allocation",
        guards=[requires("tenancy:payment.write")],
        operation_id="allocatePayment",
        status_code=HTTP_200_OK,
    )
    async def allocate(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        payment_id: FromPath[str],
        data: JSONBody[schemas.AllocationRequest],
    ) -> schemas.AllocatedPaymentView:
        payment = await service.allocate(
            db_session, actor, payment_id, lease_id=data.lease_id, invoice_id=data.invoice_id,
            note=data.note, now=utcnow(),
        )  # fmt: skip
        lease = await leases.get_lease(db_session, data.lease_id)
        await log_tenant_access(
            db_session, actor, personal_number=lease.tenant_personal_number, action="update",
            resource=f"payment:{payment.id}", district=lease.district,
            purpose=PURPOSE_RENT_ACCOUNTING,
        )  # fmt: skip
        return schemas.allocated_view(payment)
