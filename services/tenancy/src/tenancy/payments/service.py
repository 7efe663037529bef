"""Booking a BgMax file, and allocating unmatched payments by hand.

CONTRACTS.md: the file is checked whole before anything is booked (`bgmax.parse`);
every deposit's payee bankgiro must be a district's, and a fee officer may
import only deposits to their own districts' bankgiro numbers. The same file
(same bytes, SHA-256) again books nothing and returns the first result. A
payment whose reference is a valid OCR of an invoice of that district is
booked against it; any other goes to the unmatched list with the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bostad_common.auth.actor import Actor
from bostad_common.db_types import insert_if_absent, new_id
from bostad_common.domain_errors import Conflict, NotFound, NotPermitted
from bostad_common.http_errors import FieldErrors
from tenancy.districts import service as districts
from tenancy.leases.models import Lease
from tenancy.ledger import service as ledger
from tenancy.payments import bgmax
from tenancy.payments.models import Payment, PaymentFile
from tenancy.rent.models import Invoice
from tenancy.rent.rules import ocr_problem


@dataclass(frozen=True)
class ImportResult:
    body: dict[str, Any]
    created: bool


def _unmatched_reason(payment: bgmax.BgMaxPayment) -> str | None:
    if payment.is_deduction:
        return "avdrag (TK21): hanteras manuellt"
    if payment.extra_references:
        return "betalningen avser flera referenser (TK22/TK23): fördelas manuellt"
    problem = ocr_problem(payment.reference)
    return f"referensen är inte ett giltigt OCR-nummer: {problem}" if problem else None


async def _previous_import(session: AsyncSession, digest: str) -> PaymentFile | None:
    statement = select(PaymentFile).where(PaymentFile.sha256 == digest)  # type: ignore[arg-type]
    return (
        await session.execute(statement.execution_options(populate_existing=True))
    ).scalar_one_or_none()


async def import_file(
    session: AsyncSession, actor: Actor, data: bytes, *, now: datetime
) -> ImportResult:
    digest = hashlib.sha256(data).hexdigest()
    previous = await _previous_import(session, digest)
    if previous is not None:
        return ImportResult(previous.result, created=False)
    try:
        parsed = bgmax.parse(data)
    except bgmax.BgMaxError as exc:
        raise FieldErrors(
            [{"field": f"line {exc.line}" if exc.line else "file", "message": exc.problem}]
        ) from None
    configs = await districts.by_bankgiro(session)
    for deposit in parsed.deposits:
        config = configs.get(deposit.payee_bankgiro)
        if config is None:
            raise FieldErrors(
                [{"field": f"line {deposit.line}",
                  "message": "the deposit's payee bankgiro belongs to no district"}]
            )  # fmt: skip
        if not actor.principal.in_district(config.code):
            raise NotPermitted("the file has deposits to another district's bankgiro")

    file_id = new_id()
    inserted = await insert_if_absent(
        session,
        PaymentFile,
        {"id": file_id, "sha256": digest, "result": {}, "imported_by": actor.name,
         "imported_at": now},
        ["sha256"],
    )  # fmt: skip
    if not inserted:
        # The same file, imported concurrently: PostgreSQL let this INSERT wait for
        # the other transaction's commit, which a new SELECT now sees.
        first = await _previous_import(session, digest)
        if first is None:
            raise Conflict("the same file is being imported right now; send it again")
        return ImportResult(first.result, created=False)
    matched = unmatched = total = 0
    invoices = await _invoices_by_ocr(session, parsed)
    for deposit in parsed.deposits:
        district = configs[deposit.payee_bankgiro].code
        assert deposit.payment_date is not None
        for item in deposit.payments:
            amount = -item.amount_ore if item.is_deduction else item.amount_ore
            total += amount
            reason = _unmatched_reason(item)
            invoice = None
            if reason is None:
                invoice = invoices.get((district, item.reference))
                if invoice is None:
                    reason = "ingen hyresavi med det OCR-numret"
                elif amount == 0:
                    reason = "beloppet är noll"
            payment = Payment(
                id=new_id(),
                district=district,
                file_id=file_id,
                line=item.line,
                bankgiro=deposit.payee_bankgiro,
                reference=item.reference,
                amount_ore=amount,
                payment_date=deposit.payment_date,
                bgc_serial=item.bgc_serial,
                payer_name=item.payer_name,
                status="unmatched" if reason else "matched",
                unmatched_reason=reason,
                lease_id=invoice.lease_id if invoice else None,
                invoice_id=invoice.id if invoice else None,
            )
            session.add(payment)
            if invoice is not None:
                matched += 1
                await ledger.book_payment(
                    session,
                    lease_id=invoice.lease_id,
                    district=district,
                    amount_ore=amount,
                    booked_on=deposit.payment_date,
                    target=invoice,
                    payment_id=payment.id,
                    created_by=actor.name,
                )
            else:
                unmatched += 1
    body = {"file_id": file_id, "payments": matched + unmatched, "matched": matched,
            "unmatched": unmatched, "amount_ore": total}  # fmt: skip
    stored = await session.get(PaymentFile, file_id)
    assert stored is not None
    stored.result = body
    await session.flush()
    return ImportResult(body, created=True)


async def _invoices_by_ocr(
    session: AsyncSession, parsed: bgmax.BgMaxFile
) -> dict[tuple[str, str], Invoice]:
    """The invoices the file's references name, in one query: (district, ocr) → invoice."""
    references = list({p.reference for p in parsed.payments if p.reference.isdigit()})
    found: dict[tuple[str, str], Invoice] = {}
    for start in range(0, len(references), 1000):
        rows = await session.execute(
            select(Invoice).where(Invoice.ocr.in_(references[start : start + 1000]))  # type: ignore[attr-defined]
        )
        for invoice in rows.scalars():
            found[(invoice.district, invoice.ocr)] = invoice
    return found


