"""Bodies of the payment-file and unmatched-payment API (CONTRACTS.md, exactly)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from tenancy.payments.models import Payment


class PaymentFileResult(BaseModel):
    file_id: str
    payments: int
    matched: int
    unmatched: int
    amount_ore: int


class UnmatchedPaymentView(BaseModel):
    payment_id: str
    district: str
    bankgiro: str
    reference: str
    amount_ore: int
    payment_date: date
    payer_name: str | None
    reason: str | None
    file_id: str
    line: int


class AllocationRequest(BaseModel):
    lease_id: str = Field(max_length=64)
    invoice_id: str | None = Field(default=None, max_length=64)
    note: str = Field(min_length=3, max_length=500, description="why this lease")


class AllocatedPaymentView(BaseModel):
    payment_id: str
    lease_id: str
    invoice_id: str | None
    amount_ore: int
    allocated_by: str
    allocated_at: datetime
    note: str


def unmatched_view(payment: Payment) -> UnmatchedPaymentView:
    return UnmatchedPaymentView(
        payment_id=payment.id,
        district=payment.district,
        bankgiro=payment.bankgiro,
        reference=payment.reference,
        amount_ore=payment.amount_ore,
        payment_date=payment.payment_date,
        payer_name=payment.payer_name,
        reason=payment.unmatched_reason,
        file_id=payment.file_id,
        line=payment.line,
    )


def allocated_view(payment: Payment) -> AllocatedPaymentView:
    assert payment.lease_id and payment.allocated_by and payment.allocated_at
    return AllocatedPaymentView(
        payment_id=payment.id,
        lease_id=payment.lease_id,
        invoice_id=payment.invoice_id,
        amount_ore=payment.amount_ore,
        allocated_by=payment.allocated_by,
        allocated_at=payment.allocated_at,
        note=payment.allocation_note or "",
    )
