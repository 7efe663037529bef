"""The rent run for 100,000 subleases on PostgreSQL, beside a bare bulk insert of the same rows.

    uv run python bench/rent_run.py [--subleases 100000]

Arranges a fresh PostgreSQL database (as the test suite does) with one
district of N active subleases, then measures in the same run:

  rent run     tenancy.rent.service.run_rent for one month: reads the leases,
               their rents and credits, computes every invoice (OCR, pro rata,
               due date) and writes the invoices and their ledger entries
  bulk insert  the same rows (as produced by the run) inserted with one bare
               executemany per table into copies of the two tables with the
               same indexes and constraints, nothing computed

and prints both and their ratio (the target is the rent run within 3x of the
bulk insert). No assertion: a benchmark reports, a test decides. The Swedish
holiday calendar is loaded before the clock starts, as in a running service
(the `holidays` package takes about half a second to import, once).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, text

from bostad_common.auth.actor import Actor
from bostad_common.auth.district_scope import bind_principal
from bostad_common.auth.principal import SYSTEM
from bostad_common.db import make_engine, make_session_factory, migrate, unit_of_work
from bostad_common.db_types import new_id, utcnow
from bostad_common.settings import Settings
from bostad_devkit import testing
from tenancy.leases.models import HeadLease, Lease, RentChange
from tenancy.ledger.models import LedgerEntry
from tenancy.rent.models import Invoice
from tenancy.rent.rules import Month, due_date
from tenancy.rent.service import run_rent

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = ROOT / "services" / "tenancy" / "src" / "tenancy" / "migrations"
CHUNK = 5_000


async def arrange(sessions, count: int) -> None:  # type: ignore[no-untyped-def]
    start = date(2026, 1, 1)
    for first in range(0, count, CHUNK):
        heads, leases, rents = [], [], []
        for number in range(first + 1, min(count, first + CHUNK) + 1):
            head_id, lease_id = new_id(), new_id()
            heads.append(
                {
                    "id": head_id,
                    "district": "bromma",
                    "apartment_id": f"apt-{number}",
                    "landlord_id": "bench",
                    "street": "Benchgatan 1",
                    "postal_code": "16731",
                    "city": "Bromma",
                    "apartment_number": None,
                    "rooms": 2,
                    "size_m2": 50,
                    "rent_ore": 600_000,
                    "start_date": start,
                    "end_date": None,
                    "status": "active",
                }
            )
            # Every tenth lease starts mid-month: the run computes pro rata for those.
            moved_in = date(2027, 1, 16) if number % 10 == 0 else start
            leases.append(
                {
                    "id": lease_id,
                    "district": "bromma",
                    "lease_number": number,
                    "head_lease_id": head_id,
                    "household_id": f"h-{number}",
                    "decision_id": f"d-{number}",
                    "offer_id": f"o-{number}",
                    "apartment_id": f"apt-{number}",
                    "housing_type": "social_contract",
                    "includes_housing_support": False,
                    "household_size": 1,
                    "tenant_personal_number": "19121212-1212",
                    "tenant_name": "Bench Bänksson",
                    "tenant_phone": None,
                    "tenant_email": None,
                    "caseworker": None,
                    "terms": {},
                    "status": "active",
                    "start_date": moved_in,
                    "end_date": None,
                    "end_reason": None,
                    "signed_at": utcnow(),
                    "signed_by": "bench",
                    "keys_handed_over_on": moved_in,
                    "created_at": utcnow(),
                }
            )
            rents.append(
                {
                    "id": new_id(),
                    "district": "bromma",
                    "lease_id": lease_id,
                    "effective_from": moved_in,
                    "rent_ore": 600_000 + number % 5_000,
                    "changed_by": "bench",
                    "changed_at": utcnow(),
                }
            )
        async with unit_of_work(sessions) as session:
            bind_principal(session, SYSTEM)
            await session.execute(insert(HeadLease), heads)
            await session.execute(insert(Lease), leases)
            await session.execute(insert(RentChange), rents)


async def main(count: int) -> None:
    url = await testing.create_database("benchrent")
    engine = make_engine(url)
    try:
        await migrate(engine, MIGRATIONS)
        sessions = make_session_factory(engine)
        t0 = time.perf_counter()
        await arrange(sessions, count)
        print(f"arranged {count} subleases in {time.perf_counter() - t0:.1f} s")
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))

        actor = Actor.system(Settings().pseudonym_key)
        due_date(Month(2027, 1))  # load the holiday calendar, as a running service has
        t0 = time.perf_counter()
        async with unit_of_work(sessions) as session:
            bind_principal(session, SYSTEM)
            result = await run_rent(session, actor, district="bromma", month_text="2027-01")
        run_seconds = time.perf_counter() - t0
        assert result.created and result.run.invoices == count

        # The bare baseline: the very rows the run wrote, into same-shaped copies.
        async with unit_of_work(sessions) as session:
            bind_principal(session, SYSTEM)
            invoices = [dict(r._mapping) for r in await session.execute(select(Invoice.__table__))]
            entries = [
                dict(r._mapping) for r in await session.execute(select(LedgerEntry.__table__))
            ]
        async with engine.begin() as conn:
            for table in ("invoices", "ledger_entries"):
                await conn.execute(text(f"CREATE TABLE bench_{table} (LIKE {table} INCLUDING ALL)"))
        invoice_copy = Invoice.__table__.to_metadata(
            Invoice.metadata.__class__(), name="bench_invoices"
        )
        entry_copy = LedgerEntry.__table__.to_metadata(
            LedgerEntry.metadata.__class__(), name="bench_ledger_entries"
        )
        for table in (invoice_copy, entry_copy):
            table.foreign_keys.clear()
        t0 = time.perf_counter()
        async with engine.begin() as conn:
            await conn.execute(insert(invoice_copy), invoices)
            await conn.execute(insert(entry_copy), entries)
        bulk_seconds = time.perf_counter() - t0

        print(f"rent run     {count} invoices + ledger entries: {run_seconds:8.2f} s")
        print(f"bulk insert  the same rows, bare:               {bulk_seconds:8.2f} s")
        print(f"ratio        {run_seconds / bulk_seconds:.2f}x (target <= 3x)")
    finally:
        await engine.dispose()
        await testing.drop_database(url)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subleases", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().subleases))
