"""Bodies of the rent-run and invoice API (CONTRACTS.md, exactly)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from tenancy.districts.service import format_bankgiro
from tenancy.ledger.rules import InvoiceStatus
from tenancy.rent.models import Invoice, RentRun


class RentRunRequest(BaseModel):
    district: str = Field(min_length=1, max_length=64)
    month: str = Field(description="YYYY-MM", examples=["2027-01"])


class RentRunView(BaseModel):
    rent_run_id: str
    month: str
    invoices: int
    amount_ore: int


class InvoiceView(BaseModel):
    invoice_id: str
    lease_id: str
    month: str
    bankgiro: str = Field(description="The number the tenant pays to, as on the printed avi")
    ocr: str
    amount_ore: int
    due_date: date
    paid_ore: int
    status: InvoiceStatus


def run_view(run: RentRun) -> RentRunView:
    return RentRunView(
        rent_run_id=run.id, month=run.month, invoices=run.invoices, amount_ore=run.amount_ore
    )


def invoice_view(invoice: Invoice, bankgiro: str) -> InvoiceView:
    return InvoiceView(
        invoice_id=invoice.id,
        lease_id=invoice.lease_id,
        month=invoice.month,
        bankgiro=format_bankgiro(bankgiro),
        ocr=invoice.ocr,
        amount_ore=invoice.amount_ore,
        due_date=invoice.due_date,
        paid_ore=invoice.paid_ore,
        status=invoice.status,  # type: ignore[arg-type]
    )