async def unmatched_payments(
    session: AsyncSession, *, district: str | None, limit: int, offset: int
) -> list[Payment]:
    query = (
        select(Payment)
        .where(Payment.status == "unmatched")  # type: ignore[arg-type]
        .order_by(Payment.payment_date, Payment.line)  # type: ignore[arg-type]
    )
    if district:
        query = query.where(Payment.district == district)  # type: ignore[arg-type]
    return list((await session.execute(query.limit(limit).offset(offset))).scalars())


async def allocate(
    session: AsyncSession,
    actor: Actor,
    payment_id: str,
    *,
    lease_id: str,
    invoice_id: str | None,
    note: str,
    now: datetime,
) -> Payment:
    """Book an unmatched payment on a lease by hand; records who allocated what, and why."""
    payment = await session.get(Payment, payment_id)
    if payment is None:
        raise NotFound("payment not found")
    if payment.status != "unmatched":
        raise Conflict("the payment is already booked")
    if payment.amount_ore <= 0:
        raise Conflict("a deduction is not allocated to a lease; handle it with the bank")
    lease = await session.get(Lease, lease_id)
    if lease is None or lease.district != payment.district:
        raise FieldErrors(
            [{"field": "lease_id", "message": "no such lease in the payment's district"}]
        )
    invoice = None
    if invoice_id is not None:
        invoice = await session.get(Invoice, invoice_id)
        if invoice is None or invoice.lease_id != lease.id:
            raise FieldErrors([{"field": "invoice_id", "message": "not an invoice of that lease"}])
    payment.status = "allocated"
    payment.lease_id = lease.id
    payment.invoice_id = invoice.id if invoice else None
    payment.allocated_by = actor.name
    payment.allocated_at = now
    payment.allocation_note = note
    await ledger.book_payment(
        session,
        lease_id=lease.id,
        district=lease.district,
        amount_ore=payment.amount_ore,
        booked_on=payment.payment_date,
        target=invoice,
        payment_id=payment.id,
        created_by=actor.name,
    )
    return payment
