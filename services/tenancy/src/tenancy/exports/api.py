"""`/api/v1/exports`: the month's ledgers as CSV, and as SIE 4 for the finance system.

The CSV names tenants: one access-log entry (`export`) per tenant in it. The
SIE file holds sums per day only, no person.
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.auth.middleware import requires
from bostad_common.domain_errors import NotPermitted
from bostad_common.workdays import now_stockholm
from tenancy.actor import PURPOSE_RENT_ACCOUNTING, log_tenant_access
from tenancy.districts import service as districts
from tenancy.exports import service, sie
from tenancy.rent.service import parse_month


def _attachment(what: str, district: str, month: str, suffix: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{what}-{district}-{month}.{suffix}"'}


class ExportController(Controller):
    path = "/exports"
    tags = ("exports",)

    @get(
        "/ledgers.csv",
        guards=[requires("tenancy:payment.write")],
        operation_id="exportLedgersCsv",
        media_type="text/csv; charset=utf-8",
    )
    async def ledgers_csv(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str, Parameter(max_length=64)],
        month: Annotated[str, Parameter(max_length=7, description="YYYY-MM")],
    ) -> Response[str]:
        """Every ledger entry of the district booked in the month, per tenant."""
        if not actor.principal.in_district(district):
            raise NotPermitted("you do not work in this district")
        rows = await service.entries_in_month(db_session, district, parse_month(month))
        for lease in {row.lease.id: row.lease for row in rows}.values():
            await log_tenant_access(
                db_session, actor, personal_number=lease.tenant_personal_number,
                action="export", resource=f"ledger:{lease.id}", district=district,
                purpose=PURPOSE_RENT_ACCOUNTING,
            )  # fmt: skip
        return Response(
            service.ledger_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers=_attachment("reskontra", district, month, "csv"),
        )

    @get(
        "/sie",
        guards=[requires("tenancy:payment.write")],
        operation_id="exportSie4",
        media_type="text/plain; charset=IBM437",
    )
    async def sie4(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        district: Annotated[str, Parameter(max_length=64)],
        month: Annotated[str, Parameter(max_length=7, description="YYYY-MM")],
    ) -> Response[bytes]:
        """The month's rent ledger as SIE 4 (PC8): invoices, payments, corrections per day."""
        if not actor.principal.in_district(district):
            raise NotPermitted("you do not work in this district")
        config = await districts.get(db_session, district)
        if config is None:
            raise NotPermitted("you do not work in this district")
        parsed = parse_month(month)
        rows = await service.entries_in_month(db_session, district, parsed)
        entries = [
            sie.EntryForExport(r.entry.kind, r.original_kind, r.entry.amount_ore, r.entry.booked_on)
            for r in rows
        ]
        data = sie.sie4(config, str(parsed), entries, generated=now_stockholm().date())
        return Response(
            data,
            media_type="text/plain; charset=IBM437",
            headers=_attachment("hyror", district, month, "se"),
        )
