"""Bodies of the ledger API."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from tenancy.ledger.models import LedgerEntry
from tenancy.ledger.rules import EntryKind


class LedgerEntryView(BaseModel):
    entry_id: str
    kind: EntryKind
    booked_on: date
    amount_ore: int = Field(description="positive increases what the tenant owes")
    invoice_id: str | None
    payment_id: str | None
    reverses_id: str | None
    note: str | None
    created_by: str


class LedgerView(BaseModel):
    lease_id: str
    entries: list[LedgerEntryView]
    balance_ore: int = Field(description="the sum of the entries; positive = the tenant owes")


class ReversalRequest(BaseModel):
    entry_id: str = Field(max_length=64)
    reason: str = Field(min_length=3, max_length=500)
    booked_on: date


class WriteOffRequest(BaseModel):
    amount_ore: int = Field(gt=0)
    reason: str = Field(min_length=3, max_length=500)
    booked_on: date


def entry_view(entry: LedgerEntry) -> LedgerEntryView:
    return LedgerEntryView(
        entry_id=entry.id,
        kind=entry.kind,  # type: ignore[arg-type]
        booked_on=entry.booked_on,
        amount_ore=entry.amount_ore,
        invoice_id=entry.invoice_id,
        payment_id=entry.payment_id,
        reverses_id=entry.reverses_id,
        note=entry.note,
        created_by=entry.created_by,
    )


def ledger_view(lease_id: str, entries: list[LedgerEntry]) -> LedgerView:
    return LedgerView(
        lease_id=lease_id,
        entries=[entry_view(e) for e in entries],
        balance_ore=sum(e.amount_ore for e in entries),
    )
