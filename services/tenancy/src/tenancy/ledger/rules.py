"""How money meets invoices. Pure.

A payment is applied first to the invoice its OCR names, then to the lease's
other open invoices oldest due date first (a tenant catching up pays two months
with one avi), and what remains is credit on the ledger. Decision (README):
landlords' reskontra do the same, and it keeps the arrears list truthful.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EntryKind = Literal["invoice", "payment", "credit", "reversal", "write_off", "debt_transfer"]
InvoiceStatus = Literal["open", "partly_paid", "paid", "credited"]


@dataclass(frozen=True)
class OpenInvoice:
    invoice_id: str
    due_date_ordinal: int
    outstanding_ore: int


def apply_payment(
    amount_ore: int, target: OpenInvoice | None, others: list[OpenInvoice]
) -> tuple[list[tuple[str, int]], int]:
    """→ ([(invoice_id, applied öre)], credit öre). `amount_ore` must be positive."""
    if amount_ore <= 0:
        raise ValueError("only positive payments are applied")
    left = amount_ore
    applied: list[tuple[str, int]] = []
    queue = ([target] if target else []) + sorted(
        (o for o in others if target is None or o.invoice_id != target.invoice_id),
        key=lambda o: o.due_date_ordinal,
    )
    for invoice in queue:
        if left == 0:
            break
        share = min(left, invoice.outstanding_ore)
        if share > 0:
            applied.append((invoice.invoice_id, share))
            left -= share
    return applied, left


def invoice_status(amount_ore: int, paid_ore: int, *, credited: bool = False) -> InvoiceStatus:
    if credited:
        return "credited"
    if paid_ore >= amount_ore:
        return "paid"
    return "partly_paid" if paid_ore > 0 else "open"
