"""The ledger of a lease: booking entries, reversing them, the balance as their sum."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.domain_errors import Conflict, NotFound
from tenancy.leases.models import Lease
from tenancy.ledger.models import LedgerEntry
from tenancy.ledger.rules import EntryKind, OpenInvoice, apply_payment, invoice_status
from tenancy.rent.models import Invoice


def entry(
    lease_id: str,
    district: str,
    kind: EntryKind,
    amount_ore: int,
    booked_on: date,
    created_by: str,
    **extra: object,
) -> LedgerEntry:
    return LedgerEntry(
        lease_id=lease_id,
        district=district,
        kind=kind,
        amount_ore=amount_ore,
        booked_on=booked_on,
        created_by=created_by,
        **extra,  # type: ignore[arg-type]
    )


async def entries_of(session: AsyncSession, lease_id: str) -> list[LedgerEntry]:
    rows = await session.execute(
        select(LedgerEntry)
        .where(LedgerEntry.lease_id == lease_id)  # type: ignore[arg-type]
        .order_by(LedgerEntry.booked_on, LedgerEntry.created_at)  # type: ignore[arg-type]
    )
    return list(rows.scalars())


async def balance_of(session: AsyncSession, lease_id: str) -> int:
    total = await session.execute(
        select(func.coalesce(func.sum(LedgerEntry.amount_ore), 0)).where(
            LedgerEntry.lease_id == lease_id  # type: ignore[arg-type]
        )
    )
    return int(total.scalar_one())


async def open_invoices(session: AsyncSession, lease_id: str) -> list[Invoice]:
    rows = await session.execute(
        select(Invoice)
        .where(
            Invoice.lease_id == lease_id,  # type: ignore[arg-type]
            Invoice.status.in_(("open", "partly_paid")),  # type: ignore[attr-defined]
        )
        .order_by(Invoice.due_date)  # type: ignore[arg-type]
    )
    return list(rows.scalars())


async def book_payment(
    session: AsyncSession,
    *,
    lease_id: str,
    district: str,
    amount_ore: int,
    booked_on: date,
    target: Invoice | None,
    payment_id: str,
    created_by: str,
) -> None:
    """Apply a payment to the invoices (rules.apply_payment) and book it on the ledger."""
    invoices = {i.id: i for i in await open_invoices(session, lease_id)}
    if target is not None:
        invoices.setdefault(target.id, target)

    def as_open(i: Invoice) -> OpenInvoice:
        # A credited invoice is owed no more: money sent to its OCR goes on to the others.
        owed = 0 if i.status == "credited" else max(0, i.amount_ore - i.paid_ore)
        return OpenInvoice(i.id, i.due_date.toordinal(), owed)

    applied, credit = apply_payment(
        amount_ore,
        as_open(target) if target is not None else None,
        [as_open(i) for i in invoices.values()],
    )
    for invoice_id, share in applied:
        invoice = invoices[invoice_id]
        invoice.paid_ore += share
        invoice.status = invoice_status(invoice.amount_ore, invoice.paid_ore)
        session.add(
            entry(lease_id, district, "payment", -share, booked_on, created_by,
                  invoice_id=invoice_id, payment_id=payment_id)
        )  # fmt: skip
    if credit:
        session.add(
            entry(lease_id, district, "credit", -credit, booked_on, created_by,
                  payment_id=payment_id, note="överbetalning, tillgodo")
        )  # fmt: skip
    await session.flush()


async def write_off(
    session: AsyncSession, actor: Actor, lease_id: str, *, amount_ore: int, reason: str, on: date
) -> LedgerEntry:
    """A debt that will not be collected is written off: an entry lowering the balance.

    Applied to the oldest open invoices like a payment, so the arrears list and
    the ladder stop counting what was written off.
    """
    balance = await balance_of(session, lease_id)
    if amount_ore > balance:
        raise Conflict("more than the tenant owes")
    invoices = await open_invoices(session, lease_id)
    district = invoices[0].district if invoices else None
    left = amount_ore
    for invoice in invoices:
        share = min(left, invoice.amount_ore - invoice.paid_ore)
        if share > 0:
            invoice.paid_ore += share
            invoice.status = invoice_status(invoice.amount_ore, invoice.paid_ore)
            left -= share
    if district is None:
        lease = await session.get(Lease, lease_id)
        assert lease is not None
        district = lease.district
    written = entry(lease_id, district, "write_off", -amount_ore, on, actor.name, note=reason)
    session.add(written)
    await session.flush()
    return written


async def reverse(
    session: AsyncSession, actor: Actor, lease_id: str, entry_id: str, *, reason: str, on: date
) -> LedgerEntry:
    """A correction: an entry with the opposite amount that names the one it reverses."""
    original = await session.get(LedgerEntry, entry_id)
    if original is None or original.lease_id != lease_id:
        raise NotFound("ledger entry not found")
    if original.kind == "reversal":
        raise Conflict("a reversal cannot be reversed; book a new entry instead")
    already = await session.execute(
        select(LedgerEntry.id).where(LedgerEntry.reverses_id == original.id)  # type: ignore[arg-type]
    )
    if already.first() is not None:
        raise Conflict("the entry is already reversed")
    reversal = entry(
        lease_id, original.district, "reversal", -original.amount_ore, on, actor.name,
        reverses_id=original.id, invoice_id=original.invoice_id, note=reason,
    )  # fmt: skip
    session.add(reversal)
    if original.kind == "invoice" and original.invoice_id:
        invoice = await session.get(Invoice, original.invoice_id)
        if invoice is not None:
            invoice.status = "credited"
    elif original.kind == "payment" and original.invoice_id:
        invoice = await session.get(Invoice, original.invoice_id)
        if invoice is not None:
            invoice.paid_ore += original.amount_ore  # the payment's amount is negative
            invoice.status = invoice_status(invoice.amount_ore, invoice.paid_ore)
    await session.flush()
    return reversal
