"""Takeover of the first-hand lease: the apartment leaves the municipality's pool."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict
from bostad_common.events import make_event
from bostad_common.events.tenancy import ApartmentLeftPoolV1, LeaseEndedV1
from bostad_common.messaging import add_to_outbox
from tenancy.complaints.service import open_count
from tenancy.districts import service as districts
from tenancy.leases.models import HeadLease, Lease
from tenancy.leases.service import get_lease
from tenancy.ledger.models import LedgerEntry
from tenancy.rent.models import Invoice
from tenancy.takeover import rules

SOURCE = "/bostad/tenancy"


async def refusals(session: AsyncSession, lease: Lease, *, today: date) -> list[str]:
    config = await districts.get(session, lease.district)
    assert config is not None
    required = config.takeover_months_on_time
    last_payment = (
        select(LedgerEntry.invoice_id, func.max(LedgerEntry.booked_on).label("last_paid_on"))
        .where(LedgerEntry.lease_id == lease.id, LedgerEntry.kind == "payment")  # type: ignore[arg-type]
        .group_by(LedgerEntry.invoice_id)
        .subquery()
    )
    rows = await session.execute(
        select(Invoice.due_date, Invoice.status, last_payment.c.last_paid_on)
        .outerjoin(last_payment, last_payment.c.invoice_id == Invoice.id)
        .where(Invoice.lease_id == lease.id, Invoice.due_date < today)  # type: ignore[arg-type,operator]
        .order_by(Invoice.due_date.desc())  # type: ignore[attr-defined]
        .limit(required)
    )
    months = [
        rules.MonthPaid(due, status == "paid", paid_on) for due, status, paid_on in rows.all()
    ]
    return rules.takeover_refusals(
        months, months_required=required, open_complaints=await open_count(session, lease.id)
    )


async def take_over(
    session: AsyncSession, actor: Actor, lease_id: str, *, takeover_on: date, today: date
) -> Lease:
    lease = await get_lease(session, lease_id)
    if lease.status != "active":
        raise Conflict("only an active lease can be taken over")
    reasons = await refusals(session, lease, today=today)
    if reasons:
        raise Conflict(" ".join(reasons))
    head = await session.get(HeadLease, lease.head_lease_id)
    assert head is not None
    lease.status, lease.end_reason, lease.end_date = "ended", "takeover", takeover_on
    head.status, head.end_date = "taken_over", takeover_on
    for payload, subject in (
        (LeaseEndedV1(lease_id=lease.id, household_id=lease.household_id,
                      apartment_id=lease.apartment_id, district=lease.district,
                      ended_on=takeover_on, reason="takeover"), lease.id),
        (ApartmentLeftPoolV1(apartment_id=lease.apartment_id, lease_id=lease.id,
                             household_id=lease.household_id, district=lease.district,
                             left_on=takeover_on), lease.apartment_id),
    ):  # fmt: skip
        await add_to_outbox(
            session, make_event(payload, source=SOURCE, subject=subject, district=lease.district)
        )
    await session.flush()
    return lease
