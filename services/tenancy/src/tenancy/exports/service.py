"""What the exports read: a district's ledger entries booked in a month."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from tenancy.arrears.schemas import kronor
from tenancy.leases.models import Lease
from tenancy.ledger.models import LedgerEntry
from tenancy.rent.rules import Month


@dataclass(frozen=True)
class ExportRow:
    lease: Lease
    entry: LedgerEntry
    original_kind: str | None


async def entries_in_month(session: AsyncSession, district: str, month: Month) -> list[ExportRow]:
    original = aliased(LedgerEntry)
    rows = await session.execute(
        select(Lease, LedgerEntry, original.kind)
        .join(Lease, Lease.id == LedgerEntry.lease_id)  # type: ignore[arg-type]
        .outerjoin(original, original.id == LedgerEntry.reverses_id)  # type: ignore[arg-type]
        .where(
            LedgerEntry.district == district,  # type: ignore[arg-type]
            LedgerEntry.booked_on >= month.first_day,  # type: ignore[arg-type,operator]
            LedgerEntry.booked_on <= month.last_day,  # type: ignore[arg-type,operator]
        )
        .order_by(Lease.lease_number, LedgerEntry.booked_on, LedgerEntry.created_at)  # type: ignore[arg-type]
    )
    return [ExportRow(lease, entry, kind) for lease, entry, kind in rows.all()]


KIND_LABELS = {
    "invoice": "hyresavi",
    "payment": "inbetalning",
    "credit": "tillgodo",
    "reversal": "rättelse",
    "write_off": "avskrivning",
    "debt_transfer": "skuld efter avflyttning",
}


def ledger_csv(rows: list[ExportRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Kontrakt", "Hyresgäst", "Bokföringsdag", "Post", "Belopp (kr)", "Anteckning"])
    for row in rows:
        writer.writerow(
            [row.lease.lease_number, row.lease.tenant_name, row.entry.booked_on.isoformat(),
             KIND_LABELS.get(row.entry.kind, row.entry.kind), kronor(row.entry.amount_ore),
             row.entry.note or ""]
        )  # fmt: skip
    return out.getvalue()
