"""The monthly rent run (CONTRACTS.md "Bank payment files and rent") and the invoice list.

One run per district and month: the unique (district, month) row is inserted
first, so a second run of the same month — even a concurrent one — creates
nothing and answers with the first. Invoices and their ledger entries are
written in two bulk INSERTs, so a run for 100,000 subleases stays a handful
of statements (bench/rent_run.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.db_types import insert_if_absent, new_id, utcnow
from bostad_common.http_errors import FieldErrors
from tenancy.districts import service as districts
from tenancy.leases.models import Lease, RentChange
from tenancy.ledger.models import LedgerEntry
from tenancy.ledger.rules import invoice_status
from tenancy.rent import rules
from tenancy.rent.models import Invoice, RentRun

BILLABLE_STATUSES = ("active", "ended")


@dataclass(frozen=True)
class RentRunResult:
    run: RentRun
    created: bool


def parse_month(text: str) -> rules.Month:
    try:
        return rules.Month.parse(text)
    except rules.InvalidMonth as exc:
        raise FieldErrors([{"field": "month", "message": str(exc)}]) from None


async def run_rent(
    session: AsyncSession, actor: Actor, *, district: str, month_text: str
) -> RentRunResult:
    month = parse_month(month_text)
    if await districts.get(session, district) is None:
        raise FieldErrors([{"field": "district", "message": "unknown district"}])
    run_id = new_id()
    inserted = await insert_if_absent(
        session,
        RentRun,
        {"id": run_id, "district": district, "month": str(month), "invoices": 0,
         "amount_ore": 0, "run_by": actor.name, "run_at": utcnow()},
        ["district", "month"],
    )  # fmt: skip
    if not inserted:
        existing = (
            await session.execute(
                select(RentRun).where(
                    RentRun.district == district,  # type: ignore[arg-type]
                    RentRun.month == str(month),  # type: ignore[arg-type]
                )
            )
        ).scalar_one()
        return RentRunResult(existing, created=False)

    leases = (
        await session.execute(
            select(Lease.id, Lease.lease_number, Lease.start_date, Lease.end_date).where(
                Lease.district == district,  # type: ignore[arg-type]
                Lease.status.in_(BILLABLE_STATUSES),  # type: ignore[attr-defined]
                Lease.start_date <= month.last_day,  # type: ignore[arg-type,operator]
                or_(Lease.end_date.is_(None), Lease.end_date >= month.first_day),  # type: ignore[union-attr,operator]
            )
        )
    ).all()
    periods: dict[str, list[rules.RentPeriod]] = defaultdict(list)
    for lease_id, effective_from, rent_ore in (
        await session.execute(
            select(RentChange.lease_id, RentChange.effective_from, RentChange.rent_ore).where(
                RentChange.district == district,  # type: ignore[arg-type]
                RentChange.effective_from <= month.last_day,  # type: ignore[arg-type,operator]
            )
        )
    ).all():
        periods[lease_id].append(rules.RentPeriod(effective_from, rent_ore))
    # Credit (a negative balance) is used against the new invoice at once.
    credit = {
        lease_id: -total
        for lease_id, total in (
            await session.execute(
                select(LedgerEntry.lease_id, func.sum(LedgerEntry.amount_ore))
                .where(LedgerEntry.district == district)  # type: ignore[arg-type]
                .group_by(LedgerEntry.lease_id)
                .having(func.sum(LedgerEntry.amount_ore) < 0)
            )
        ).all()
    }
    already_billed = set(
        (
            await session.execute(
                select(Invoice.lease_id).where(
                    Invoice.district == district,  # type: ignore[arg-type]
                    Invoice.month == str(month),  # type: ignore[arg-type]
                )
            )
        ).scalars()
    )
    due = rules.due_date(month)
    invoices: list[dict[str, object]] = []
    entries: list[dict[str, object]] = []
    now = utcnow()
    for lease_id, lease_number, start, end in leases:
        if lease_id in already_billed:
            continue
        amount = rules.rent_for_month(
            month, lease_start=start, lease_end=end, rents=periods[lease_id]
        )
        if amount == 0:
            continue
        invoice_id = new_id()
        paid = min(amount, credit.get(lease_id, 0))
        invoices.append(
            {"id": invoice_id, "district": district, "lease_id": lease_id,
             "rent_run_id": run_id, "month": str(month),
             "ocr": rules.invoice_ocr(lease_number, month), "amount_ore": amount,
             "due_date": due, "paid_ore": paid,
             "status": invoice_status(amount, paid)}
        )  # fmt: skip
        entries.append(
            {"id": new_id(), "district": district, "lease_id": lease_id, "kind": "invoice",
             "amount_ore": amount, "booked_on": booking_day(due, month, start),
             "invoice_id": invoice_id, "payment_id": None, "reverses_id": None,
             "note": f"hyra {month}", "created_by": actor.name, "created_at": now}
        )  # fmt: skip
    if invoices:
        await session.execute(insert(Invoice), invoices)
        await session.execute(insert(LedgerEntry), entries)
    run = await session.get(RentRun, run_id)
    assert run is not None
    run.invoices = len(invoices)
    run.amount_ore = sum(int(i["amount_ore"]) for i in invoices)  # type: ignore[call-overload]
    await session.flush()
    return RentRunResult(run, created=True)


def booking_day(due: date, month: rules.Month, lease_start: date) -> date:
    """An invoice is booked on its due date, or when the lease starts if that is later."""
    return max(due, min(lease_start, month.first_day))


async def list_invoices(
    session: AsyncSession,
    *,
    district: str | None,
    month: str | None,
    lease_id: str | None,
    limit: int,
    offset: int,
) -> list[Invoice]:
    query = select(Invoice).order_by(Invoice.month, Invoice.ocr)  # type: ignore[arg-type]
    if district:
        query = query.where(Invoice.district == district)  # type: ignore[arg-type]
    if month:
        query = query.where(Invoice.month == str(parse_month(month)))  # type: ignore[arg-type]
    if lease_id:
        query = query.where(Invoice.lease_id == lease_id)  # type: ignore[arg-type]
    return list((await session.execute(query.limit(limit).offset(offset))).scalars())
